"""A Scrapy extension for tests: watches the crawl's downloader and writes, when the spider closes, the
most requests for the browser it ever held at once and how many requests it held at most in all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy import signals


class BrowserSlotProbe:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.out = Path(crawler.settings["ZWGK_TEST_PROBE_FILE"])
        self.most_browser = 0
        self.most_plain = 0
        crawler.signals.connect(self.reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> BrowserSlotProbe:
        return cls(crawler)

    def reached(self, request: Any, spider: Any) -> None:
        active = self.crawler.engine.downloader.active
        browser = sum(1 for r in active if r.meta.get("playwright"))
        self.most_browser = max(self.most_browser, browser)
        self.most_plain = max(self.most_plain, len(active) - browser)

    def closed(self, spider: Any) -> None:
        self.out.write_text(json.dumps({"most_browser": self.most_browser, "most_plain": self.most_plain}))
