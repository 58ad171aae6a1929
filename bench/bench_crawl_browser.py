"""Crawl benchmark with the browser in the mix: about 20 % of list pages need Chromium.

One generated static TRS portal (nginx, plain HTTP) and several copies of the sample JavaScript-shell
portal, each on its own loopback address (their lists are filled by script; API use is switched off
so they must be rendered). Their shells are found at once, so the browser starts and works beside the
plain portal for the whole of its crawl (at a lower priority: it renders when the crawl leaves it CPU).
Prints pages/s, rendered pages/s, the share of rendered list pages, peak memory of the whole crawl
(crawler, its helper processes, Playwright driver and Chromium), and the plain portal's rate against
plain Scrapy spiders fetching the same URLs, on the same clock: first to last response (goal ≥ 0.8).

    python bench/bench_crawl_browser.py [--static-postings 10000] [--js-portals 6] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_crawl import HOST, PLAIN_SPIDER, SHARED_SETTINGS, ZWGK_CRAWL, free_port, start_nginx  # noqa: E402

JS_PORTAL = "dongpo"  # the sample portal whose lists are filled by JavaScript
JS_HOST_BASE = 60  # its copies answer on 127.0.0.60, .61, …


def tree_rss_kib(root_pid: int) -> int:
    """Memory of a process and all its descendants: the sum of their PSS (shared pages split between
    the processes that share them, so Chromium's processes are not counted many times over)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        pid = int(status.parent.name)
        parents[pid] = int(fields.get("PPid", "0").strip())
        rss[pid] = pss_kib(status.parent)
    total, wanted = 0, {root_pid}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in wanted and pid not in wanted:
                wanted.add(pid)
                changed = True
    for pid in wanted:
        total += rss.get(pid, 0)
    return total


def pss_kib(proc_dir: Path) -> int:
    try:
        for line in (proc_dir / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_sampled(cmd: list[str]) -> tuple[int, str]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"crawl failed:\n{err[-3000:]}")
    return peak, out


def crawl_once(sites: Path, db: Path, settings: dict[str, object]) -> dict[str, Any]:
    """One zwgk crawl of the mix into a fresh database, with the figures read back from it."""
    for stale in db.parent.glob(db.stem + "*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    peak_kib, _ = run_sampled([sys.executable, "-c", ZWGK_CRAWL, str(sites), str(db), json.dumps(settings)])
    with duckdb.connect(str(db), read_only=True) as con:
        seconds = con.execute("SELECT epoch(finished_at) - epoch(started_at) FROM runs").fetchone()[0]  # type: ignore[index]
        total, rendered, rendered_lists, lists = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE rendered), "
            "count(*) FILTER (WHERE rendered AND purpose = 'list'), count(*) FILTER (WHERE purpose = 'list') "
            "FROM fetches WHERE status IS NOT NULL AND purpose <> 'robots'").fetchone()  # type: ignore[misc]
        render_span = con.execute(
            "SELECT epoch(max(fetched_at)) - epoch(min(fetched_at)) FROM fetches WHERE rendered").fetchone()[0]  # type: ignore[index]
        plain_count, plain_span = con.execute(
            "SELECT count(*), epoch(max(fetched_at)) - epoch(min(fetched_at)) FROM fetches "
            "WHERE site_id = 'static' AND status IS NOT NULL AND purpose NOT IN ('robots', 'homepage')"
        ).fetchone()  # type: ignore[misc]
        rendered_beside = con.execute(
            "SELECT count(*) FROM fetches WHERE rendered AND fetched_at BETWEEN "
            "(SELECT min(fetched_at) FROM fetches WHERE site_id = 'static' AND purpose NOT IN ('robots', 'homepage')) "
            "AND (SELECT max(fetched_at) FROM fetches WHERE site_id = 'static')").fetchone()[0]  # type: ignore[index]
        others_beside = con.execute(
            "SELECT count(*) FROM fetches WHERE site_id <> 'static' AND NOT rendered AND status IS NOT NULL "
            "AND fetched_at BETWEEN "
            "(SELECT min(fetched_at) FROM fetches WHERE site_id = 'static' AND purpose NOT IN ('robots', 'homepage')) "
            "AND (SELECT max(fetched_at) FROM fetches WHERE site_id = 'static')").fetchone()[0]  # type: ignore[index]
        plain_urls = [u for (u,) in con.execute(
            "SELECT url FROM fetches WHERE site_id = 'static' AND status IS NOT NULL "
            "AND purpose NOT IN ('robots', 'homepage') ORDER BY fetched_at").fetchall()]
    return {"seconds": seconds, "total": total, "rendered": rendered, "rendered_lists": rendered_lists,
            "lists": lists, "render_span": render_span or 0.0, "plain_count": plain_count,
            "plain_span": plain_span, "plain_urls": plain_urls, "peak_kib": peak_kib,
            "rendered_beside": rendered_beside, "others_beside": others_beside}


