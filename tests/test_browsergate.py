"""The scheduler queue that keeps requests for the browser back while its pages are busy (the crawl
through it, with a real browser beside a plain portal, is in test_crawl_render.py)."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy import Request
from scrapy.pqueues import ScrapyPriorityQueue
from scrapy.squeues import FifoMemoryQueue
from scrapy.utils.test import get_crawler

from crawler.browsergate import BrowserGatedPriorityQueue


def gated_queue(**settings: object) -> tuple[BrowserGatedPriorityQueue, set[Request]]:
    crawler = get_crawler(settings_dict={"PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4, "CONCURRENT_REQUESTS": 32, **settings})
    in_downloader: set[Request] = set()
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(active=in_downloader))  # the downloader's own set
    return BrowserGatedPriorityQueue.from_crawler(crawler, FifoMemoryQueue, ""), in_downloader


def browser(url: str, priority: int = 0) -> Request:
    return Request(url, priority=priority, meta={"playwright": True})


def test_browser_requests_wait_while_the_browser_is_full_and_plain_ones_go_on() -> None:
    queue, in_downloader = gated_queue()
    for number in range(6):
        queue.push(browser(f"http://127.0.0.1/js/{number}", priority=10))
    queue.push(Request("http://127.0.0.2/plain/1"))
    popped = []
    for _ in range(5):
        request = queue.pop()
        assert request is not None
        popped.append(request.url)
        in_downloader.add(request)
    assert popped == [f"http://127.0.0.1/js/{n}" for n in range(4)] + ["http://127.0.0.2/plain/1"]
    assert queue.pop() is None and len(queue) == 2  # still pending: the crawl is not idle
    in_downloader.discard(next(r for r in in_downloader if r.url.endswith("/js/0")))
    assert queue.pop().url == "http://127.0.0.1/js/4"  # type: ignore[union-attr]


def test_priority_decides_between_plain_and_browser_requests() -> None:
    queue, _ = gated_queue()
    queue.push(Request("http://127.0.0.2/low", priority=-5))
    queue.push(browser("http://127.0.0.1/js"))
    queue.push(Request("http://127.0.0.2/high", priority=5))
    assert queue.peek().url == "http://127.0.0.2/high"  # type: ignore[union-attr]
    assert [queue.pop().url for _ in range(3)] == [  # type: ignore[union-attr]
        "http://127.0.0.2/high", "http://127.0.0.1/js", "http://127.0.0.2/low"]
    assert queue.pop() is None and len(queue) == 0


def test_the_browser_never_takes_more_than_half_the_download_slots() -> None:
    queue, in_downloader = gated_queue(CONCURRENT_REQUESTS=4)
    for number in range(4):
        queue.push(browser(f"http://127.0.0.1/js/{number}"))
    while (request := queue.pop()) is not None:
        in_downloader.add(request)
    assert len(in_downloader) == 2


def test_disk_queues_get_scrapys_own_priority_queue(tmp_path) -> None:  # type: ignore[no-untyped-def]
    crawler = get_crawler()
    queue = BrowserGatedPriorityQueue.from_crawler(crawler, FifoMemoryQueue, str(tmp_path / "requests.queue"))
    assert type(queue) is ScrapyPriorityQueue
