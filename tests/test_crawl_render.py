"""The browser path on its own: a JavaScript-filled list rendered in Chromium when its API is not used,
and the cookie challenge; both judged against the sample portals' ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import yaml

from crawler.urls import canonical
from sample_portals import DEMO_AS_OF, DEMO_YEAR, DemoServer
from tests.crawl_fixture import start_server

CRAWL = (
    "import json, sys; from datetime import date; from pathlib import Path; from zwgk.crawl import run_crawl; "
    "run_crawl(sites=Path(sys.argv[1]), year=int(sys.argv[3]), as_of=date.fromisoformat(sys.argv[4]), "
    "db=Path(sys.argv[2]), progress=False, overrides=json.loads(sys.argv[5]))"
)


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with start_server() as running:
        yield running


def crawl_only(server: DemoServer, site_ids: set[str], work: Path, overrides: dict[str, object]) -> Path:
    sites = work / "all.yaml"
    server.write_sites_yaml(sites)
    data = yaml.safe_load(sites.read_text(encoding="utf-8"))
    data["sites"] = [site for site in data["sites"] if site["id"] in site_ids]
    chosen = work / "sites.yaml"
    chosen.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = work / "render.duckdb"
    result = subprocess.run([sys.executable, "-c", CRAWL, str(chosen), str(db), str(DEMO_YEAR),
                             DEMO_AS_OF.isoformat(), json.dumps(overrides)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return db


def truth_urls(server: DemoServer, site_id: str) -> set[tuple[str, str]]:
    truth = json.loads(json.dumps(server.ground_truth(), default=str))
    portal = next(p for p in truth["portals"] if p["id"] == site_id)
    return {(key, canonical(p["url"])) for key, column in portal["columns"].items() for p in column["postings"]
            if p["published_date"] and truth["window_start"] <= p["published_date"] <= truth["as_of"]}


def crawled_urls(db: Path, site_id: str) -> set[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT column_key, url FROM postings WHERE site_id = ? AND published_date "
                           "BETWEEN DATE '2025-01-01' AND ?", [site_id, DEMO_AS_OF]).fetchall()
    return {(key, canonical(url)) for key, url in rows}


def test_js_shell_rendered_when_its_api_is_not_used(server: DemoServer, tmp_path: Path) -> None:
    # Beside a plain portal, with few download slots: requests waiting for a browser page must not
    # take the slots the plain portal needs (crawler/browsergate.py).
    probe = tmp_path / "probe.json"
    db = crawl_only(server, {"dongpo", "qingzhou"}, tmp_path, {
        "ZWGK_JSON_API": False, "CONCURRENT_REQUESTS": 4, "ZWGK_TEST_PROBE_FILE": str(probe),
        "EXTENSIONS": {"crawler.gctuning.GcThresholds": 100, "tests.browser_probe.BrowserSlotProbe": 900}})
    downloader = json.loads(probe.read_text())
    expected, got = truth_urls(server, "dongpo"), crawled_urls(db, "dongpo")
    recall = len(expected & got) / len(expected)
    with duckdb.connect(str(db), read_only=True) as con:
        rendered, = con.execute("SELECT count(*) FROM fetches WHERE rendered AND render_reason = 'js_shell'"
                                ).fetchone()  # type: ignore[misc]
        plain_details, = con.execute("SELECT count(*) FROM fetches WHERE site_id = 'dongpo' AND purpose = 'detail' "
                                     "AND NOT rendered").fetchone()  # type: ignore[misc]
        api_calls, = con.execute("SELECT count(*) FROM fetches WHERE url LIKE '%/api/%'").fetchone()  # type: ignore[misc]
    print(f"\n东坡区（浏览器渲染列表）：召回率 {recall:.2%}，渲染页面 {rendered}，普通详情页 {plain_details}；"
          f"下载器中同时最多 {downloader['most_browser']} 个浏览器请求（共 4 个下载位）")
    assert recall >= 0.995
    assert got - expected == set(), sorted(got - expected)[:5]
    assert rendered > 0 and plain_details > 0 and api_calls == 0
    assert downloader["most_browser"] == 2  # half the download slots at most, and the gate did open
    assert downloader["most_plain"] >= 2  # the plain portal kept the other half


def test_render_switched_off_fails_honestly(server: DemoServer, tmp_path: Path) -> None:
    db = crawl_only(server, {"jinshui"}, tmp_path, {"ZWGK_RENDER": False})
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM columns").fetchall()}
        review, = con.execute("SELECT bool_and(review) FROM columns").fetchone()  # type: ignore[misc]
    assert statuses == {"failed"} and review is True


def test_challenge_met_deep_in_the_site_is_solved_and_the_request_repeated(server: DemoServer, tmp_path: Path) -> None:
    """A resumed or re-extracted crawl has the stored homepage but no cookie: the first list page it
    must fetch meets the 412 challenge; the browser solves it and the list page is asked again."""
    db = crawl_only(server, {"jinshui"}, tmp_path, {})
    with duckdb.connect(str(db)) as con:
        first = set(con.execute("SELECT column_key, url, published_date FROM postings WHERE run_id = 1").fetchall())
        con.execute("DELETE FROM fetches WHERE run_id = 1 AND purpose IN ('list', 'detail')")
    script = CRAWL.replace("overrides=json.loads(sys.argv[5]))", "overrides=json.loads(sys.argv[5]), reuse_run=1)")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "sites.yaml"), str(db), str(DEMO_YEAR),
                             DEMO_AS_OF.isoformat(), "{}"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        second = set(con.execute("SELECT column_key, url, published_date FROM postings WHERE run_id = 2").fetchall())
        challenges = con.execute("SELECT url FROM fetches WHERE run_id = 2 AND render_reason = 'challenge'").fetchall()
        statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM columns WHERE run_id = 2").fetchall()}
    assert challenges and all(url != server.urls["jinshui"] for (url,) in challenges)
    assert "failed" not in statuses
    assert second == first and len(first) > 100
