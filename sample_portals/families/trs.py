"""TRS (拓尔思) WCM sites: static list pages whose pager is written by `createPageHTML(...)`."""

from __future__ import annotations

from collections.abc import Iterable

from sample_portals.families.base import Site, chunks, cn_date, esc, truncate
from sample_portals.ground_truth import DEMO_YEAR
from sample_portals.model import Column, Fault, Portal, Posting, Response

PAGER_JS_4 = """<script>
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount <= 1) return;
  var html = '';
  for (var i = 0; i < _nPageCount; i++) {
    var href = i == 0 ? _sPageName + '.' + _sPageExt : _sPageName + '_' + i + '.' + _sPageExt;
    html += i == _nCurrIndex ? '<span>' + (i + 1) + '</span> ' : '<a href="' + href + '">' + (i + 1) + '</a> ';
  }
  document.write('<div class="page">' + html + '</div>');
}
</script>
"""

PAGER_JS_6 = """<script>
function createPageHTML(_divId, _nPageCount, _nCurrIndex, _sPageName, _sPageExt, _nRecordCount) {
  var html = '共' + _nRecordCount + '条 ';
  for (var i = 1; i <= _nPageCount; i++) {
    var href = i == 1 ? _sPageName + '.' + _sPageExt : _sPageName + '_' + i + '.' + _sPageExt;
    html += i == _nCurrIndex ? '<span>' + i + '</span> ' : '<a href="' + href + '">' + i + '</a> ';
  }
  document.getElementById(_divId).innerHTML = html;
}
</script>
"""


class TrsSite(Site):
    """4-argument, 0-based pager: index.html, index_1.html, …; metadata table on detail pages."""

    family = "trs"
    page_size = 20
    title_limit = 20

    def __init__(self, portal: Portal) -> None:
        super().__init__(portal)
        self.add_faults()

    def list_path(self, column: Column, page: int) -> str:
        stem = "index.html" if page == 1 else f"index_{page - 1}.html"
        return f"/xxgk/{column.slug}/{stem}"

    def detail_path(self, column: Column, posting: Posting) -> str:
        d = posting.published
        return f"/xxgk/{column.slug}/{d:%Y%m}/t{d:%Y%m%d}_{posting.uid}.html"

    def row_href(self, posting: Posting) -> str:
        """List pages link their own postings relatively (./202503/t20250311_1.html)."""
        if posting.external_url:
            return posting.external_url
        return "./" + posting.path.rsplit("/", 2)[-2] + "/" + posting.path.rsplit("/", 1)[-1]

    def render_row(self, posting: Posting) -> str:
        link = (f'<a href="{esc(self.row_href(posting))}" title="{esc(posting.title)}" target="_blank">'
                f"{esc(truncate(posting.title, self.title_limit))}</a><span>{posting.published.isoformat()}</span>")
        if posting.pinned:
            return f'<li class="top"><span class="zd">[置顶]</span>{link}</li>'
        return f"<li>{link}</li>"

    def pager(self, pages: int, page: int, records: int) -> str:
        return f'<script>createPageHTML({pages}, {page - 1}, "index", "html");</script>'

    def declared_pages(self, column: Column, real_pages: int) -> int:
        return real_pages

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        groups = chunks(column.postings, self.page_size)
        declared = self.declared_pages(column, len(groups))
        for number, group in enumerate(groups, start=1):
            rows = "".join(self.render_row(p) for p in group)
            yield self.list_path(column, number), (
                f'<div class="main"><div class="position">当前位置：首页 &gt; 政府信息公开 &gt; {esc(column.label)}'
                f'</div><h2 class="column-title">{esc(column.label)}</h2>'
                f'<ul class="list">{rows}</ul>{self.pager_js()}'
                f"{self.pager(declared, number, len(column.postings))}</div>")

    def pager_js(self) -> str:
        return PAGER_JS_4

    def detail_head(self, posting: Posting) -> str:
        return (f'<meta name="ArticleTitle" content="{esc(posting.title)}">\n'
                f'<meta name="PubDate" content="{posting.published.isoformat()} 09:30">\n'
                f'<meta name="ContentSource" content="{esc(posting.publisher)}">\n')

    def render_detail_meta(self, posting: Posting) -> str:
        written = cn_date(posting.written, zero_pad=True) if posting.written else ""
        return ('<table class="xxgk_table">'
                f"<tr><td>索引号：</td><td>{esc(posting.index_no or '')}</td><td>主题分类：</td><td>综合政务</td></tr>"
                f"<tr><td>发布机构：</td><td>{esc(posting.publisher)}</td><td>成文日期：</td><td>{written}</td></tr>"
                f"<tr><td>文号：</td><td>{esc(posting.doc_no or '')}</td><td>发布日期：</td>"
                f"<td>{cn_date(posting.published, zero_pad=True)}</td></tr></table>")

    # ---- faults -------------------------------------------------------------------------------

    def add_faults(self) -> None:
        options = self.portal.options
        column_key = options.get("retry_503")
        if column_key:
            # A policy inside the evaluation year, so that giving up on it would cost real facts.
            target = next(p for p in self.portal.columns[column_key].postings
                          if not p.external_url and not p.attachment_ext and p.published.year == DEMO_YEAR)
            self.retry_503_paths.add(target.path)
            self.portal.faults.append(Fault("retry_503", target.path, "第一次请求返回 503，重试后返回 200"))
        disallow = options.get("robots_disallow")
        if disallow:
            self.portal.faults.append(Fault("robots", disallow, "robots.txt 禁止抓取站内搜索，首页链接了搜索页"))

    def robots_txt(self) -> str:
        disallow = self.portal.options.get("robots_disallow")
        if not disallow:
            return super().robots_txt()
        return f"User-agent: *\nDisallow: {disallow}\n"

    def homepage_extras(self) -> str:
        disallow = self.portal.options.get("robots_disallow")
        if not disallow:
            return ""
        return (f'<form class="search" action="{esc(disallow)}index.html" method="get">'
                '<input name="q" value=""><button>搜索</button></form>'
                f'<a class="hot-search" href="{esc(disallow)}index.html?q=%E6%94%BF%E7%AD%96">热搜：政策</a>')

    def dynamic(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                body: bytes) -> Response | None:
        disallow = self.portal.options.get("robots_disallow")
        if disallow and path.startswith(disallow):
            # A search page that links to ever more search pages: only robots.txt keeps crawlers out.
            page = int(query.get("p", ["1"])[0] or 1)
            return self.html("站内搜索", f'<div class="main">搜索结果第{page}页 '
                                         f'<a href="{esc(disallow)}index.html?q=1&p={page + 1}">下一页</a></div>')
        return None


