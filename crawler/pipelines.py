"""Item pipeline: postings go into DuckDB through the spider's store, in batches."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem


class DuckDBPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> DuckDBPipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        store = getattr(self.crawler.spider, "store", None)
        if store is None:
            return item
        if not store.add_posting(item):
            raise DropItem(f"重复条目：{item['column_key']} {item['url']}")
        return item
