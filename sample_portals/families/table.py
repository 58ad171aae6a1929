"""Table-layout sites: column tree in an <iframe>, <table> lists with 2025年3月11日 dates, ?page=N."""

from __future__ import annotations

from collections.abc import Iterable

from sample_portals.families.base import Site, chunks, cn_date, esc, query_page_key, query_pager
from sample_portals.model import Column, Fault, Portal, Posting, Response

TREE_PATH = "/xxgk/tree.html"
CALENDAR_PATH = "/calendar/"
CALENDAR_START = "2025-12"


def shift_month(month: str, delta: int) -> str:
    year, number = (int(x) for x in month.split("-"))
    index = year * 12 + number - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class TableSite(Site):
    family = "table"
    page_size = 15

    def __init__(self, portal: Portal) -> None:
        super().__init__(portal)
        slow_key = portal.options.get("slow_column")
        if slow_key:
            target = next(p for p in portal.columns[slow_key].postings if not p.external_url)
            self.slow_paths.add(target.path)
            portal.faults.append(Fault("slow", target.path, "该页面约 3 秒后才响应"))
        portal.faults.append(Fault("calendar_trap", f"{CALENDAR_PATH}?month={CALENDAR_START}",
                                   "活动日历页面无限链接上一月/下一月"))

    def list_path(self, column: Column, page: int) -> str:
        return query_page_key(f"/xxgk/{column.slug}/list.html", page)

    def detail_path(self, column: Column, posting: Posting) -> str:
        return f"/xxgk/{column.slug}/content_{posting.uid}.html"

    def dates_in_list(self, column: Column) -> bool:
        return column.key != self.portal.options.get("dates_only_on_detail")

    def render_all(self) -> None:
        super().render_all()
        tree = (f'<div class="tree"><h3>信息公开目录</h3><ul>{self.xxgk_links()}</ul></div>')
        self.pages[TREE_PATH] = self.html("信息公开目录", tree)

    def render_xxgk(self) -> str:
        return ('<table class="layout" width="100%"><tr><td width="220" valign="top">'
                f'<iframe src="{TREE_PATH}" name="tree" width="220" height="600" frameborder="0"></iframe>'
                '</td><td valign="top"><h2>政府信息公开</h2><p>请在左侧目录中选择栏目。</p></td></tr></table>')

    def xxgk_links(self) -> str:
        return "".join(f'<li><a href="{esc(self.column_href(c))}" target="_top">{esc(c.label)}</a></li>'
                       for c in self.portal.columns.values())

    def homepage_extras(self) -> str:
        return f'<div class="box"><a href="{CALENDAR_PATH}?month={CALENDAR_START}">活动日历</a></div>'

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        groups = chunks(column.postings, self.page_size)
        with_dates = self.dates_in_list(column)
        header = "<tr><th>序号</th><th>标题</th><th>文号</th>" + ("<th>发布日期</th>" if with_dates else "") + "</tr>"
        for number, group in enumerate(groups, start=1):
            rows = []
            for n, posting in enumerate(group, start=(number - 1) * self.page_size + 1):
                date_cell = f"<td>{cn_date(posting.published)}</td>" if with_dates else ""
                rows.append(f'<tr><td>{n}</td><td><a href="{esc(self.href(posting))}">{esc(posting.title)}</a>'
                            f"</td><td>{esc(posting.doc_no or '')}</td>{date_cell}</tr>")
            yield self.list_path(column, number), (
                f'<table width="100%"><tr><td><h2>{esc(column.label)}</h2>'
                f'<table class="list-table" width="100%">{header}{"".join(rows)}</table>'
                f"{query_pager(number, len(groups), len(column.postings))}</td></tr></table>")

    def render_detail_meta(self, posting: Posting) -> str:
        meta = f'<div class="info">发布时间：{posting.published.isoformat()} 来源：{esc(posting.publisher)}</div>'
        rows = [("索引号", posting.index_no or "")]
        if posting.doc_no:
            rows.append(("文号", posting.doc_no))
        if posting.written:
            rows.append(("成文日期", cn_date(posting.written)))
        return meta + '<table class="doc-meta">' + "".join(
            f"<tr><th>{name}</th><td>{esc(value)}</td></tr>" for name, value in rows) + "</table>"

    def dynamic(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                body: bytes) -> Response | None:
        if path != CALENDAR_PATH:
            return None
        month = query.get("month", [CALENDAR_START])[0]
        try:
            previous, following = shift_month(month, -1), shift_month(month, 1)
        except ValueError:
            return self.not_found()
        return self.html(f"活动日历 {month}", (
            f'<div class="calendar"><h2>{esc(month)} 活动日历</h2><p>本月暂无活动安排。</p>'
            f'<a href="?month={previous}">上一月</a> <a href="?month={following}">下一月</a></div>'))
