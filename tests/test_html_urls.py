"""absolute_url's fast path for plain URLs gives exactly what the full path (w3lib escaping) gives."""

from __future__ import annotations

import random

from crawler.listing import html


def _slow(base: str, href: str) -> str | None:
    original_href, original_base = html._PLAIN_HREF, html._PLAIN_BASE
    html._PLAIN_HREF = html._PLAIN_BASE = __import__("re").compile(r"(?!)")
    try:
        return html.absolute_url.__wrapped__(base, href)  # type: ignore[attr-defined]
    finally:
        html._PLAIN_HREF, html._PLAIN_BASE = original_href, original_base


def test_fast_path_equals_full_path() -> None:
    rng = random.Random(11)
    bases = ["http://127.0.0.1:8000/", "http://www.h.gov.cn/xxgk/zcwj/index.html", "https://a.b.cn/x/y/",
             "http://h.gov.cn/col/col123/index.html?uid=45&pageNum=2", "http://h.gov.cn", "http://h.gov.cn/a/b",
             "http://h.gov.cn/a/./b/c.html", "http://h.gov.cn/a//b/", "http://h.gov.cn/a/b?"]
    hrefs = ["./202503/t20250311_1234567.html", "../../art/2025/3/11/art_1_2.html", "/xxgk/index.html", "?page=2",
             "index_3.html", ".", "..", "./", "/", "a/./b/../c.html", "list.jsp?a=1&b=2", "t1.html?", "~u/x"]
    alphabet = "abAB09._~/-?=&"
    hrefs += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 25))) for _ in range(3000)]
    fast = 0
    for base in bases:
        for href in hrefs:
            if html._PLAIN_HREF.fullmatch(href) and html._PLAIN_BASE.fullmatch(base):
                fast += 1
            assert html.absolute_url.__wrapped__(base, href) == _slow(base, href), (base, href)  # type: ignore[attr-defined]
    assert fast > 3000


def test_unusual_urls_still_take_the_full_path() -> None:
    assert html.absolute_url("http://h.gov.cn/", "javascript:void(0)") is None
    assert html.absolute_url("http://h.gov.cn/", "//cdn.example.com/a.js") == "http://cdn.example.com/a.js"
    assert html.absolute_url("http://h.gov.cn/", "/政务公开/通知 1.html") == (
        "http://h.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/%E9%80%9A%E7%9F%A5%201.html")
    assert html.absolute_url("http://H.GOV.CN/a/", "b.html#top") == "http://h.gov.cn/a/b.html"


def test_host_of_fast_path_equals_urlsplit() -> None:
    from urllib.parse import urlsplit

    urls = ["http://127.0.0.1:8000/a", "https://WWW.H.gov.cn/x?y#z", "http://h.gov.cn", "http://h.gov.cn?x=1",
            "http://user:pw@h.gov.cn/", "http://[::1]:8080/", "HTTP://H.GOV.CN/", "http://h.gov.cn:99999999/",
            "http://h_x.gov.cn/", "mailto:a@b.cn", "http://h.gov.cn#top", "http:///nohost"]
    for url in urls:
        try:
            expected = (urlsplit(url).hostname or "").lower()
        except ValueError:
            expected = ""
        assert html.host_of(url) == expected, url


def test_document_base_fast_path_equals_w3lib() -> None:
    from w3lib.html import get_base_url

    pages = ["<html><head><title>x</title></head><body><a href='a.html'>a</a></body></html>",
             "<html><head><BASE href='/other/'></head></html>", "<base href=\"http://h.gov.cn/z/\">",
             "<html><head><basefont size=3></head></html>"]
    urls = ["http://h.gov.cn/a/b.html", "http://h.gov.cn/a/b.html?x=1", "http://H.gov.cn/a/", "http://h.gov.cn/政务/"]
    for body in pages:
        for url in urls:
            assert html.document_base(body, url) == get_base_url(body[:20000], url), (body, url)
