"""Per-page debug messages are built only when the log level shows them."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from scrapy.http import HtmlResponse, Request

from crawler.logformat import QuietLogFormatter, shows_debug
from zwgk.crawl import crawl_settings


@pytest.mark.parametrize(("level", "shown"), [
    ("DEBUG", True), ("debug", True), (logging.DEBUG, True), (5, True), ("NOT-A-LEVEL", True),
    ("INFO", False), ("WARNING", False), (logging.ERROR, False),
])
def test_debug_shown_by_level(level: object, shown: bool) -> None:
    assert shows_debug(level) is shown


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_crawled_and_scraped_messages_follow_the_level(level: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = crawl_settings(tmp_path / "a.duckdb", progress=False, overrides={"LOG_LEVEL": level})
    formatter = QuietLogFormatter.from_crawler(SimpleNamespace(settings=settings))
    request = Request("http://127.0.0.1/a.html")
    response = HtmlResponse(request.url, body=b"<p>x</p>", request=request)
    crawled = formatter.crawled(request, response, None)
    scraped = formatter.scraped({"url": request.url}, response, None)
    if level == "DEBUG":
        assert crawled is not None and "Crawled (200)" in crawled["msg"] % crawled["args"]
        assert scraped is not None
    else:
        assert crawled is None and scraped is None
    assert formatter.download_error is not None  # errors are still Scrapy's own messages
    assert settings.get("LOG_FORMATTER") == "crawler.logformat.QuietLogFormatter"
