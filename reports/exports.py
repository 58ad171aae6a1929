"""Excel workbook and CSV files of the scored run, with Chinese names and headers."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from reports.model import ReportData
from reports.queries import Row
from reports.spreadsheet_safety import csv_value, excel_value
from reports.vocabulary import (
    COLUMN_STATUS,
    LINK_METHOD,
    RESULT_STATUS,
    SITE_LEVEL,
    VETO_LEVEL,
    VETO_RULE,
    pass_fail,
    say,
    yes_no,
)

WORKBOOK_NAME = "评估结果.xlsx"


@dataclass(frozen=True)
class Table:
    name: str
    headers: list[str]
    rows: list[list[Any]]


Column = tuple[str, Callable[[Row], Any]]


def _table(name: str, columns: Sequence[Column], rows: Sequence[Row]) -> Table:
    return Table(name, [h for h, _ in columns], [[get(row) for _, get in columns] for row in rows])


def _joined(values: Sequence[str] | None, table: dict[str, str] | None = None) -> str:
    return "；".join(say(table, v) if table else v for v in (values or []))


def ranking_table(data: ReportData) -> Table:
    columns: list[Column] = [
        ("排名", lambda r: r["rank"]),
        ("网站标识", lambda r: r["site_id"]),
        ("网站名称", lambda r: r["name"]),
        ("层级", lambda r: say(SITE_LEVEL, r["level"])),
        ("地区", lambda r: r["region"]),
        ("总分", lambda r: r["total"]),
    ]
    for key, name in data.group_keys:
        columns.append((name, lambda r, key=key: r["groups"][key]["score"] if key in r["groups"] else None))
    columns += [
        ("及格", lambda r: pass_fail(r["passed"])),
        ("单项否决", lambda r: yes_no(r["vetoed"])),
        ("否决原因", lambda r: _joined(r["veto_reasons"], VETO_RULE)),
        ("预警", lambda r: _joined(r["warnings"], VETO_RULE)),
        ("待复核栏目", lambda r: _joined([data.names.column(c) for c in r["review_columns"]])),
        ("层级内排名", lambda r: r["rank_in_level"]),
        ("地区内排名", lambda r: r["rank_in_region"]),
    ]
    return _table("排名", columns, data.ranking)


def indicator_table(data: ReportData) -> Table:
    columns: list[Column] = [
        ("网站标识", lambda r: r["site_id"]),
        ("网站名称", lambda r: r["site_name"]),
        ("指标组", lambda r: data.names.group(r["group_key"])),
        ("指标", lambda r: r["indicator"]),
        ("指标名称", lambda r: data.names.indicator(r["indicator"])),
        ("栏目", lambda r: data.names.column(r["column_key"])),
        ("测量值", lambda r: r["value"]),
        ("得分", lambda r: r["score"]),
        ("满分", lambda r: r["max_score"]),
        ("状态", lambda r: say(RESULT_STATUS, r["status"])),
        ("说明", lambda r: r["detail"]),
    ]
    return _table("指标得分", columns, data.results)


def column_table(data: ReportData) -> Table:
    columns: list[Column] = [
        ("网站标识", lambda r: r["site_id"]),
        ("网站名称", lambda r: r["site_name"]),
        ("栏目", lambda r: r["column_name"]),
        ("栏目键", lambda r: r["column_key"]),
        ("网站上的栏目名", lambda r: r["label"]),
        ("列表页", lambda r: r["list_url"]),
        ("状态", lambda r: say(COLUMN_STATUS, r["status"])),
        ("状态原因", lambda r: r["status_reason"]),
        ("最近发布日期", lambda r: r["last_published"]),
        ("未更新天数", lambda r: r["days_without_update"]),
        ("评估年度内条数", lambda r: r["postings_in_window"]),
        ("采集条数", lambda r: r["postings"]),
        ("更新周期（天）", lambda r: r["cadence_days"]),
        ("按期更新", lambda r: yes_no(r["cue"].cadence_met)),
        ("提示", lambda r: r["cue"].label),
        ("待复核", lambda r: yes_no(r["review"])),
        ("复核原因", lambda r: r["review_reason"]),
    ]
    return _table("栏目情况", columns, data.columns)


def link_table(data: ReportData) -> Table:
    columns: list[Column] = [
        ("网站标识", lambda r: r["site_id"]),
        ("网站名称", lambda r: r["site_name"]),
        ("政策文件", lambda r: r["policy_title"]),
        ("政策文件链接", lambda r: r["policy_url"]),
        ("政策发布日期", lambda r: r["policy_date"]),
        ("解读", lambda r: r["interpretation_title"]),
        ("解读链接", lambda r: r["interpretation_url"]),
        ("解读发布日期", lambda r: r["interpretation_date"]),
        ("滞后工作日", lambda r: r["lag_workdays"]),
        ("及时", lambda r: yes_no(r["timely"])),
        ("关联方式", lambda r: say(LINK_METHOD, r["method"])),
        ("置信度", lambda r: r["confidence"]),
    ]
    return _table("解读关联", columns, data.links)


def review_table(data: ReportData) -> Table:
    columns: list[Column] = [
        ("网站标识", lambda r: r["site_id"]),
        ("网站名称", lambda r: r["site_name"]),
        ("栏目", lambda r: data.names.column(r["column_key"])),
        ("原因", lambda r: r["reason"]),
    ]
    return _table("复核清单", columns, data.review_items)


def veto_table(data: ReportData) -> Table:
    columns: list[Column] = [
        ("网站标识", lambda r: r["site_id"]),
        ("网站名称", lambda r: r["site_name"]),
        ("类型", lambda r: say(VETO_LEVEL, r["level"])),
        ("规则", lambda r: say(VETO_RULE, r["rule"])),
        ("测量值", lambda r: r["value"]),
        ("阈值", lambda r: r["threshold"]),
        ("说明", lambda r: r["detail"]),
    ]
    return _table("否决与预警", columns, data.vetoes)


def all_tables(data: ReportData) -> list[Table]:
    return [ranking_table(data), indicator_table(data), column_table(data), link_table(data),
            review_table(data), veto_table(data)]


def write_csv(table: Table, path: Path) -> Path:
    # UTF-8 with a byte-order mark: Excel on Windows reads Chinese correctly only with it
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([csv_value(v) for v in row])
    return path


def write_workbook(tables: Sequence[Table], path: Path) -> Path:
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(table.name)
        sheet.freeze_panes = "A2"
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append([excel_value(sheet, v) for v in row])
    workbook.save(path)
    return path


def write_exports(data: ReportData, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = all_tables(data)
    paths = [write_workbook(tables, out_dir / WORKBOOK_NAME)]
    paths += [write_csv(table, out_dir / f"{table.name}.csv") for table in tables]
    return paths
