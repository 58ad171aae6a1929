"""Scrapy's log messages, without a debug record built for every page nobody will see.

Scrapy builds the "Crawled (200) <GET …>" message and its log record for each response (and
"Scraped from" for each item) and lets the
handler drop it when the level is above DEBUG (Scrapy leaves the root logger open to every level):
~8 µs of the crawl's thread per page, for nothing at zwgk's INFO level.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter


def shows_debug(level: object) -> bool:
    """Whether a LOG_LEVEL setting (name or number) lets DEBUG messages through."""
    if isinstance(level, str):
        level = logging.getLevelName(level.strip().upper())
    return not isinstance(level, int) or level <= logging.DEBUG  # an unknown name: keep Scrapy's way


class QuietLogFormatter(LogFormatter):
    def __init__(self, show_debug: bool = True) -> None:
        super().__init__()
        self.show_debug = show_debug

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietLogFormatter:
        return cls(shows_debug(crawler.settings.get("LOG_LEVEL")))

    def crawled(self, request: Any, response: Any, spider: Any) -> Any:
        return super().crawled(request, response, spider) if self.show_debug else None

    def scraped(self, item: Any, response: Any, spider: Any) -> Any:
        return super().scraped(item, response, spider) if self.show_debug else None
