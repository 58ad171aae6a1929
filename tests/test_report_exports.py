"""Excel and CSV exports: Chinese names, BOM, values from the scoring tables, inert formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from reports import export_tables
from tests.report_fixtures import FORMULA_TITLE, HOSTILE_SITE_NAME, HOSTILE_TITLE, build_report_db

EXPECTED = ["评估结果.xlsx", "排名.csv", "指标得分.csv", "栏目情况.csv", "解读关联.csv", "复核清单.csv", "否决与预警.csv"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("exports")
    db = build_report_db(folder)
    return db, export_tables(db, folder / "out")


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_files_have_chinese_names_and_bom(exported: tuple[Path, list[Path]]) -> None:
    _, paths = exported
    assert sorted(p.name for p in paths) == sorted(EXPECTED)
    for path in paths:
        if path.suffix == ".csv":
            assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name


def test_ranking_matches_the_scores_table(exported: tuple[Path, list[Path]]) -> None:
    db, paths = exported
    rows = _csv(next(p for p in paths if p.name == "排名.csv"))
    assert rows[0][:6] == ["排名", "网站标识", "网站名称", "层级", "地区", "总分"]
    assert "决策公开" in rows[0] and "平台建设" in rows[0]
    with duckdb.connect(str(db), read_only=True) as con:
        expected = con.execute("SELECT rank, site_id, total::DOUBLE FROM scores ORDER BY rank").fetchall()
    assert [(int(r[0]), r[1], float(r[5])) for r in rows[1:]] == expected
    assert rows[2][2] == HOSTILE_SITE_NAME and rows[2][3] == "县级"
    passed = rows[0].index("及格")
    assert [r[passed] for r in rows[1:]] == ["及格", "及格", "不及格", "不及格"]


def test_csv_keeps_text_and_defuses_formulas(exported: tuple[Path, list[Path]]) -> None:
    _, paths = exported
    links = _csv(next(p for p in paths if p.name == "解读关联.csv"))
    assert any(HOSTILE_TITLE in row for row in links)
    columns = _csv(next(p for p in paths if p.name == "栏目情况.csv"))
    header = columns[0]
    assert header[:3] == ["网站标识", "网站名称", "栏目"]
    for row in columns[1:] + links[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "@")), value
    assert any("'" + FORMULA_TITLE in row for row in links)


def test_csv_formula_prefix() -> None:
    from reports.spreadsheet_safety import csv_value

    assert csv_value(FORMULA_TITLE) == "'" + FORMULA_TITLE
    assert csv_value("-2") == "'-2" and csv_value("@SUM(A1)") == "'@SUM(A1)"
    assert csv_value("政务公开") == "政务公开" and csv_value(-2.5) == -2.5


def test_workbook_cells_are_text_never_formulas(exported: tuple[Path, list[Path]]) -> None:
    _, paths = exported
    workbook = load_workbook(next(p for p in paths if p.suffix == ".xlsx"))
    assert workbook.sheetnames == ["排名", "指标得分", "栏目情况", "解读关联", "复核清单", "否决与预警"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert HOSTILE_SITE_NAME in values and HOSTILE_TITLE in values
    formula_cells = [c for c in cells if c.value == FORMULA_TITLE]
    assert formula_cells and all(c.data_type == "s" and c.quotePrefix for c in formula_cells)
    ranking = workbook["排名"]
    assert [c.value for c in ranking[1]][:6] == ["排名", "网站标识", "网站名称", "层级", "地区", "总分"]
    assert ranking["F2"].value == 88.5
