"""Open the database read-only and pick the scored run the report is about."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from reports.queries import Row, fetch_one


class ReportError(Exception):
    """A problem with the input database, explained in one Chinese sentence."""


def open_database(db_path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    path = Path(db_path)
    if not path.is_file():
        raise ReportError(f"找不到数据库文件：{path}")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise ReportError(f"无法打开数据库 {path}：{exc}") from exc
    # times are shown to Chinese readers in Beijing time
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    con.execute("SET enable_progress_bar = false")
    return con


def _has_scoring_tables(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('runs', 'score_runs', 'scores')"
    ).fetchone()
    return bool(found and found[0] == 3)


def select_run(con: duckdb.DuckDBPyConnection, run_id: int | None) -> Row:
    """Return the run facts of ``run_id``, or of the newest scored run when it is None."""
    if not _has_scoring_tables(con):
        raise ReportError("数据库中没有评分结果：请先运行 zwgk score 再生成报告。")
    if run_id is None:
        latest = fetch_one(con, "latest_scored_run")
        run_id = latest["run_id"] if latest else None
        if run_id is None:
            raise ReportError("数据库中没有已评分的采集批次：请先运行 zwgk score 再生成报告。")
    facts = fetch_one(con, "run_facts", run_id=run_id)
    if facts is None:
        raise ReportError(f"采集批次 {run_id} 不存在或尚未评分：请先运行 zwgk score --run {run_id}。")
    return facts
