"""Shared by the crawl tests: serve the sample portals, crawl them once with the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sample_portals import DEMO_AS_OF, DEMO_YEAR, DemoServer, build_portals


@dataclass
class CrawledDemo:
    db: Path
    sites: Path
    truth: dict[str, Any]
    run_id: int
    output: str
    server: Any

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def run_zwgk(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, "-m", "zwgk", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def crawl_demo(workdir: Path, server: DemoServer) -> CrawledDemo:
    sites = workdir / "sites.yaml"
    server.write_sites_yaml(sites)
    truth = json.loads(json.dumps(server.ground_truth(), default=str))
    db = workdir / "audit.duckdb"
    result = run_zwgk("crawl", "--sites", str(sites), "--year", str(DEMO_YEAR), "--as-of",
                      DEMO_AS_OF.isoformat(), "--db", str(db), "--no-progress")
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"zwgk crawl failed:\n{output[-4000:]}"
    with duckdb.connect(str(db), read_only=True) as con:
        run_id = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]  # type: ignore[index]
    return CrawledDemo(db=db, sites=sites, truth=truth, run_id=run_id, output=output, server=server)


def start_server() -> DemoServer:
    return DemoServer(build_portals(), port=0)