class Trs6Site(TrsSite):
    """6-argument, 1-based pager with the stem `list`: list.shtml, list_2.shtml, …"""

    family = "trs6"
    page_size = 18
    title_limit = 26

    def list_path(self, column: Column, page: int) -> str:
        stem = "list.shtml" if page == 1 else f"list_{page}.shtml"
        return f"/col/{column.slug}/{stem}"

    def detail_path(self, column: Column, posting: Posting) -> str:
        d = posting.published
        return f"/col/{column.slug}/{d:%Y%m}/t{d:%Y%m%d}_{posting.uid}.shtml"

    def attachment_path(self, column: Column, posting: Posting) -> str:
        d = posting.published
        return f"/col/{column.slug}/{d:%Y%m}/P0{d:%Y%m%d}{posting.uid}.{posting.attachment_ext}"

    def render_row(self, posting: Posting) -> str:
        return (f'<li><a href="{esc(self.row_href(posting))}" title="{esc(posting.title)}" target="_blank">'
                f"{esc(truncate(posting.title, self.title_limit))}</a>"
                f'<span class="date">{posting.published.isoformat()}</span></li>')

    def pager_js(self) -> str:
        return PAGER_JS_6

    def pager(self, pages: int, page: int, records: int) -> str:
        return (f'<div id="page_div"></div>'
                f"<script>createPageHTML('page_div', {pages}, {page}, 'list', 'shtml', {records});</script>")

    def declared_pages(self, column: Column, real_pages: int) -> int:
        extra = int(self.portal.options.get("phantom_pages", {}).get(column.key, 0))
        if extra:
            self.portal.faults.append(Fault(
                "phantom_pages", self.list_path(column, real_pages + 1),
                f"分页脚本声明 {real_pages + extra} 页，实际只有 {real_pages} 页，其余返回 404"))
        return real_pages + extra

    def column_href(self, column: Column) -> str:
        return column.list_path
