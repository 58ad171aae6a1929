"""Crawl health: declarative thresholds (health.yaml) checked in SQL (health.sql) after each crawl."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import duckdb
import yaml

PARAMETER = re.compile(r"\$([a-z_]+)")


def thresholds() -> dict[str, float]:
    data = yaml.safe_load(resources.files("crawler").joinpath("health.yaml").read_text(encoding="utf-8"))
    return {
        "min_previous": float(data["drop"]["min_previous_postings"]),
        "min_ratio": float(data["drop"]["min_ratio"]),
        "min_dated": float(data["min_dated_share"]),
        "min_full_title": float(data["min_full_title_share"]),
        "max_errors": float(data["max_fetch_errors"]),
    }


def check_health(con: duckdb.DuckDBPyConnection, run_id: int) -> list[dict[str, Any]]:
    """Fill ``crawl_health`` for the run, flag columns for review, return the flagged ones."""
    params: dict[str, Any] = {"run_id": run_id, **thresholds()}
    script = resources.files("crawler").joinpath("health.sql").read_text(encoding="utf-8")
    for statement in (part.strip() for part in script.split(";")):
        body = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--"))
        if not body.strip():
            continue
        used = {name: params[name] for name in PARAMETER.findall(body)}
        con.execute(body, used)
    rows = con.execute(
        "SELECT site_id, column_key, flags FROM crawl_health WHERE run_id = ? AND len(flags) > 0 ORDER BY ALL",
        [run_id],
    ).fetchall()
    return [{"site_id": site, "column_key": column, "flags": list(flags)} for site, column, flags in rows]
