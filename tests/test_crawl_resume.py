"""Interruption and re-runs: kill -9 a crawl mid-way, ``--resume`` it, get what an uninterrupted crawl gets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from crawler.store import connect
from sample_portals import DEMO_AS_OF, DEMO_YEAR, DemoServer
from tests.crawl_fixture import run_zwgk, start_server

POSTING_COLUMNS = ("site_id, column_key, url, title, published_date, written_date, doc_no, publisher, "
                   "index_no, pinned, external, attachment, date_source")


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with start_server() as running:
        yield running


def crawl_args(sites: Path, db: Path) -> list[str]:
    return ["crawl", "--sites", str(sites), "--year", str(DEMO_YEAR), "--as-of", DEMO_AS_OF.isoformat(),
            "--db", str(db), "--no-progress"]


def postings(db: Path, run_id: int) -> set[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute(f"SELECT {POSTING_COLUMNS} FROM postings WHERE run_id = ?", [run_id]).fetchall())  # noqa: S608


def columns(db: Path, run_id: int) -> set[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute("SELECT site_id, column_key, status, list_url FROM columns WHERE run_id = ?",
                               [run_id]).fetchall())


def stored_bodies(evidence: Path) -> int:
    """Bodies in the evidence store so far (one index line each)."""
    return sum(len(idx.read_bytes().splitlines()) for idx in evidence.glob("packs/*.idx"))


def test_killed_crawl_resumes_to_the_same_result(server: DemoServer, tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    server.write_sites_yaml(sites)

    full_db = tmp_path / "full.duckdb"
    assert run_zwgk(*crawl_args(sites, full_db)).returncode == 0

    db = tmp_path / "killed.duckdb"
    evidence = tmp_path / "killed.evidence"
    # rows reach the database every 0.3 s, and the crawl is slowed a little so it can be caught mid-way
    slow = ["-s", "ZWGK_FLUSH_SECONDS=0.3", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
    proc = subprocess.Popen([sys.executable, "-m", "zwgk", *crawl_args(sites, db), *slow],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if stored_bodies(evidence) >= 300:
            time.sleep(1.0)  # at least one flush after the pages seen
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the crawl finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    # The crawl's database writer is killed with it (PR_SET_PDEATHSIG); it may take a moment to go.
    with connect(db, read_only=True) as con:
        status, = con.execute("SELECT status FROM runs WHERE run_id = 1").fetchone()  # type: ignore[misc]
        fetched_before = con.execute("SELECT count(*) FROM fetches WHERE run_id = 1").fetchone()[0]  # type: ignore[index]
    assert status == "running", "a killed crawl must not look complete"

    resumed = run_zwgk(*crawl_args(sites, db), "--resume")
    assert resumed.returncode == 0, resumed.stderr[-3000:]

    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("SELECT run_id, status, summary->>'replayed_from_store' FROM runs").fetchall()
        duplicates = con.execute(
            "SELECT count(*) FROM (SELECT request_fingerprint FROM fetches WHERE run_id = 1 AND status = 200 "
            "AND purpose NOT IN ('robots', 'challenge') GROUP BY request_fingerprint HAVING count(*) > 1)"
        ).fetchone()[0]  # type: ignore[index]
    assert len(runs) == 1 and runs[0][1] == "complete", runs
    replayed = int(runs[0][2])
    print(f"\n中断前已记录 {fetched_before} 次抓取；继续时从证据库取回 {replayed} 个页面")
    assert replayed > 0
    assert duplicates == 0, "a page stored before the interruption was fetched again"
    assert postings(db, 1) == postings(full_db, 1)
    assert columns(db, 1) == columns(full_db, 1)


def test_resume_without_an_interrupted_run_is_a_clear_error(server: DemoServer, tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    server.write_sites_yaml(sites)
    result = run_zwgk(*crawl_args(sites, tmp_path / "none.duckdb"), "--resume")
    assert result.returncode != 0
    assert "数据库文件不存在" in result.stderr