def js_portals(count: int) -> list[Any]:
    """``count`` copies of the sample JavaScript-shell portal, each on its own loopback address."""
    from sample_portals import build_portals

    copies = []
    for number in range(count):
        portal = next(p for p in build_portals() if p.id == JS_PORTAL)
        portal.id, portal.host = f"{JS_PORTAL}{number + 1}", f"127.0.0.{JS_HOST_BASE + number}"
        copies.append(portal)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--static-postings", type=int, default=10_000,
                        help="size of the plain portal (nginx)")
    parser.add_argument("--js-portals", type=int, default=6,
                        help="copies of the JavaScript-shell portal; 6 beside 10,000 postings make about 20 %% "
                             "of all list pages rendered")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each crawler, alternating; ratios are medians over neighbouring runs")
    args = parser.parse_args()

    from sample_portals import DemoServer
    from sample_portals.static import write_static_portal

    runs: list[dict[str, Any]] = []
    alone: list[dict[str, Any]] = []  # zwgk on the plain portal without the JavaScript portals
    baselines: dict[str, list[dict[str, float]]] = {"defaults": [], "tuned": []}
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp, DemoServer(js_portals(args.js_portals)) as demo:
        work = Path(tmp)
        port = free_port()
        write_static_portal(work / "site", n_postings=args.static_postings, base_url=f"http://{HOST}:{port}/")
        nginx, base = start_nginx(work / "site", work / "nginx", port)
        try:
            sites = work / "sites.yaml"
            sites.write_text(
                f"sites:\n  - id: static\n    name: 基准测试市人民政府\n    url: {base}\n"
                + "".join(f"  - id: {site_id}\n    name: 东坡区人民政府\n    url: {url}\n"
                          for site_id, url in demo.urls.items()), encoding="utf-8")
            settings = {**SHARED_SETTINGS, "ZWGK_JSON_API": False}
            plain_only = work / "plain-only.yaml"
            plain_only.write_text(f"sites:\n  - id: static\n    name: 基准测试市人民政府\n    url: {base}\n", encoding="utf-8")
            url_file = work / "urls.json"
            for _ in range(max(1, args.repeat)):
                run = crawl_once(sites, work / "db" / "bench.duckdb", settings)
                runs.append(run)
                alone.append(crawl_once(plain_only, work / "db" / "bench.duckdb", settings))
                url_file.write_text(json.dumps(run["plain_urls"]), encoding="utf-8")
                for name, baseline in (("defaults", SHARED_SETTINGS),
                                       ("tuned", {**SHARED_SETTINGS, "CONCURRENT_ITEMS": 1})):
                    result = subprocess.run([sys.executable, "-c", PLAIN_SPIDER, str(url_file), json.dumps(baseline)],
                                            capture_output=True, text=True, check=True)
                    baselines[name].append(json.loads(result.stdout.strip().splitlines()[-1]))
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)

    middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    seconds, total, rendered = middle["seconds"], middle["total"], middle["rendered"]
    lists, rendered_lists = middle["lists"], middle["rendered_lists"]
    print(f"portals: one plain portal of {args.static_postings} postings (nginx) and {args.js_portals} "
          "JavaScript-shell portals (API use off, so their lists must be rendered)")
    print(f"pages fetched: {total} in {seconds:.1f} s = {total / seconds:.0f} pages/s (median run)")
    print(f"list pages: {lists}, rendered in Chromium: {rendered_lists} ({rendered_lists / max(1, lists):.0%}); "
          f"all rendered pages: {rendered} = {rendered / seconds:.1f} rendered pages/s over the whole crawl, "
          f"{rendered / max(0.001, middle['render_span']):.1f}/s while rendering")
    print(f"peak memory of the crawl (PSS of crawler + helpers + Playwright + Chromium): "
          f"{max(r['peak_kib'] for r in runs) / 1024:.0f} MiB")
    rates = [r["plain_count"] / r["plain_span"] for r in runs]
    print(f"plain portal in zwgk's crawl: {middle['plain_count']} pages, fetched while the browser started and worked "
          f"beside them ({[r['rendered_beside'] for r in runs]} pages rendered meanwhile, per run: Chromium runs "
          f"behind the crawl); pages/s per run {[round(x) for x in rates]}")
    print("clock for both sides: first to last response from the plain portal")
    print(f"the JavaScript portals' pages fetched without the browser in that window: "
          f"{[r['others_beside'] for r in runs]} per run (counted in 'all non-rendered pages' below)")
    alone_rates = [r["plain_count"] / r["plain_span"] for r in alone]
    costs = [ours / by_itself for ours, by_itself in zip(rates, alone_rates, strict=True)]
    print(f"zwgk on the plain portal alone (no browser): pages/s per run {[round(x) for x in alone_rates]}; "
          f"with the browser beside / alone: {statistics.median(costs):.2f} (run pairs {[round(x, 2) for x in costs]})")
    all_plain = [(r["plain_count"] + r["others_beside"]) / r["plain_span"] for r in runs]
    for name, label in (("defaults", "Scrapy's defaults"), ("tuned", "zwgk's Scrapy tuning (CONCURRENT_ITEMS=1)")):
        plain_rates = [r["pages"] / r["span"] for r in baselines[name]]
        ratios = [ours / theirs for ours, theirs in zip(rates, plain_rates, strict=True)]
        all_ratios = [ours / theirs for ours, theirs in zip(all_plain, plain_rates, strict=True)]
        print(f"plain Scrapy spider, {label}: pages/s per run {[round(x) for x in plain_rates]}; "
              f"ratio zwgk / plain: the plain portal's pages {statistics.median(ratios):.2f} "
              f"(run pairs {[round(x, 2) for x in ratios]}), all non-rendered pages "
              f"{statistics.median(all_ratios):.2f} (run pairs {[round(x, 2) for x in all_ratios]}); goal ≥ 0.80")


if __name__ == "__main__":
    main()
