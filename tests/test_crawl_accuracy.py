"""The crawler against the sample portals' ground truth (not against its own output).

One real crawl (``zwgk crawl`` in a subprocess, real HTTP on 127.0.0.x) feeds every test here.
Figures are printed; run ``pytest -s tests/test_crawl_accuracy.py`` to see them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from crawler.urls import canonical
from tests.crawl_fixture import CrawledDemo, crawl_demo, start_server

RECALL_MIN = 0.995
PRECISION_MIN = 0.995
PUBLISHED_MIN = 0.995
POLICY_FIELDS_MIN = 0.99


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledDemo]:
    with start_server() as server:
        yield crawl_demo(tmp_path_factory.mktemp("crawl"), server)


def _key(url: str) -> str:
    return canonical(url)


def _in_window(day: str | None, truth: dict[str, Any]) -> bool:
    return day is not None and truth["window_start"] <= day <= truth["as_of"]


def _crawled_portals(demo: CrawledDemo) -> list[dict[str, Any]]:
    """Portals the crawler must read fully: every reachable one, except a portal that needs the
    browser *and* was honestly recorded as ``failed`` (allowed while rendering is switched off)."""
    failed_everywhere = {site for site, n_ok in demo.query(
        "SELECT site_id, count(*) FILTER (WHERE status <> 'failed') FROM columns WHERE run_id = ? GROUP BY site_id",
        [demo.run_id]) if n_ok == 0}
    portals = [p for p in demo.truth["portals"] if p["reachable"]
               and not (p.get("needs_browser") and p["id"] in failed_everywhere)]
    skipped = sorted(p["id"] for p in demo.truth["portals"] if p["reachable"] and p not in portals)
    if skipped:
        print(f"\n需要浏览器且记为 failed 的站点（不计入准确率）：{skipped}")
    return portals


def _crawled_postings(demo: CrawledDemo) -> dict[tuple[str, str, str], dict[str, Any]]:
    rows = demo.query(
        "SELECT site_id, column_key, url, title, published_date, written_date, doc_no FROM postings "
        "WHERE run_id = ?", [demo.run_id])
    return {
        (site, column, _key(url)): {"title": title, "published_date": published, "written_date": written,
                                    "doc_no": doc_no}
        for site, column, url, title, published, written, doc_no in rows
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def test_column_discovery_is_complete(demo: CrawledDemo) -> None:
    found = {(s, c): (status, url) for s, c, status, url in demo.query(
        "SELECT site_id, column_key, status, list_url FROM columns WHERE run_id = ?", [demo.run_id])}
    checked, right, wrong = 0, 0, []
    for portal in _crawled_portals(demo):
        for key, column in portal["columns"].items():
            checked += 1
            status, url = found.get((portal["id"], key), (None, None))
            if column["status"] == "absent":
                ok = status == "absent"
            else:
                ok = status not in (None, "absent") and url is not None and _key(url) == _key(column["list_url"])
            right += ok
            if not ok:
                wrong.append(f"{portal['id']}.{key}: truth {column['status']} {column['list_url']}, got {status} {url}")
    print(f"\n栏目发现：{right}/{checked} = {right / checked:.2%}")
    assert not wrong, "\n".join(wrong)


def test_column_status_matches_truth(demo: CrawledDemo) -> None:
    found = {(s, c): status for s, c, status in demo.query(
        "SELECT site_id, column_key, status FROM columns WHERE run_id = ?", [demo.run_id])}
    wrong = []
    for portal in _crawled_portals(demo):
        for key, column in portal["columns"].items():
            got = found.get((portal["id"], key))
            if got != column["status"]:
                wrong.append(f"{portal['id']}.{key}: truth {column['status']}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_postings_recall_precision_and_dates(demo: CrawledDemo) -> None:
    crawled = _crawled_postings(demo)
    truth_keys: set[tuple[str, str, str]] = set()
    expected: dict[tuple[str, str, str], dict[str, Any]] = {}
    portals = {p["id"] for p in _crawled_portals(demo)}
    for portal in _crawled_portals(demo):
        for key, column in portal["columns"].items():
            for posting in column["postings"]:
                if _in_window(posting["published_date"], demo.truth):
                    k = (portal["id"], key, _key(posting["url"]))
                    truth_keys.add(k)
                    expected[k] = posting
    crawled_in_window = {k for k, v in crawled.items()
                         if k[0] in portals and _in_window(_iso(v["published_date"]), demo.truth)}
    hits = truth_keys & set(crawled)
    recall = len(hits) / len(truth_keys)
    precision = len(crawled_in_window & truth_keys) / max(1, len(crawled_in_window))
    date_right = sum(1 for k in hits if _iso(crawled[k]["published_date"]) == expected[k]["published_date"])
    policy = [k for k in hits if k[1] == "policy_docs"]
    written_right = sum(1 for k in policy if _iso(crawled[k]["written_date"]) == expected[k]["written_date"])
    doc_no_right = sum(1 for k in policy if (crawled[k]["doc_no"] or None) == (expected[k]["doc_no"] or None))
    published = date_right / max(1, len(hits))
    written = written_right / max(1, len(policy))
    doc_no = doc_no_right / max(1, len(policy))
    print(f"\n条目（窗口内，{len(portals)} 个站点）：真值 {len(truth_keys)}，抓到 {len(hits)}，"
          f"召回率 {recall:.2%}，精确率 {precision:.2%}")
    print(f"发布日期准确率 {published:.2%}；政策文件成文日期 {written:.2%}、文号 {doc_no:.2%}（{len(policy)} 条）")
    missing = sorted(truth_keys - set(crawled))[:15]
    extra = sorted(crawled_in_window - truth_keys)[:15]
    wrong_dates = [(k, _iso(crawled[k]["published_date"]), expected[k]["published_date"]) for k in sorted(hits)
                   if _iso(crawled[k]["published_date"]) != expected[k]["published_date"]][:15]
    detail = f"missing {missing}\nextra {extra}\nwrong dates {wrong_dates}"
    assert recall >= RECALL_MIN, detail
    assert precision >= PRECISION_MIN, detail
    assert published >= PUBLISHED_MIN, detail
    assert written >= POLICY_FIELDS_MIN and doc_no >= POLICY_FIELDS_MIN, detail


def test_unreachable_site_is_recorded_not_empty(demo: CrawledDemo) -> None:
    for portal in demo.truth["portals"]:
        if portal["reachable"]:
            continue
        reachable = demo.query("SELECT reachable FROM sites WHERE run_id = ? AND site_id = ?",
                               [demo.run_id, portal["id"]])
        assert reachable == [(False,)]
        statuses = {s for (s,) in demo.query(
            "SELECT DISTINCT status FROM columns WHERE run_id = ? AND site_id = ?", [demo.run_id, portal["id"]])}
        assert statuses == {"failed"}


def test_browser_portals_are_failed_or_read_never_empty(demo: CrawledDemo) -> None:
    for portal in demo.truth["portals"]:
        if not portal.get("needs_browser"):
            continue
        rows = demo.query("SELECT column_key, status FROM columns WHERE run_id = ? AND site_id = ?",
                          [demo.run_id, portal["id"]])
        for key, status in rows:
            truth_status = portal["columns"][key]["status"]
            assert status != "empty" or truth_status == "empty", f"{portal['id']}.{key} scored empty"


def test_every_fetch_is_evidence(demo: CrawledDemo) -> None:
    from crawler.evidence import EvidenceStore

    store = EvidenceStore.beside(demo.db)
    rows = demo.query("SELECT url, sha256, bytes FROM fetches WHERE run_id = ? AND sha256 IS NOT NULL",
                      [demo.run_id])
    assert len(rows) > 100
    for url, sha, size in rows[:200]:
        assert len(store.get(sha)) == size, url
    unfetched = demo.query(
        "SELECT count(*) FROM fetches f JOIN postings p ON f.url = p.url AND p.run_id = f.run_id "
        "WHERE f.run_id = ? AND (p.external OR p.attachment)", [demo.run_id])
    assert unfetched == [(0,)], "off-site items and attachments must not be fetched"


def test_robots_disallowed_paths_never_requested(demo: CrawledDemo) -> None:
    for portal in demo.truth["portals"]:
        for fault in portal.get("faults", []):
            if fault["kind"] != "robots":
                continue
            paths = [r.path for r in demo.server.requests(portal["id"])]
            disallowed = fault.get("path") or "/search/"
            assert not any(p.startswith(disallowed) for p in paths), paths


def test_calendar_trap_is_not_walked(demo: CrawledDemo) -> None:
    from urllib.parse import urlsplit

    traps = [(p["id"], urlsplit(f["url"]).path) for p in demo.truth["portals"] for f in p.get("faults", [])
             if f["kind"] == "calendar_trap"]
    assert traps, "the sample portals should contain a calendar trap"
    for portal_id, path in traps:
        hits = [r.path for r in demo.server.requests(portal_id) if r.path.startswith(path.rstrip("/") or "/calendar")]
        assert len(hits) <= 1, hits


def test_run_is_complete_and_summarised(demo: CrawledDemo) -> None:
    status, = demo.query("SELECT status FROM runs WHERE run_id = ?", [demo.run_id])[0]
    assert status == "complete"
    assert "抓取小结" in demo.output

