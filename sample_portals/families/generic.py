"""Generic CMS sites: rows in <dl><dd>/<div>/<table>, dates in <i>/<b>/<em>/<td>, ?page=N with 下一页/尾页."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sample_portals.families.base import Site, chunks, esc, query_page_key, query_pager
from sample_portals.model import Column, Posting

ROW_STYLES = ("dd_i", "div_b", "dd_em_index", "table_td")


class GenericSite(Site):
    family = "generic"
    page_size = 20
    related_label = "原文链接"

    def list_path(self, column: Column, page: int) -> str:
        return query_page_key(f"/{column.slug}/list.html", page)

    def detail_path(self, column: Column, posting: Posting) -> str:
        return f"/{column.slug}/content_{posting.uid}.html"

    def row_style(self, column: Column) -> str:
        return ROW_STYLES[list(self.portal.columns).index(column.key) % len(ROW_STYLES)]

    def render_rows(self, style: str, group: list[Posting]) -> str:
        day = date.isoformat
        if style == "dd_i":
            # The date sits inside the link: it must not become part of the title.
            items = "".join(f'<dd><a href="{esc(self.href(p))}">{esc(p.title)}<i>{day(p.published)}</i></a></dd>'
                            for p in group)
            return f'<dl class="list">{items}</dl>'
        if style == "div_b":
            items = "".join(f'<div class="item"><a href="{esc(self.href(p))}">{esc(p.title)}</a>'
                            f"<b>{day(p.published)}</b></div>" for p in group)
            return f'<div class="list">{items}</div>'
        if style == "dd_em_index":
            # 索引号 such as 2025-02-00018 beside the row is not a date.
            items = "".join(f'<dd><span class="syh">{esc(p.index_no or "")}</span>'
                            f'<a href="{esc(self.href(p))}">{esc(p.title)}</a><em>{day(p.published)}</em></dd>'
                            for p in group)
            return f'<dl class="list">{items}</dl>'
        items = "".join(f'<tr><td><a href="{esc(self.href(p))}">{esc(p.title)}</a></td>'
                        f"<td>{day(p.published)}</td></tr>" for p in group)
        return f'<table class="list">{items}</table>'

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        groups = chunks(column.postings, self.page_size)
        style = self.row_style(column)
        for number, group in enumerate(groups, start=1):
            yield self.list_path(column, number), (
                f'<div class="main"><h2>{esc(column.label)}</h2>{self.render_rows(style, group)}'
                f"{query_pager(number, len(groups), len(column.postings))}</div>")

    def render_detail_meta(self, posting: Posting) -> str:
        # The comment imitates a template leftover: hidden, wrong, and not to be trusted.
        fake = f"<!-- 发布日期：2019-01-01 文号：{self.portal.place[0]}政发〔2019〕1号 -->"
        parts = [f"<span>发布日期：{posting.published.isoformat()}</span>",
                 f"<span>来源：{esc(posting.publisher)}</span>"]
        if posting.index_no:
            parts.append(f"<span>索引号：{esc(posting.index_no)}</span>")
        if posting.doc_no:
            parts.append(f"<span>文号：{esc(posting.doc_no)}</span>")
        if posting.written:
            parts.append(f"<span>成文日期：{posting.written.isoformat()}</span>")
        return fake + '<div class="meta">' + "".join(parts) + "</div>"
