"""The crawl store: rows written in order by its writer process; a failed write is never silent."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from crawler.dbwriter import WriterFailed
from crawler.store import SHANGHAI, CrawlStore, DatabaseError, RunWindow


def _store(tmp_path: Path) -> CrawlStore:
    store = CrawlStore(tmp_path / "crawl.duckdb", batch_size=3)
    store.start_run(RunWindow(2025, date(2026, 1, 15)), sites_file="sites.yaml", indicators="test",
                    version="test", settings={})
    store.add_sites([("a", "甲市", "http://127.0.0.1/", None, None, True)])
    store.start_background_writes()  # as the crawl does
    return store


def _fetch(url: str, status: object = 200) -> dict[str, object]:
    return {"site_id": "a", "url": url, "method": "GET", "purpose": "detail", "status": status, "rendered": False,
            "fetched_at": datetime(2026, 1, 2, 9, 30, tzinfo=SHANGHAI)}


def _posting(url: str, title: str, published: date | None) -> dict[str, object]:
    return {"site_id": "a", "column_key": "news", "url": url, "title": title, "published_date": published,
            "pinned": False, "external": False, "attachment": False}


def test_writes_land_in_order_and_site_updates_follow_the_rows_before_them(tmp_path: Path) -> None:
    store = _store(tmp_path)
    for i in range(10):  # batch_size 3: several flushes in the writer process
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


def test_a_failed_write_is_raised_in_the_crawl_and_the_run_stays_unfinished(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add_fetch(_fetch("http://127.0.0.1/bad.html", status="不是数字"))
    store.flush()
    with pytest.raises(WriterFailed, match="不是数字"):
        store.finish_run("complete", {})
    store.close()  # the failure was reported once; the file is closed all the same
    with duckdb.connect(str(tmp_path / "crawl.duckdb"), read_only=True) as con:
        assert con.execute("SELECT status FROM runs").fetchone() == ("running",)
        assert con.execute("SELECT count(*) FROM fetches").fetchone() == (0,)


def test_the_file_belongs_to_the_writer_during_the_crawl_and_comes_back_for_reads(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add_fetch(_fetch("http://127.0.0.1/1.html"))
    store.flush()
    store.wait_for_writes()
    with pytest.raises(duckdb.Error):  # the writer holds the file: no second connection meanwhile
        duckdb.connect(str(tmp_path / "crawl.duckdb"))
    assert store.con.execute("SELECT count(*) FROM fetches").fetchone() == (1,)  # waits, then takes it back
    store.close()


def test_a_writer_that_dies_is_an_error_not_a_silent_loss(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store._writer is not None
    store._writer.process.kill()
    store._writer.process.wait()
    store.add_fetch(_fetch("http://127.0.0.1/1.html"))
    with pytest.raises(DatabaseError, match="数据库写入进程"):
        store.flush()
        store.wait_for_writes()
    store._writer = None  # what is left of it is closed with the store
    store.close()


def test_a_write_that_fails_does_not_stop_the_writes_after_it(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.add_fetch(_fetch("http://127.0.0.1/bad.html", status="不是数字"))
    store.flush()
    store.update_site("a", reachable=True)
    with pytest.raises(WriterFailed):
        store.wait_for_writes()
    store.add_fetch(_fetch("http://127.0.0.1/good.html"))
    store.close()
    with duckdb.connect(str(tmp_path / "crawl.duckdb"), read_only=True) as con:
        assert con.execute("SELECT url FROM fetches").fetchall() == [("http://127.0.0.1/good.html",)]
        assert con.execute("SELECT reachable FROM sites").fetchone() == (True,)


def test_rows_keep_their_types_and_hostile_text_cannot_fail_a_batch(tmp_path: Path) -> None:
    store = _store(tmp_path)
    posting = _posting("http://127.0.0.1/x.html", "标题\ud800（孤立代理项）'; DROP TABLE postings; --", date(2025, 3, 1))
    store.add_posting({**posting, "cited_urls": ["http://127.0.0.1/a.html"], "cited_doc_nos": ["西政发〔2025〕1号"]})
    store.add_fetch(_fetch("http://127.0.0.1/x.html"))
    store.close()
    with duckdb.connect(str(tmp_path / "crawl.duckdb"), read_only=True) as con:
        title, published, urls, doc_nos = con.execute(
            "SELECT title, published_date, cited_urls, cited_doc_nos FROM postings").fetchone()  # type: ignore[misc]
        fetched_at, = con.execute("SELECT fetched_at FROM fetches").fetchone()  # type: ignore[misc]
    assert title == "标题?（孤立代理项）'; DROP TABLE postings; --"
    assert published == date(2025, 3, 1) and urls == ["http://127.0.0.1/a.html"] and doc_nos == ["西政发〔2025〕1号"]
    assert fetched_at == datetime(2026, 1, 2, 9, 30, tzinfo=SHANGHAI)


def _count_fetches(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    return con.execute("SELECT count(*) FROM fetches WHERE run_id = ?", [run_id]).fetchone()[0]  # type: ignore[index]


def _no_such_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("SELECT * FROM no_such_table")


def test_the_end_of_run_statements_run_in_the_writer_after_the_rows_before_them(tmp_path: Path) -> None:
    store = _store(tmp_path)
    for i in range(7):  # batch_size 3: two batches sent, one still buffered when asked
        store.add_fetch(_fetch(f"http://127.0.0.1/{i}.html"))
    assert store.ask(_count_fetches, store.run_id) == 7
    with pytest.raises(WriterFailed, match="no_such_table"):
        store.ask(_no_such_table)
    store.add_posting(_posting("http://127.0.0.1/1.html", "第一条", date(2025, 3, 1)))
    store.put_column({"site_id": "a", "column_key": "news", "status": "ok", "pages": 1})
    store.summarise_columns(RunWindow(2025, date(2026, 1, 15)))
    assert store.run_facts() == {"columns": {"ok": 1}, "fetches": 7, "rendered": 0, "rendered_by_reason": {},
                                 "postings": 1, "review": []}
    assert store._writer is not None  # all of it without taking the file back from the writer
    store.finish_run("complete", {"postings": 1})
    store.close()
    with duckdb.connect(str(tmp_path / "crawl.duckdb"), read_only=True) as con:
        assert con.execute("SELECT status FROM runs").fetchone() == ("complete",)
        assert con.execute("SELECT postings, postings_in_window FROM columns").fetchone() == (1, 1)
        assert con.execute("SELECT pages_fetched FROM sites").fetchone() == (7,)
    inline = CrawlStore(tmp_path / "crawl.duckdb")  # without a writer process: the same, in this one
    inline.run_id = store.run_id
    assert inline.ask(_count_fetches, store.run_id) == 7
    inline.close()
