"""End-to-end invariant on the sample portals: scoring the crawl equals scoring the ground truth.

The ground truth is loaded into the same crawl tables as a perfect crawler would write them
(cited links, 文号 and 《》 names included), both databases are scored with the default system,
and every site's indicator results, vetoes and total must agree.

The crawl of every sample portal takes about 20 s; run with -s to see the totals side by side.
The linker is also checked against the ground truth's links without a crawl.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas
import pytest

from crawler.urls import canonical
from sample_portals import DEMO_AS_OF
from scoring import score_run
from tests.crawl_fixture import CrawledDemo, crawl_demo, start_server

CRAWL_SCHEMA = Path(__file__).resolve().parents[1] / "crawler" / "schema.sql"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_ground_truth(truth: dict[str, Any], db_path: Path, run_id: int = 1) -> None:
    """Write the ground truth into crawl tables, as a crawler that misses nothing would."""
    sites, columns, postings = [], [], []
    for portal in truth["portals"]:
        sites.append((run_id, portal["id"], portal["name"], portal["url"], portal["region"], portal["level"],
                      portal["reachable"], _day(portal["homepage_last_updated"])))
        if not portal["reachable"]:
            continue
        links = {link["interpretation_url"]: link for link in portal["interpretation_links"]}
        doc_nos = {p["url"]: p["doc_no"] for p in portal["columns"]["policy_docs"]["postings"]}
        for key, column in portal["columns"].items():
            columns.append((run_id, portal["id"], key, column["label"], column["list_url"], column["status"],
                            len(column["postings"])))
            for posting in column["postings"]:
                link = links.get(posting["url"])
                method = link["method"] if link else None
                postings.append((
                    run_id, portal["id"], key, canonical(posting["url"]), posting["title"],
                    _day(posting["published_date"]), _day(posting["written_date"]), posting["doc_no"],
                    [canonical(link["policy_url"])] if method in ("anchor", "other_column") else None,
                    [doc_nos[link["policy_url"]]] if method == "doc_no" else None))
    frames = {
        "site_rows": pandas.DataFrame(sites, columns=["run_id", "site_id", "name", "url", "region", "level",
                                                     "reachable", "homepage_last_date"]),
        "column_rows": pandas.DataFrame(columns, columns=["run_id", "site_id", "column_key", "label", "list_url",
                                                         "status", "postings"]),
        "posting_rows": pandas.DataFrame(postings, columns=["run_id", "site_id", "column_key", "url", "title",
                                                           "published_date", "written_date", "doc_no",
                                                           "cited_urls", "cited_doc_nos"]),
    }
    con = duckdb.connect(str(db_path))
    try:
        con.execute(CRAWL_SCHEMA.read_text(encoding="utf-8"))
        con.execute(
            "INSERT INTO runs (run_id, started_at, status, year, as_of, window_start, window_end) "
            "VALUES (?, ?, 'complete', ?, ?, ?, ?)",
            [run_id, datetime.now(UTC), truth["year"], _day(truth["as_of"]), _day(truth["window_start"]),
             _day(truth["window_end"])])
        for name, frame in frames.items():
            con.register(name, frame)
        con.execute("INSERT INTO sites BY NAME SELECT * FROM site_rows")
        con.execute("INSERT INTO columns BY NAME SELECT * FROM column_rows")
        con.execute("INSERT INTO postings BY NAME SELECT * FROM posting_rows")
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledDemo]:
    with start_server() as server:
        yield crawl_demo(tmp_path_factory.mktemp("crawl"), server)


def _results(db: Path, run_id: int) -> dict[str, Any]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "indicators": {(s, i, c): (round(v, 4) if v is not None else None, st) for s, i, c, v, st in con.execute(
                "SELECT site_id, indicator, column_key, value, status FROM indicator_results WHERE run_id = ?",
                [run_id]).fetchall()},
            "vetoes": sorted(con.execute("SELECT site_id, rule, level, value FROM vetoes WHERE run_id = ?",
                                         [run_id]).fetchall()),
            "totals": dict(con.execute("SELECT site_id, total FROM scores WHERE run_id = ?", [run_id]).fetchall()),
        }


def test_crawled_scores_equal_ground_truth_scores(demo: CrawledDemo, tmp_path: Path) -> None:
    truth_db = tmp_path / "truth.duckdb"
    load_ground_truth(demo.truth, truth_db)
    score_run(truth_db)
    score_run(demo.db, run_id=demo.run_id)
    truth, crawled = _results(truth_db, 1), _results(demo.db, demo.run_id)
    print("\n站点得分（真值 / 抓取）：", {s: (float(t), float(crawled["totals"].get(s, -1)))
                                      for s, t in sorted(truth["totals"].items())})
    differing = {key: (value, crawled["indicators"].get(key)) for key, value in truth["indicators"].items()
                 if crawled["indicators"].get(key) != value}
    assert differing == {}
    assert crawled["vetoes"] == truth["vetoes"]
    assert crawled["totals"] == truth["totals"]


def test_linker_finds_exactly_the_ground_truth_links(tmp_path: Path) -> None:
    with start_server() as server:
        truth = json.loads(json.dumps(server.ground_truth(), default=str))
    db = tmp_path / "truth.duckdb"
    load_ground_truth(truth, db)
    score_run(db)
    with duckdb.connect(str(db), read_only=True) as con:
        found = {(site, interp, policy) for site, interp, policy in con.execute(
            "SELECT site_id, interpretation_url, policy_url FROM interpretation_links").fetchall()}
    # links are sought for policies from 92 days before the window on (see docs/scoring.md)
    first_day = (date.fromisoformat(truth["window_start"]) - timedelta(days=92)).isoformat()
    dates = {canonical(p["url"]): p["published_date"] for portal in truth["portals"]
             for p in portal["columns"]["policy_docs"]["postings"]}
    expected = {(portal["id"], canonical(link["interpretation_url"]), canonical(link["policy_url"]))
                for portal in truth["portals"] for link in portal["interpretation_links"]
                if first_day <= dates[canonical(link["policy_url"])] <= DEMO_AS_OF.isoformat()}
    assert len(expected) > 200
    assert sorted(expected - found) == []
    assert sorted(found - expected) == []
