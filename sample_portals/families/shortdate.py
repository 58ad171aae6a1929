"""Sites with year-less [12-30] list dates: the year is in the URL, or only on the detail page."""

from __future__ import annotations

from collections.abc import Iterable

from sample_portals.families.base import Site, chunks, esc
from sample_portals.model import Column, Posting


class ShortDateSite(Site):
    family = "shortdate"
    page_size = 16

    def year_only_on_detail(self, column: Column) -> bool:
        return column.key in self.portal.options.get("year_only_on_detail", [])

    def list_path(self, column: Column, page: int) -> str:
        return f"/{column.slug}/index.html" if page == 1 else f"/{column.slug}/index_{page}.html"

    def detail_path(self, column: Column, posting: Posting) -> str:
        if self.year_only_on_detail(column):
            return f"/info/{posting.uid}.html"
        d = posting.published
        return f"/{column.slug}/{d:%Y}/{d:%m}/a{posting.uid}.html"

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        groups = chunks(column.postings, self.page_size)
        for number, group in enumerate(groups, start=1):
            rows = "".join(f'<li><a href="{esc(self.href(p))}">{esc(p.title)}</a>'
                           f"<span>[{p.published:%m-%d}]</span></li>" for p in group)
            pager = [f"<span>第{number}页/共{len(groups)}页</span>"]
            if number > 1:
                pager.append(f'<a href="{self.list_path(column, number - 1)}">上一页</a>')
            if number < len(groups):
                pager.append(f'<a href="{self.list_path(column, number + 1)}">下一页</a>')
            yield self.list_path(column, number), (
                f'<div class="main"><h2>{esc(column.label)}</h2><ul class="list-short">{rows}</ul>'
                f'<div class="pager">{" ".join(pager)}</div></div>')

    def render_detail_meta(self, posting: Posting) -> str:
        parts = [f"发布日期：{posting.published.isoformat()}", f"来源：{esc(posting.publisher)}"]
        if posting.index_no:
            parts.append(f"索引号：{esc(posting.index_no)}")
        meta = '<div class="article-info">' + "　".join(parts) + "</div>"
        if posting.doc_no:
            written = posting.written.isoformat() if posting.written else ""
            meta += f'<div class="doc-info">文号：{esc(posting.doc_no)}　成文日期：{written}</div>'
        return meta
