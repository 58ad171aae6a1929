"""Run the portal spider in this process and return its summary."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import settings as crawler_settings
from crawler.spiders.portal import PortalSpider


def crawl_settings(db: Path, *, progress: bool, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(crawler_settings, priority="project")
    log_file = db.with_name(db.stem + ".crawl.log")
    settings.set("LOG_FILE", str(log_file), priority="cmdline")
    settings.set("LOG_FILE_APPEND", True, priority="cmdline")
    settings.set("ZWGK_PROGRESS", progress, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    *, sites: Path, year: int, as_of: date, db: Path, indicators: Path | None = None,
    progress: bool = True, overrides: dict[str, Any] | None = None, resume: bool = False,
    reuse_run: int | None = None,
) -> dict[str, Any]:
    """Crawl every site of ``sites`` into ``db``. Blocks until done; one call per process."""
    db.parent.mkdir(parents=True, exist_ok=True)
    settings = crawl_settings(db, progress=progress, overrides=overrides)
    settings.set("LOG_INSTALL_ROOT_HANDLER", True, priority="cmdline")
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").propagate = True
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, sites=str(sites), year=year, as_of=as_of.isoformat(), db=str(db),
                  indicators=str(indicators) if indicators else None, resume=resume, reuse_run=reuse_run)
    process.start()
    spider = crawler.spider
    summary: dict[str, Any] = getattr(spider, "summary", None) or {}
    if not summary:
        raise RuntimeError(f"抓取没有正常结束，详见日志 {db.with_name(db.stem + '.crawl.log')}")
    return summary
