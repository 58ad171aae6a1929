"""`zwgk demo`, the newcomer's first command: serve, crawl, score, report — and print where it is."""

from __future__ import annotations

from pathlib import Path

import duckdb

from sample_portals import build_portals
from tests.crawl_fixture import run_zwgk


def test_demo_prints_a_report_ranking_every_sample_portal(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_zwgk("demo", "--out", str(out), "--no-progress")
    assert result.returncode == 0, result.stderr[-3000:]
    index = Path(result.stdout.strip().splitlines()[-1])
    assert index.is_file() and index.name == "index.html" and index.is_relative_to(out.resolve())
    html = index.read_text(encoding="utf-8")
    for portal in build_portals():
        assert portal.name in html, portal.name
    with duckdb.connect(str(out / "audit.duckdb"), read_only=True) as con:
        ranked = con.execute("SELECT count(*) FROM scores").fetchone()[0]  # type: ignore[index]
        status = con.execute("SELECT status FROM runs").fetchone()[0]  # type: ignore[index]
    assert ranked == len(build_portals()) and status == "complete"
    assert (out / "report" / "评估结果.xlsx").is_file()
    assert "抓取小结" in result.stderr and "评分完成" in result.stderr
