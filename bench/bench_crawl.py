"""Crawl benchmark: zwgk's full crawl vs a plain Scrapy spider on the same pages, same run.

A generated static TRS-family portal (≥ 10,000 detail pages) is served by Debian's nginx on
127.0.0.50. zwgk crawls it with full extraction and evidence; then plain spiders fetch exactly the
URLs zwgk fetched, doing nothing with them: one with Scrapy's defaults (what a hand-written spider
has) and one with the Scrapy tuning zwgk itself uses (one item worker per callback instead of 100
asyncio tasks per response), the stricter baseline. All use the same concurrency, each run in a fresh
process, and the same clock: from the engine's start (spider_opened) until the crawler is done
(for zwgk: results written and the run closed). Runs alternate, and each ratio is the median of
the ratios of neighbouring runs: this machine's speed drifts by ±30 % within minutes, and runs
side by side see the same drift.

    python bench/bench_crawl.py [--postings 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HOST = "127.0.0.50"
SHARED_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
    "LOG_LEVEL": "WARNING",
}

NGINX_CONF = """
worker_processes 1;
daemon off;
user root;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html shtml; application/json json; text/plain txt; }}
    default_type application/octet-stream;
    charset utf-8;
    client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp; fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
    server {{
        listen {host}:{port};
        root {root};
        index index.html;
    }}
}}
"""

PLAIN_SPIDER = """
import sys, json
import scrapy
from scrapy.crawler import CrawlerProcess

urls = json.load(open(sys.argv[1]))
settings = json.loads(sys.argv[2])

import time
seen = []
opened = []

class Plain(scrapy.Spider):
    name = "plain"
    async def start(self):
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)
    def parse(self, response):
        seen.append(time.perf_counter())

process = CrawlerProcess({**settings, "ROBOTSTXT_OBEY": False,
                          "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor"})
crawler = process.create_crawler(Plain)
crawler.signals.connect(lambda spider: opened.append(time.perf_counter()), signal=scrapy.signals.spider_opened,
                        weak=False)
process.crawl(crawler)
process.start()
stats = crawler.stats.get_stats()
print(json.dumps({"seconds": time.perf_counter() - opened[0], "pages": stats.get("response_received_count", 0),
                  "span": max(seen) - min(seen) if seen else 0.0}))
"""

ZWGK_CRAWL = """
import sys, json, time
from datetime import date
from pathlib import Path
from scrapy import signals
from crawler.spiders.portal import PortalSpider
from zwgk.crawl import run_crawl

opened = []
class ClockedPortalSpider(PortalSpider):
    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        crawler.signals.connect(lambda spider: opened.append(time.perf_counter()), signal=signals.spider_opened,
                                weak=False)
        return super().from_crawler(crawler, *args, **kwargs)

import zwgk.crawl
zwgk.crawl.PortalSpider = ClockedPortalSpider
settings = json.loads(sys.argv[3])
summary = run_crawl(sites=Path(sys.argv[1]), year=2025, as_of=date(2026, 1, 15), db=Path(sys.argv[2]),
                    progress=False, overrides=settings)
print(json.dumps({"seconds": time.perf_counter() - opened[0], "postings": summary["postings"]}))
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_nginx(root: Path, prefix: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=prefix, host=HOST, port=port, root=root), encoding="utf-8")
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(prefix)])
    base = f"http://{HOST}:{port}/"
    for _ in range(100):
        try:
            import urllib.request

            urllib.request.urlopen(base, timeout=1).read()
            return proc, base
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"nginx did not start, see {prefix}/error.log")


def timed(cmd: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stdout


def crawl_once(sites: Path, db: Path, settings: str) -> tuple[float, float, list[str], int]:
    """One zwgk crawl into a fresh database: (seconds, first-to-last fetch seconds, URLs, postings)."""
    for stale in db.parent.glob(db.stem + "*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    _, out = timed([sys.executable, "-c", ZWGK_CRAWL, str(sites), str(db), settings])
    result = json.loads(out.strip().splitlines()[-1])
    with duckdb.connect(str(db), read_only=True) as con:
        span = con.execute("SELECT epoch(max(fetched_at)) - epoch(min(fetched_at)) FROM fetches").fetchone()[0]  # type: ignore[index]
        urls = [u for (u,) in con.execute(
            "SELECT url FROM fetches WHERE status = 200 AND purpose <> 'robots' ORDER BY fetched_at").fetchall()]
    return result["seconds"], span, urls, result["postings"]


def plain_once(url_file: Path, settings: dict[str, object]) -> tuple[float, float]:
    _, out = timed([sys.executable, "-c", PLAIN_SPIDER, str(url_file), json.dumps(settings)])
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["span"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each crawler, alternating; ratios are medians over neighbouring runs")
    args = parser.parse_args()

    from sample_portals.static import write_static_portal

    runs: dict[str, list[tuple[float, float]]] = {"zwgk": [], "defaults": [], "tuned": []}
    baselines = {"defaults": SHARED_SETTINGS, "tuned": {**SHARED_SETTINGS, "CONCURRENT_ITEMS": 1}}
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
        work = Path(tmp)
        root = work / "site"
        port = free_port()
        info = write_static_portal(root, n_postings=args.postings, base_url=f"http://{HOST}:{port}/")
        nginx, base = start_nginx(root, work / "nginx", port)
        try:
            sites = work / "sites.yaml"
            sites.write_text(f"sites:\n  - id: bench\n    name: 基准测试市人民政府\n    url: {base}\n", encoding="utf-8")
            url_file = work / "urls.json"
            for _ in range(max(1, args.repeat)):
                seconds, span, urls, postings = crawl_once(sites, work / "db" / "bench.duckdb",
                                                           json.dumps(SHARED_SETTINGS))
                runs["zwgk"].append((seconds, span))
                url_file.write_text(json.dumps(urls), encoding="utf-8")
                for name, settings in baselines.items():
                    runs[name].append(plain_once(url_file, settings))
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)

    pages = len(urls)
    print(f"portal: {info['postings']} postings, {info['pages']} static pages, served by nginx at {base}")
    print(f"pages fetched by zwgk: {pages} (the plain spiders fetch the same URLs); postings stored: {postings}; "
          f"pages per posting: {pages / max(1, postings):.3f}")
    print("clock: engine start (spider_opened) → crawler done; zwgk's includes writing and closing the run")
    for name, label in (("zwgk", "zwgk crawl (extraction + evidence + DuckDB)"),
                        ("defaults", "plain Scrapy spider, Scrapy's defaults"),
                        ("tuned", "plain Scrapy spider, zwgk's Scrapy tuning")):
        seconds = [r[0] for r in runs[name]]
        print(f"{label}: median {statistics.median(seconds):.2f} s = {pages / statistics.median(seconds):.0f} pages/s"
              f"  (runs {[round(x, 2) for x in seconds]} s)")
    for name, label in (("defaults", "Scrapy's defaults"), ("tuned", "zwgk's Scrapy tuning")):
        pair_ratios = [plain[0] / zwgk[0] for zwgk, plain in zip(runs["zwgk"], runs[name], strict=True)]
        span_ratios = [plain[1] / zwgk[1] for zwgk, plain in zip(runs["zwgk"], runs[name], strict=True)]
        print(f"ratio zwgk / plain spider with {label}: {statistics.median(pair_ratios):.2f} "
              f"(run pairs {[round(r, 2) for r in pair_ratios]}; goal ≥ 0.80); "
              f"first-to-last fetch only: {statistics.median(span_ratios):.2f}")


if __name__ == "__main__":
    main()
