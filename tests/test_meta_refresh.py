"""The meta refresh redirect: zwgk's quick check must redirect exactly where Scrapy's own does."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawler.middlewares import QuickMetaRefreshMiddleware

PAGES = Path(__file__).parent / "pages"
FILLER = "<p>关于进一步做好政务公开工作的通知</p>" * 150  # ~3,900 characters, ~11,000 bytes in UTF-8


def refresh_page(encoding: str, *, filler: str = "", tag: str = "http-equiv") -> bytes:
    html = (f'<html><head><title>首页</title>{filler}<meta {tag}="Refresh" content="0; url=/zwgk/index.html">'
            "</head><body>页面跳转中</body></html>")
    return html.encode(encoding)


CASES = {
    "utf-8, tag after ~4,000 Chinese characters": (refresh_page("utf-8", filler=FILLER[:3900]), "utf-8"),
    "utf-8, tag beyond 4,096 characters (Scrapy ignores it too)": (
        refresh_page("utf-8", filler=FILLER * 2), "utf-8"),
    "gbk": (refresh_page("gbk"), "gbk"),
    "utf-16 with BOM": (b"\xff\xfe" + refresh_page("utf-16-le"), "utf-16"),
    "refresh only in text, not a tag": ("<html><body>点击刷新 refresh 页面</body></html>".encode(), "utf-8"),
    "name= instead of http-equiv=": (refresh_page("utf-8", tag="name"), "utf-8"),
    **{f"saved page {page.name}": (page.read_bytes(), "utf-8") for page in sorted(PAGES.glob("*.html"))},
}


def answers(middleware: MetaRefreshMiddleware, body: bytes, encoding: str) -> Request | Response:
    request = Request("http://127.0.0.1:8080/index.html")
    response = HtmlResponse(request.url, body=body, request=request,
                            headers={"Content-Type": f"text/html; charset={encoding}"})
    return middleware.process_response(request, response)


@pytest.mark.parametrize("name", list(CASES))
def test_quick_check_redirects_exactly_where_scrapy_does(name: str) -> None:
    body, encoding = CASES[name]
    crawler = get_crawler()
    ours = answers(QuickMetaRefreshMiddleware.from_crawler(crawler), body, encoding)
    scrapys = answers(MetaRefreshMiddleware.from_crawler(crawler), body, encoding)
    assert type(ours) is type(scrapys)
    if isinstance(scrapys, Request):
        assert isinstance(ours, Request) and ours.url == scrapys.url == "http://127.0.0.1:8080/zwgk/index.html"
    else:
        assert ours.url == scrapys.url  # type: ignore[union-attr]


def test_the_cases_include_redirects_and_pages_without_one() -> None:
    crawler = get_crawler()
    redirected = [name for name, (body, encoding) in CASES.items()
                  if isinstance(answers(QuickMetaRefreshMiddleware.from_crawler(crawler), body, encoding), Request)]
    assert sorted(redirected) == ["gbk", "utf-16 with BOM", "utf-8, tag after ~4,000 Chinese characters"]
