"""Run the report's parameterised SQL files (reports/sql/*.sql) and return plain rows."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import duckdb

SQL_DIR = Path(__file__).with_name("sql")

Row = dict[str, Any]


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def fetch_rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[Row]:
    cursor = con.execute(sql_text(name), params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def fetch_one(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> Row | None:
    rows = fetch_rows(con, name, **params)
    return rows[0] if rows else None
