"""Downloader middlewares: record every fetch as evidence, and back off before retries."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response

from crawler.errors import error_kind

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RetryBackoffMiddleware:
    """Wait ``base × 2^(n-1)`` seconds before the n-th retry of a request (Scrapy retries at once)."""

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        settings = crawler.settings
        return cls(settings.getfloat("ZWGK_RETRY_BACKOFF_BASE", 1.0), settings.getfloat("ZWGK_RETRY_BACKOFF_MAX", 30.0))

    async def process_request(self, request: Request) -> None:
        retries = int(request.meta.get("retry_times", 0))
        if retries > 0 and self.base > 0:
            await asyncio.sleep(min(self.cap, self.base * 2 ** (retries - 1)))


class FetchRecorderMiddleware:
    """Closest to the network: sees every attempt, including the ones that are retried."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchRecorderMiddleware:
        return cls(crawler)

    def _recorder(self) -> Any:
        spider = self.crawler.spider
        return spider if spider is not None and hasattr(spider, "record_fetch") else None

    def process_response(self, request: Request, response: Response) -> Response:
        recorder = self._recorder()
        if recorder is not None:
            recorder.record_fetch(request, response=response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        recorder = self._recorder()
        if recorder is not None:
            recorder.record_fetch(request, error=error_kind(exception))
        return None
