"""Score one crawl run: load the indicator system, build temp tables, run the SQL, write results.

Python only glues: the SQL files in scoring/sql/ do the measuring and weighing; Python builds the
working-day calendar and runs the fuzzy title linker.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas

from indicators import IndicatorSystem, load_system
from indicators.kinds import KINDS
from scoring.calendar import build_calendar
from scoring.errors import ScoringError
from scoring.linking import TitledPosting, fuzzy_links

SQL_DIR = Path(__file__).with_name("sql")
SCHEMA_PATH = Path(__file__).with_name("schema.sql")
STAGES_BEFORE_LINKING = ["10_column_stats", "20_column_gaps", "30_column_months", "40_publication_lags",
                         "50_link_exact"]


@dataclass(frozen=True)
class ScoreSummary:
    run_id: int
    indicator_system: str
    sites: int
    vetoed: int
    passed: int
    links: int
    review_items: int
    calendar: str
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def __str__(self) -> str:
        text = (f"运行 {self.run_id} 按“{self.indicator_system}”评分 {self.sites} 个网站：否决 {self.vetoed} 个，"
                f"及格 {self.passed} 个；解读关联 {self.links} 条；待人工复核 {self.review_items} 项；"
                f"工作日历 {self.calendar}；用时 {self.seconds:.1f} 秒")
        return text + "".join(f"\n警告：{warning}" for warning in self.warnings)


def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None) -> None:
    """Run a .sql file statement by statement, binding to each the $parameters it mentions."""
    params = params or {}
    for statement in sql_text(name).split(";\n"):
        if statement.strip():
            used = {key: value for key, value in params.items() if f"${key}" in statement}
            con.execute(statement, used)


def score_run(db_path: str | Path, run_id: int | None = None, indicators_path: str | Path | None = None,
              holidays_path: str | Path | None = None, *, allow_incomplete: bool = False) -> ScoreSummary:
    """Score a crawl run (None = the latest complete run) and replace its rows in the scoring tables."""
    started = time.perf_counter()
    system = load_system(indicators_path)
    db_file = Path(db_path)
    if not db_file.exists():
        raise ScoringError(f"数据库文件 {db_file} 不存在。")
    try:
        con = duckdb.connect(str(db_file))
    except duckdb.IOException as exc:
        raise ScoringError(f"无法以读写方式打开数据库 {db_file}（可能正被其他进程使用）：{exc}") from exc
    try:
        run = _resolve_run(con, db_file, run_id, allow_incomplete)
        con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
        con.execute(sql_text("00_spec_tables"))
        _load_context(con, system, run)
        calendar = _load_calendar(con, holidays_path)
        keywords = {"title_keywords": system.interpretation.title_keywords}
        for stage in STAGES_BEFORE_LINKING:
            run_sql(con, stage, keywords)
        _load_fuzzy_links(con, system)
        con.execute(sql_text("60_links"))
        for kind in sorted({ind.kind for group in system.groups for ind in group.indicators}):
            con.execute(sql_text(f"indicator_{kind}"))
        for stage in ("80_results", "85_vetoes", "90_scores"):
            con.execute(sql_text(stage))
        warnings = list(calendar.warnings)
        if run["indicators"] and run["indicators"] != system.name:
            warnings.append(f"抓取所用指标体系为“{run['indicators']}”，评分所用为“{system.name}”；"
                            "抓取时未查找的栏目不扣分，已列入待复核")
        if run["status"] != "complete":
            warnings.append(f"抓取批次 {run['run_id']} 状态为 {run['status']}，未完成抓取即评分，结果仅供参考")
        _write(con, system, run, calendar.source, warnings)
        summary = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE vetoed), count(*) FILTER (WHERE passed), "
            "(SELECT count(*) FROM links), (SELECT count(*) FROM review_rows) FROM site_totals"
        ).fetchone()
    finally:
        con.close()
    return ScoreSummary(
        run_id=run["run_id"], indicator_system=system.name, sites=summary[0], vetoed=summary[1],
        passed=summary[2], links=summary[3], review_items=summary[4], calendar=calendar.source,
        warnings=warnings, seconds=round(time.perf_counter() - started, 3),
    )


def _resolve_run(con: duckdb.DuckDBPyConnection, db_file: Path, run_id: int | None,
                 allow_incomplete: bool) -> dict:
    try:
        row = con.execute(sql_text("01_run"), {"run_id": run_id}).fetchone()
    except duckdb.CatalogException as exc:
        raise ScoringError(f"数据库 {db_file} 中没有抓取表（runs），请先运行 zwgk crawl。") from exc
    if row is None:
        if run_id is None:
            raise ScoringError(f"数据库 {db_file} 中没有状态为 complete 的抓取批次，可用 run_id 指定批次。")
        raise ScoringError(f"数据库 {db_file} 中没有编号为 {run_id} 的抓取批次。")
    run = dict(zip(["run_id", "status", "year", "as_of", "window_start", "window_end", "indicators"], row,
                   strict=True))
    if run["status"] != "complete" and not allow_incomplete:
        raise ScoringError(
            f"抓取批次 {run['run_id']} 的状态为 {run['status']}（未完成），拒绝评分；"
            "如确需评分请使用 allow_incomplete=True（命令行 --allow-incomplete）。"
        )
    return run


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join("?" for _ in rows[0])
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list]) -> None:
    """Bulk insert column lists (one unnest per column: far faster than executemany)."""
    selects = ", ".join(f"unnest(${name})" for name in columns)
    con.execute(f"INSERT INTO {table} SELECT {selects}", columns)


def _load_context(con: duckdb.DuckDBPyConnection, system: IndicatorSystem, run: dict) -> None:
    rule = system.interpretation
    _insert_rows(con, "ctx", [(
        run["run_id"], run["year"], run["as_of"], run["window_start"], run["window_end"],
        min(run["window_end"], run["as_of"]), rule.policy_column, rule.interpretation_column,
        rule.max_workdays, system.vetoed_rank_last, system.pass_line,
    )])
    _insert_rows(con, "spec_columns", [
        (c.key, c.name, c.cadence_days, c.min_postings, c.top_level, c.monthly_min, i)
        for i, c in enumerate(system.columns)
    ])
    indicator_rows, column_rows = [], []
    for gi, group in enumerate(system.groups):
        for ii, ind in enumerate(group.indicators):
            indicator_rows.append((
                ind.key, ind.name, ind.kind, group.key, group.name, gi, ii, ind.weight,
                KINDS[ind.kind].per_column, ind.params.get("max_workdays"), ind.params.get("deadline"),
                ind.params.get("department_deadline"),
            ))
            share = ind.weight / len(ind.columns) if ind.per_column else None
            column_rows.extend((ind.key, column, share) for column in ind.columns)
    _insert_rows(con, "spec_indicators", indicator_rows)
    _insert_rows(con, "spec_indicator_columns", column_rows)
    _insert_rows(con, "spec_vetoes", [
        (v.key, v.veto, v.warn, v.params.get("days")) for v in system.vetoes
    ])


def _load_calendar(con: duckdb.DuckDBPyConnection, holidays_path: str | Path | None):
    first, last = con.execute(sql_text("05_calendar_range")).fetchone()
    calendar = build_calendar(first, last, holidays_path)
    _insert_columns(con, "workdays", {
        "days": [day for day, _ in calendar.days], "flags": [flag for _, flag in calendar.days],
    })
    con.execute(sql_text("06_workday_index"))
    return calendar


def _load_fuzzy_links(con: duckdb.DuckDBPyConnection, system: IndicatorSystem) -> None:
    interpretations: list[TitledPosting] = []
    policies: list[TitledPosting] = []
    statements = [s for s in sql_text("55_fuzzy_inputs").split(";\n") if s.strip()]
    for statement in statements[:-1]:
        con.execute(statement)
    for ref, side, site_id, title, published in con.execute(statements[-1]).fetchall():
        (interpretations if side == "i" else policies).append(TitledPosting(site_id, ref, title, published))
    links = fuzzy_links(interpretations, policies, system.interpretation.title_keywords,
                        system.interpretation.fuzzy_threshold)
    # integer and float columns only: DuckDB reads these from pandas without touching Python objects
    matches = pandas.DataFrame({
        "interp_id": pandas.array([link.interpretation_ref for link in links], dtype="int64"),
        "policy_id": pandas.array([link.policy_ref for link in links], dtype="int64"),
        "confidence": pandas.array([link.confidence for link in links], dtype="float64"),
    })
    con.register("fuzzy_frame", matches)
    con.execute("INSERT INTO fuzzy_matches SELECT * FROM fuzzy_frame")
    con.unregister("fuzzy_frame")
    run_sql(con, "56_fuzzy_links")


def _write(con: duckdb.DuckDBPyConnection, system: IndicatorSystem, run: dict, calendar_source: str,
           warnings: list[str]) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql_text("95_write"))
        con.execute(sql_text("96_score_run"), {
            "indicator_system": system.name,
            "indicators_sha256": hashlib.sha256(system.source_text.encode("utf-8")).hexdigest(),
            "indicators_yaml": system.source_text,
            "scored_at": datetime.now(UTC),
            "calendar": calendar_source,
            "warnings": warnings,
            "run_status": run["status"],
        })
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise

