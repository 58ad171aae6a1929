"""Sites whose list pages are empty shells filled by JavaScript from a JSON API."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from sample_portals.families.base import Site, esc
from sample_portals.model import Column, Portal, Posting, Response

API_PATH = "/api/content/list"
PAGE_SIZE = 15
SHANGHAI = ZoneInfo("Asia/Shanghai")

LIST_JS = """// Fills the list shell from the content API; the pager links carry ?pageNo=N.
function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, function (c) {
    return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
  });
}
function renderList(opts) {
  var params = new URLSearchParams(location.search);
  var pageNo = parseInt(params.get('pageNo') || '1', 10);
  var url = opts.api + '?channelId=' + encodeURIComponent(opts.channelId) +
            '&pageNo=' + pageNo + '&pageSize=' + opts.pageSize;
  fetch(url).then(function (r) { return r.json(); }).then(function (res) {
    var data = res.data, html = '';
    data.list.forEach(function (item) {
      var day = new Date(item.publishTime + 8 * 3600 * 1000).toISOString().slice(0, 10);
      html += '<li><a href="' + escapeHtml(item.url) + '" target="_blank">' + escapeHtml(item.title) +
              '</a><span>' + day + '</span></li>';
    });
    document.getElementById('list').innerHTML = html;
    var pages = Math.max(1, Math.ceil(data.total / data.pageSize)), pager = '';
    if (pageNo > 1) pager += '<a href="?pageNo=' + (pageNo - 1) + '">上一页</a> ';
    pager += '<span>' + pageNo + '/' + pages + '</span> ';
    if (pageNo < pages) pager += '<a href="?pageNo=' + (pageNo + 1) + '">下一页</a>';
    document.getElementById('pager').innerHTML = pager;
  });
}
"""


def epoch_ms(posting: Posting) -> int:
    """Midnight of the publication day in Asia/Shanghai, as epoch milliseconds."""
    d = posting.published
    return int(datetime(d.year, d.month, d.day, tzinfo=SHANGHAI).timestamp() * 1000)


class JsonApiSite(Site):
    family = "jsonapi"
    needs_browser = True

    def __init__(self, portal: Portal) -> None:
        self.channels = {column.slug: column for column in portal.columns.values()}
        super().__init__(portal)

    def list_path(self, column: Column, page: int) -> str:
        return f"/zwgk/{column.slug}/index.html"

    def detail_path(self, column: Column, posting: Posting) -> str:
        d = posting.published
        return f"/content/{d:%Y/%m/%d}/{posting.uid}.html"

    def render_all(self) -> None:
        super().render_all()
        self.pages["/static/js/list.js"] = Response(
            200, {"Content-Type": "application/javascript; charset=utf-8"}, LIST_JS.encode())

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        yield self.list_path(column, 1), (
            f'<div class="main"><h2>{esc(column.label)}</h2><ul id="list"></ul><div id="pager"></div>'
            '<script src="/static/js/list.js"></script>'
            f'<script>renderList({{api: "{API_PATH}", channelId: "{column.slug}", pageSize: {PAGE_SIZE}}});'
            "</script></div>")

    def render_detail_meta(self, posting: Posting) -> str:
        parts = [f"发布时间：{posting.published.isoformat()}", f"来源：{esc(posting.publisher)}"]
        if posting.index_no:
            parts.append(f"索引号：{esc(posting.index_no)}")
        if posting.doc_no:
            parts.append(f"文号：{esc(posting.doc_no)}")
        if posting.written:
            parts.append(f"成文日期：{posting.written.isoformat()}")
        return '<div class="article-meta">' + "".join(f"<span>{p}</span>" for p in parts) + "</div>"

    def api_item(self, posting: Posting) -> dict[str, object]:
        return {"id": posting.uid, "title": posting.title, "url": self.href(posting),
                "publishTime": epoch_ms(posting), "docNo": posting.doc_no or "",
                "source": posting.publisher}

    def dynamic(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                body: bytes) -> Response | None:
        if path != API_PATH:
            return None
        column = self.channels.get(query.get("channelId", [""])[0])
        if column is None:
            payload: dict[str, object] = {"code": 404, "msg": "栏目不存在", "data": None}
        else:
            try:
                page_no = max(1, int(query.get("pageNo", ["1"])[0]))
                page_size = min(100, max(1, int(query.get("pageSize", [str(PAGE_SIZE)])[0])))
            except ValueError:
                page_no, page_size = 1, PAGE_SIZE
            window = column.postings[(page_no - 1) * page_size : page_no * page_size]
            payload = {"code": 0, "msg": "success", "data": {
                "total": len(column.postings), "pageNo": page_no, "pageSize": page_size,
                "list": [self.api_item(p) for p in window]}}
        return Response(200, {"Content-Type": "application/json; charset=utf-8"},
                        json.dumps(payload, ensure_ascii=False).encode())
