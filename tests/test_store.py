"""The crawl store: rows written in order by its writer thread; a failed write is never silent."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from crawler.store import SHANGHAI, CrawlStore, RunWindow


def _store(tmp_path: Path) -> CrawlStore:
    store = CrawlStore(tmp_path / "crawl.duckdb", batch_size=3)
    store.start_run(RunWindow(2025, date(2026, 1, 15)), sites_file="sites.yaml", indicators="test",
                    version="test", settings={})
    store.add_sites([("a", "甲市", "http://127.0.0.1/", None, None, True)])
    return store


def _fetch(url: str, status: object = 200) -> dict[str, object]:
    return {"site_id": "a", "url": url, "method": "GET", "purpose": "detail", "status": status, "rendered": False,
            "fetched_at": datetime(2026, 1, 2, 9, 30, tzinfo=SHANGHAI)}


def _posting(url: str, title: str, published: date | None) -> dict[str, object]:
    return {"site_id": "a", "column_key": "news", "url": url, "title": title, "published_date": published,
            "pinned": False, "external": False, "attachment": False}


def test_writes_land_in_order_and_site_updates_follow_the_rows_before_them(tmp_path: Path) -> None:
    store = _store(tmp_path)
    for i in range(10):  # batch_size 3: several flushes on the writer thread
        store.add_fetch(_fetch(f"http://127.0.0.1/{i}.html"))
        store.add_posting(_posting(f"http://127.0.0.1/{i}.html", f"第{i}条", date(2025, 3, 1 + i)))
    store.add_posting(_posting("http://127.0.0.1/0.html", "重复", None))
    store.update_site("a", reachable=True, homepage_status=200)
    store.put_column({"site_id": "a", "column_key": "news", "status": "ok", "pages": 1})
    store.summarise_columns(RunWindow(2025, date(2026, 1, 15)))
    store.finish_run("complete", {"ok": True})
    store.close()

    with duckdb.connect(str(tmp_path / "crawl.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM fetches").fetchone() == (10,)
        assert con.execute("SELECT count(*), min(title) FROM postings").fetchone() == (10, "第0条")
        assert con.execute("SELECT reachable, homepage_status, pages_fetched FROM sites").fetchone() == (True, 200, 10)
        assert con.execute("SELECT status, postings FROM columns").fetchone() == ("ok", 10)
        assert con.execute("SELECT status FROM runs").fetchone() == ("complete",)


def test_a_failed_write_is_raised_in_the_crawl_thread_and_the_run_stays_unfinished(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add_fetch(_fetch("http://127.0.0.1/bad.html", status="不是数字"))
    store.flush()
    with pytest.raises(duckdb.Error):
        store.finish_run("complete", {})
    store.close()  # the failure was reported once; the file is closed all the same
    with duckdb.connect(str(tmp_path / "crawl.duckdb"), read_only=True) as con:
        assert con.execute("SELECT status FROM runs").fetchone() == ("running",)
        assert con.execute("SELECT count(*) FROM fetches").fetchone() == (0,)
