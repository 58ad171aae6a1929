"""Crawl-health thresholds on a hand-built database: drops, undated rows, cut titles, fetch errors."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from crawler.health import check_health
from crawler.store import connect


def seed(path: Path) -> None:
    con = connect(path)
    for run_id in (1, 2):
        con.execute("INSERT INTO runs (run_id, started_at, status, year, as_of, window_start, window_end) "
                    "VALUES (?, ?, 'complete', 2025, DATE '2026-01-15', DATE '2025-01-01', DATE '2025-12-31')",
                    [run_id, datetime(2026, 1, 15)])
        con.execute("INSERT INTO sites (run_id, site_id, name, url) VALUES (?, 's', '测试', 'http://127.0.0.1/')",
                    [run_id])
    previous = {"news": 40, "notices": 40, "policy_docs": 20, "plans": 5}
    current = {"news": 3, "notices": 38, "policy_docs": 20, "plans": 0}
    for run_id, counts in ((1, previous), (2, current)):
        for key, n in counts.items():
            con.execute("INSERT INTO columns (run_id, site_id, column_key, status, postings) VALUES (?, 's', ?, ?, ?)",
                        [run_id, key, "ok" if n else "empty", n])
            for i in range(n):
                undated = key == "notices" and run_id == 2 and i < 10
                cut = key == "policy_docs" and run_id == 2 and i < 5
                con.execute(
                    "INSERT INTO postings (run_id, site_id, column_key, url, title, published_date) "
                    "VALUES (?, 's', ?, ?, ?, ?)",
                    [run_id, key, f"http://127.0.0.1/{key}/{i}", "关于某事的通知…" if cut else "关于某事的通知",
                     None if undated else date(2025, 6, 1)])
    for i in range(5):
        con.execute("INSERT INTO fetches (run_id, site_id, url, column_key, error, fetched_at) "
                    "VALUES (2, 's', ?, 'plans', 'timeout', now())", [f"http://127.0.0.1/plans/{i}"])
    con.close()


def test_flags_follow_the_thresholds(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    seed(db)
    con = connect(db)
    flagged = {(row["column_key"]): row["flags"] for row in check_health(con, 2)}
    assert flagged == {"news": ["drop"], "notices": ["undated"], "policy_docs": ["truncated_titles"],
                       "plans": ["fetch_errors"]}
    previous, = con.execute("SELECT previous_postings FROM crawl_health WHERE run_id = 2 AND column_key = 'news'"
                            ).fetchone()
    assert previous == 40
    reviews = dict(con.execute("SELECT column_key, review FROM columns WHERE run_id = 2").fetchall())
    assert reviews == {"news": True, "notices": True, "policy_docs": True, "plans": True}
    assert con.execute("SELECT count(*) FROM crawl_health WHERE run_id = 1 AND len(flags) > 0").fetchone() == (0,)
    con.close()


def test_first_run_has_nothing_to_compare(tmp_path: Path) -> None:
    db = tmp_path / "h.duckdb"
    seed(db)
    con = connect(db)
    check_health(con, 1)
    assert con.execute("SELECT count(*) FROM crawl_health WHERE run_id = 1 AND previous_run_id IS NOT NULL"
                       ).fetchone() == (0,)
    con.close()
