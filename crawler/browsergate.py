"""Scheduler queue that holds requests for the browser back while every browser page is busy.

Scrapy counts a request against ``CONCURRENT_REQUESTS`` from the moment the engine takes it until
its response is back, wherever it waits meanwhile. A request for the browser waits inside the
download handler for a free page (a render takes a second or more); without this gate, a few
JavaScript portals with their list pages queued would fill the crawl's download slots with requests
standing in line for four browser pages, and every plain portal would crawl at the browser's pace.
Here those requests stay in the scheduler until the browser can take them; plain requests go on.

Memory queues only (zwgk resumes from its database, not from a Scrapy ``JOBDIR``): with a disk
queue key, Scrapy's own priority queue is used unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy import Request
from scrapy.pqueues import ScrapyPriorityQueue


def needs_browser(request: Request) -> bool:
    return bool(request.meta.get("playwright"))


class BrowserGatedPriorityQueue:
    """Two of Scrapy's priority queues, plain and browser. The browser one is popped only while fewer
    than ``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT`` browser requests (at most half of ``CONCURRENT_REQUESTS``)
    are in the downloader; between the two, the higher priority goes first."""

    @classmethod
    def from_crawler(cls, crawler: Any, downstream_queue_cls: type, key: str, startprios: Iterable[int] = (),
                     *, start_queue_cls: type | None = None) -> Any:
        if key:
            return ScrapyPriorityQueue.from_crawler(crawler, downstream_queue_cls, key, startprios,
                                                    start_queue_cls=start_queue_cls)
        return cls(crawler, downstream_queue_cls, start_queue_cls)

    def __init__(self, crawler: Any, downstream_queue_cls: type, start_queue_cls: type | None = None) -> None:
        self.crawler = crawler
        pages = crawler.settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", 4)
        # Never more than half the crawl's download slots, however many pages the browser may open.
        self.capacity = max(1, min(pages, crawler.settings.getint("CONCURRENT_REQUESTS") // 2))
        self.plain = ScrapyPriorityQueue(crawler, downstream_queue_cls, "", start_queue_cls=start_queue_cls)
        self.browser = ScrapyPriorityQueue(crawler, downstream_queue_cls, "", start_queue_cls=start_queue_cls)

    def push(self, request: Request) -> None:
        (self.browser if needs_browser(request) else self.plain).push(request)

    def pop(self) -> Request | None:
        if self._browser_first() and self.browser_has_room():
            request = self.browser.pop()
            if request is not None:
                return request
        return self.plain.pop()

    def _browser_first(self) -> bool:
        return self.browser.curprio is not None and (self.plain.curprio is None
                                                     or self.browser.curprio <= self.plain.curprio)

    def browser_has_room(self) -> bool:
        engine = getattr(self.crawler, "engine", None)
        if engine is None:
            return True
        in_downloader = sum(1 for request in engine.downloader.active if needs_browser(request))
        return in_downloader < self.capacity

    def peek(self) -> Request | None:
        return (self.browser if self._browser_first() else self.plain).peek()

    def close(self) -> list[int]:
        self.plain.close()
        self.browser.close()
        return []

    def __len__(self) -> int:
        return len(self.plain) + len(self.browser)
