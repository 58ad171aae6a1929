"""Hanweb (大汉) sites: GBK pages declared gb2312, records in <datastore> CDATA, later ones by POST."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qs

from sample_portals.families.base import Site, esc, truncate
from sample_portals.model import Column, Portal, Posting, Response

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
WEB_ID = 3
UNIT_ID = 8801
PER_PAGE = 15
GROUP_SIZE = 3


class HanwebSite(Site):
    family = "hanweb"
    charset = "gbk"
    declared_charset = "gb2312"
    title_limit = 22

    def __init__(self, portal: Portal) -> None:
        self.column_ids = {key: 4361021 + 137 * n for n, key in enumerate(portal.columns)}
        self.columns_by_id = {cid: portal.columns[key] for key, cid in self.column_ids.items()}
        super().__init__(portal)

    def list_path(self, column: Column, page: int) -> str:
        return f"/col/col{self.column_ids[column.key]}/index.html"

    def detail_path(self, column: Column, posting: Posting) -> str:
        d = posting.published
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.column_ids[column.key]}_{posting.uid}.html"

    def record(self, posting: Posting) -> str:
        return (f'<record><![CDATA[<li><a href="{esc(self.href(posting))}" title="{esc(posting.title)}" '
                f'target="_blank">{esc(truncate(posting.title, self.title_limit))}</a>'
                f"<span>{posting.published.isoformat()}</span></li>]]></record>")

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        cid = self.column_ids[column.key]
        name = self.portal.name
        first = column.postings[: PER_PAGE * GROUP_SIZE]
        records = "".join(self.record(p) for p in first)
        nextgroup = (f'<a href="{PROXY_PATH}?page=1&webid={WEB_ID}&path=/&columnid={cid}&unitid={UNIT_ID}'
                     f'&webname={name}&permissiontype=0"></a>')
        yield self.list_path(column, 1), (
            f'<div class="main"><div class="bt-position">您当前的位置：首页 &gt; 信息公开 &gt; {esc(column.label)}'
            f'</div><div id="{cid}"><script type="text/xml"><datastore>'
            f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup><recordset>{records}</recordset></datastore>"
            f"</script></div>"
            f"<script>$('#{cid}').jpage({{totalRecord: {len(column.postings)}, perPage: {PER_PAGE}, "
            f"groupSize: {GROUP_SIZE}, proxyUrl: '{PROXY_PATH}', ajaxParam: {{col: 1, appid: 1, "
            f"webid: {WEB_ID}, path: '/', columnid: {cid}, sourceContentType: 1, unitid: {UNIT_ID}, "
            f"webname: '{name}', permissiontype: 0}}}});</script></div>")

    def detail_head(self, posting: Posting) -> str:
        return (f'<meta name="ArticleTitle" content="{esc(posting.title)}">\n'
                f'<meta name="PubDate" content="{posting.published.isoformat()} 10:12">\n')

    def render_detail_meta(self, posting: Posting) -> str:
        cells = [("索引号", posting.index_no or ""), ("发布机构", posting.publisher),
                 ("文号", posting.doc_no or ""),
                 ("成文日期", posting.written.isoformat() if posting.written else ""),
                 ("发布日期", posting.published.isoformat())]
        return '<div class="xxgk-info">' + "".join(
            f"<span><b>{name}：</b>{esc(value)}</span>" for name, value in cells) + "</div>"

    def dynamic(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                body: bytes) -> Response | None:
        if path != PROXY_PATH:
            return None
        form = parse_qs(body.decode("latin-1")) if method == "POST" else {}
        column = None
        if all(form.get(name) for name in ("columnid", "unitid", "webid")):
            try:
                column = self.columns_by_id.get(int(form["columnid"][0]))
            except ValueError:
                column = None
        postings = column.postings if column else []
        try:
            start = max(1, int(query.get("startrecord", ["1"])[0]))
            end = int(query.get("endrecord", [str(start + PER_PAGE * GROUP_SIZE - 1)])[0])
            per_page = max(1, int(query.get("perpage", [str(PER_PAGE)])[0]))
        except ValueError:
            return Response(400, {"Content-Type": "text/plain; charset=GBK"}, b"bad request")
        records = "".join(self.record(p) for p in postings[start - 1 : end])
        total_pages = -(-len(postings) // per_page)
        xml = (f'<?xml version="1.0" encoding="GBK"?><datastore><totalrecord>{len(postings)}</totalrecord>'
               f"<totalpage>{total_pages}</totalpage><recordset>{records}</recordset></datastore>")
        return Response(200, {"Content-Type": "text/xml; charset=GBK"}, xml.encode("gbk"))
