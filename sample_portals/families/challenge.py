"""Sites behind a 412 + JavaScript cookie challenge (a browser passes, a plain HTTP client does not)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from http.cookies import CookieError, SimpleCookie

from sample_portals.families.base import Site, chunks, esc, query_page_key, query_pager, truncate
from sample_portals.model import Column, Fault, Portal, Posting, Response

COOKIE_NAME = "__jsl_clearance_s"


class ChallengeSite(Site):
    family = "challenge"
    needs_browser = True
    page_size = 15
    title_limit = 22

    def __init__(self, portal: Portal) -> None:
        super().__init__(portal)
        rng = random.Random(f"challenge:{portal.id}")
        self.numbers = (rng.randint(1000, 9999), rng.randint(100, 999), rng.randint(10, 99))
        a, b, c = self.numbers
        self.token = str(a * b + c)
        portal.faults.append(Fault("js_challenge", "/", "所有请求先返回 412 与计算 Cookie 的脚本，需浏览器执行"))

    def list_path(self, column: Column, page: int) -> str:
        return query_page_key(f"/xxgk/{column.slug}/index.html", page)

    def detail_path(self, column: Column, posting: Posting) -> str:
        return f"/content/{column.slug}/{posting.uid}.html"

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        groups = chunks(column.postings, self.page_size)
        for number, group in enumerate(groups, start=1):
            # Long titles are cut without a title= attribute: the full title is only on the detail page.
            rows = "".join(f'<li><a href="{esc(self.href(p))}">{esc(truncate(p.title, self.title_limit))}</a>'
                           f'<span class="date">{p.published.isoformat()}</span></li>' for p in group)
            yield self.list_path(column, number), (
                f'<div class="main"><h2>{esc(column.label)}</h2><ul class="news-list">{rows}</ul>'
                f"{query_pager(number, len(groups), len(column.postings))}</div>")

    def render_detail_meta(self, posting: Posting) -> str:
        rows = [("发文机关", posting.publisher), ("发文字号", posting.doc_no or ""),
                ("成文日期", posting.written.isoformat() if posting.written else ""),
                ("发布日期", posting.published.isoformat()), ("索引号", posting.index_no or "")]
        return '<div class="doc-meta">' + "".join(f"<p><label>{k}：</label>{esc(v)}</p>" for k, v in rows) + "</div>"

    def challenge_page(self) -> bytes:
        a, b, c = self.numbers
        return ("<html><head><meta charset=\"utf-8\"><script>"
                f"var _0x5a={a},_0x3b={b},_0x1c={c};"
                "var _0xt=String(_0x5a*_0x3b+_0x1c);"
                f"document.cookie='{COOKIE_NAME}='+_0xt+'; path=/';"
                "location.reload();"
                "</script></head><body></body></html>").encode()

    def has_clearance(self, headers: dict[str, str]) -> bool:
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except CookieError:
            return False
        morsel = cookie.get(COOKIE_NAME)
        return morsel is not None and morsel.value == self.token

    def respond(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> Response:
        if not self.has_clearance(headers):
            return Response(412, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
                            self.challenge_page())
        return super().respond(method, path, query, headers, body)
