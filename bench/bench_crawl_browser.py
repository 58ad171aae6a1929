"""Crawl benchmark with the browser in the mix: about 20 % of list pages need Chromium.

Two portals: the generated static TRS portal (nginx, plain HTTP) and the sample JavaScript-shell
portal (its lists are filled by script; API use is switched off so they must be rendered). Prints
pages/s, rendered pages/s, the share of rendered list pages, peak memory of the whole crawl
(crawler, parser worker, Playwright driver and Chromium), and the non-rendered pages' rate against a
plain Scrapy spider fetching the same non-rendered URLs (goal ≥ 0.8).

    python bench/bench_crawl_browser.py [--static-postings 2500]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_crawl import HOST, PLAIN_SPIDER, SHARED_SETTINGS, ZWGK_CRAWL, free_port, start_nginx  # noqa: E402


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


def crawl_once(sites: Path, db: Path, settings: dict[str, object]) -> dict[str, object]:
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
        plain_urls = [u for (u,) in con.execute(
            "SELECT url FROM fetches WHERE site_id = 'static' AND status IS NOT NULL "
            "AND purpose NOT IN ('robots', 'homepage') ORDER BY fetched_at").fetchall()]
    return {"seconds": seconds, "total": total, "rendered": rendered, "rendered_lists": rendered_lists,
            "lists": lists, "render_span": render_span or 0.0, "plain_count": plain_count,
            "plain_span": plain_span, "plain_urls": plain_urls, "peak_kib": peak_kib}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--static-postings", type=int, default=1800,
                        help="size of the plain portal; 1,800 makes about 20 %% of all list pages rendered")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each crawler, alternating; the median run of each is used (noisy machines)")
    args = parser.parse_args()

    from sample_portals import DemoServer, build_portals
    from sample_portals.static import write_static_portal

    runs: list[dict[str, object]] = []
    plain_runs: list[dict[str, float]] = []
    tuned_runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp, DemoServer(build_portals(), port=0) as demo:
        work = Path(tmp)
        port = free_port()
        write_static_portal(work / "site", n_postings=args.static_postings, base_url=f"http://{HOST}:{port}/")
        nginx, base = start_nginx(work / "site", work / "nginx", port)
        try:
            sites = work / "sites.yaml"
            sites.write_text(
                f"sites:\n  - id: static\n    name: 基准测试市人民政府\n    url: {base}\n"
                f"  - id: dongpo\n    name: 东坡区人民政府\n    url: {demo.urls['dongpo']}\n", encoding="utf-8")
            settings = {**SHARED_SETTINGS, "ZWGK_JSON_API": False}
            url_file = work / "urls.json"
            for _ in range(max(1, args.repeat)):
                run = crawl_once(sites, work / "db" / "bench.duckdb", settings)
                runs.append(run)
                url_file.write_text(json.dumps(run["plain_urls"]), encoding="utf-8")
                for baseline, into in ((SHARED_SETTINGS, plain_runs),
                                       ({**SHARED_SETTINGS, "CONCURRENT_ITEMS": 1}, tuned_runs)):
                    result = subprocess.run([sys.executable, "-c", PLAIN_SPIDER, str(url_file), json.dumps(baseline)],
                                            capture_output=True, text=True, check=True)
                    into.append(json.loads(result.stdout.strip().splitlines()[-1]))
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)

    # Medians, not the best run of each: a lucky run of either side would decide the ratio.
    best = sorted(runs, key=lambda r: float(r["plain_count"]) / float(r["plain_span"]))[len(runs) // 2]  # type: ignore[arg-type]
    plain = sorted(plain_runs, key=lambda r: r["pages"] / r["seconds"])[len(plain_runs) // 2]
    seconds, total, rendered = float(best["seconds"]), int(best["total"]), int(best["rendered"])  # type: ignore[arg-type]
    lists, rendered_lists = int(best["lists"]), int(best["rendered_lists"])  # type: ignore[arg-type]
    zwgk_plain_rate = float(best["plain_count"]) / float(best["plain_span"])  # type: ignore[arg-type]
    plain_rate = plain["pages"] / plain["seconds"]
    print(f"pages fetched: {total} in {seconds:.1f} s = {total / seconds:.0f} pages/s")
    print(f"list pages: {lists}, rendered in Chromium: {rendered_lists} ({rendered_lists / max(1, lists):.0%}); "
          f"all rendered pages: {rendered} = {rendered / seconds:.1f} rendered pages/s over the whole crawl, "
          f"{rendered / max(0.001, float(best['render_span'])):.1f}/s while rendering")  # type: ignore[arg-type]
    print(f"peak memory of the crawl (PSS of crawler + parser worker + Playwright + Chromium): "
          f"{max(int(r['peak_kib']) for r in runs) / 1024:.0f} MiB")  # type: ignore[call-overload]
    print(f"plain portal: {best['plain_count']} pages fetched over {float(best['plain_span']):.1f} s "  # type: ignore[arg-type]
          "while the browser worked beside them")
    print(f"runs (plain portal pages/s): zwgk {[round(float(r['plain_count']) / float(r['plain_span'])) for r in runs]}, "  # type: ignore[arg-type]
          f"plain Scrapy {[round(r['pages'] / r['seconds']) for r in plain_runs]}; the median run of each is used")
    print(f"plain portal: zwgk {zwgk_plain_rate:.0f} pages/s vs plain Scrapy (Scrapy's defaults) {plain_rate:.0f} pages/s "
          f"on the same {plain['pages']} URLs: ratio {zwgk_plain_rate / plain_rate:.2f} (goal ≥ 0.80)")
    tuned = sorted(tuned_runs, key=lambda r: r["pages"] / r["seconds"])[len(tuned_runs) // 2]
    tuned_rate = tuned["pages"] / tuned["seconds"]
    print(f"plain portal: zwgk {zwgk_plain_rate:.0f} pages/s vs plain Scrapy with zwgk's Scrapy tuning "
          f"(CONCURRENT_ITEMS=1) {tuned_rate:.0f} pages/s: ratio {zwgk_plain_rate / tuned_rate:.2f}")


if __name__ == "__main__":
    main()
