"""Crawl benchmark: zwgk's full crawl vs a plain Scrapy spider on the same pages, same run.

A generated static TRS-family portal (≥ 10,000 detail pages) is served by Debian's nginx on
127.0.0.50. zwgk crawls it with full extraction and evidence; then a plain spider fetches exactly
the URLs zwgk fetched, doing nothing with them. Both use the same concurrency settings, each in a
fresh process. Prints pages/s of both, their ratio (goal ≥ 0.8) and pages fetched per posting.

    python bench/bench_crawl.py [--postings 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
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

class Plain(scrapy.Spider):
    name = "plain"
    async def start(self):
        for url in urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)
    def parse(self, response):
        seen.append(time.time())

process = CrawlerProcess({**settings, "ROBOTSTXT_OBEY": False,
                          "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor"})
crawler = process.create_crawler(Plain)
process.crawl(crawler)
process.start()
stats = crawler.stats.get_stats()
print(json.dumps({"seconds": (stats["finish_time"] - stats["start_time"]).total_seconds(),
                  "pages": stats.get("response_received_count", 0),
                  "span": max(seen) - min(seen) if seen else 0.0}))
"""

ZWGK_CRAWL = """
import sys, json
from datetime import date
from pathlib import Path
from zwgk.crawl import run_crawl
settings = json.loads(sys.argv[3])
summary = run_crawl(sites=Path(sys.argv[1]), year=2025, as_of=date(2026, 1, 15), db=Path(sys.argv[2]),
                    progress=False, overrides=settings)
print(json.dumps(summary, ensure_ascii=False, default=str))
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
    """One zwgk crawl into a fresh database: (run seconds, first-to-last fetch seconds, URLs, postings)."""
    for stale in db.parent.glob(db.stem + "*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    timed([sys.executable, "-c", ZWGK_CRAWL, str(sites), str(db), settings])
    with duckdb.connect(str(db), read_only=True) as con:
        seconds = con.execute("SELECT epoch(finished_at) - epoch(started_at) FROM runs").fetchone()[0]  # type: ignore[index]
        span = con.execute("SELECT epoch(max(fetched_at)) - epoch(min(fetched_at)) FROM fetches").fetchone()[0]  # type: ignore[index]
        urls = [u for (u,) in con.execute(
            "SELECT url FROM fetches WHERE status = 200 AND purpose <> 'robots' ORDER BY fetched_at").fetchall()]
        postings = con.execute("SELECT count(*) FROM postings").fetchone()[0]  # type: ignore[index]
    return seconds, span, urls, postings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each crawler, alternating; the best of each is kept (noisy machines)")
    args = parser.parse_args()

    from sample_portals.static import write_static_portal

    zwgk_runs: list[tuple[float, float]] = []
    plain_runs: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
        work = Path(tmp)
        root = work / "site"
        port = free_port()
        info = write_static_portal(root, n_postings=args.postings, base_url=f"http://{HOST}:{port}/")
        nginx, base = start_nginx(root, work / "nginx", port)
        try:
            sites = work / "sites.yaml"
            sites.write_text(f"sites:\n  - id: bench\n    name: 基准测试市人民政府\n    url: {base}\n", encoding="utf-8")
            settings = json.dumps(SHARED_SETTINGS)
            url_file = work / "urls.json"
            for _ in range(max(1, args.repeat)):
                seconds, span, urls, postings = crawl_once(sites, work / "db" / "bench.duckdb", settings)
                zwgk_runs.append((seconds, span))
                url_file.write_text(json.dumps(urls), encoding="utf-8")
                _, plain_out = timed([sys.executable, "-c", PLAIN_SPIDER, str(url_file), settings])
                plain = json.loads(plain_out.strip().splitlines()[-1])
                plain_runs.append((plain["seconds"], plain["span"]))
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)

    pages = len(urls)
    zwgk_seconds, zwgk_span = min(r[0] for r in zwgk_runs), min(r[1] for r in zwgk_runs)
    plain_seconds, plain_span = min(r[0] for r in plain_runs), min(r[1] for r in plain_runs)
    zwgk_rate, plain_rate = pages / zwgk_seconds, pages / plain_seconds
    print(f"portal: {info['postings']} postings, {info['pages']} static pages, served by nginx at {base}")
    print(f"pages fetched by zwgk: {pages} (the plain spider fetches the same URLs); postings stored: {postings}; "
          f"pages per posting: {pages / max(1, postings):.3f}")
    print(f"runs: zwgk {[round(r[0], 1) for r in zwgk_runs]} s, plain {[round(r[0], 1) for r in plain_runs]} s; "
          f"best of {len(zwgk_runs)} kept")
    print(f"zwgk crawl (extraction + evidence + DuckDB): {zwgk_seconds:.1f} s, {zwgk_rate:.0f} pages/s")
    print(f"plain Scrapy spider (same URLs, no extraction): {plain_seconds:.1f} s, {plain_rate:.0f} pages/s")
    print(f"ratio zwgk / plain: {zwgk_rate / plain_rate:.2f}  (goal ≥ 0.80)")
    print(f"first-to-last fetch only (start-up and wrap-up left out): zwgk {pages / zwgk_span:.0f} pages/s, "
          f"plain {pages / plain_span:.0f} pages/s, ratio {plain_span / zwgk_span:.2f}")


if __name__ == "__main__":
    main()
