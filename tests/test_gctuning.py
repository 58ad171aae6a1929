"""The crawl's garbage-collector thresholds hold from spider open to spider close, and only then."""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.utils.test import get_crawler

from crawler.gctuning import GcThresholds


def test_thresholds_are_set_while_crawling_and_restored_after() -> None:
    before = gc.get_threshold()
    crawler = get_crawler(settings_dict={"ZWGK_GC_THRESHOLDS": [12345, 11, 12]})
    extension = GcThresholds.from_crawler(crawler)  # noqa: F841 - signals hold it weakly, as Scrapy does
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    try:
        assert gc.get_threshold() == (12345, 11, 12)
    finally:
        crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert gc.get_threshold() == before


def test_an_empty_setting_keeps_pythons_thresholds() -> None:
    before = gc.get_threshold()
    crawler = get_crawler(settings_dict={"ZWGK_GC_THRESHOLDS": []})
    extension = GcThresholds.from_crawler(crawler)  # noqa: F841 - signals hold it weakly, as Scrapy does
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    assert gc.get_threshold() == before
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert gc.get_threshold() == before
