"""Indicator system loader: the default system and exact error messages for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indicators import DEFAULT_PATH, IndicatorSystemError, load_system

CANONICAL_KEYS = [
    "institution", "guide", "policy_docs", "interpretations", "news", "notices", "plans", "personnel",
    "budget", "major_projects", "consultation", "double_publicity", "proposals", "audit", "fees",
    "annual_report",
]


def test_default_system_has_every_canonical_column():
    system = load_system()
    assert system.column_keys == CANONICAL_KEYS
    news = system.column("news")
    assert news.cadence_days == 14 and news.top_level and "工作动态" in news.labels
    assert system.column("major_projects").monthly_min == 3
    assert system.column("guide").cadence_days is None
    assert system.interpretation.max_workdays == 5
    assert sum(group.weight for group in system.groups) == 100
    assert system.veto("homepage_stale").veto == 14 and system.veto("homepage_stale").warn == 10
    assert system.veto("blank_columns").veto == 5 and system.veto("blank_columns").warn == 3
    assert system.veto("stale_top_columns").veto == 5
    assert system.veto("long_stale_columns").veto == 10
    assert system.veto("long_stale_columns").params == {"days": 365}


def test_every_number_in_default_yaml_cites_a_source():
    import re

    for number, line in enumerate(DEFAULT_PATH.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        if re.search(r":\s*\d", code) and "weight" not in code:
            assert "#" in line, f"default.yaml line {number} has a number without a source: {line!r}"


def _write(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "system.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _error(tmp_path: Path, mutate) -> IndicatorSystemError:
    path = _write(tmp_path, mutate)
    with pytest.raises(IndicatorSystemError) as info:
        load_system(path)
    assert str(path) in str(info.value)
    return info.value


def test_weight_that_is_not_a_number(tmp_path):
    def mutate(data):
        data["groups"][2]["indicators"][0]["weight"] = "八"

    err = _error(tmp_path, mutate)
    assert err.path == "groups[2].indicators[0].weight"
    assert str(err) == f"指标体系文件 {tmp_path / 'system.yaml'} 中 groups[2].indicators[0].weight 应为数字，实际为 “八”。"


def test_group_weights_not_adding_up(tmp_path):
    def mutate(data):
        data["groups"][0]["weight"] = 20
        data["groups"][0]["indicators"][0]["weight"] = 10

    err = _error(tmp_path, mutate)
    assert err.path == "groups" and err.found == "95"
    assert "权重之和等于 100" in str(err)


def test_indicator_weights_not_adding_up_to_group(tmp_path):
    def mutate(data):
        data["groups"][1]["indicators"][2]["weight"] = 7

    err = _error(tmp_path, mutate)
    assert err.path == "groups[1].indicators"
    assert "权重之和等于分组权重 35" in str(err) and "实际为 “34”" in str(err)


def test_unknown_key(tmp_path):
    err = _error(tmp_path, lambda d: d["columns"]["news"].update(cadence=14))
    assert err.path == "columns.news.cadence"


def test_unknown_column_key_in_indicator(tmp_path):
    err = _error(tmp_path, lambda d: d["groups"][0]["indicators"][1]["columns"].__setitem__(3, "newz"))
    assert err.path == "groups[0].indicators[1].columns[3]" and err.found == "newz"


def test_warning_line_must_be_below_veto_line(tmp_path):
    err = _error(tmp_path, lambda d: d["vetoes"]["homepage_stale"].update(warn=20))
    assert err.path == "vetoes.homepage_stale.warn"
    assert "小于否决线 14 的预警线" in str(err)


def test_negative_threshold(tmp_path):
    err = _error(tmp_path, lambda d: d["vetoes"]["blank_columns"].update(veto=-1))
    assert err.path == "vetoes.blank_columns.veto"


def test_unknown_kind(tmp_path):
    err = _error(tmp_path, lambda d: d["groups"][3]["indicators"][0].update(kind="magic"))
    assert err.path == "groups[3].indicators[0].kind"


def test_freshness_on_static_column_is_refused(tmp_path):
    err = _error(tmp_path, lambda d: d["groups"][1]["indicators"][0]["columns"].append("guide"))
    assert err.path == "groups[1].indicators[0].columns[12]"


def test_broken_yaml_names_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\ncolumns: [a\n", encoding="utf-8")
    with pytest.raises(IndicatorSystemError, match="第 3 行"):
        load_system(path)


def test_duplicate_key_is_refused(tmp_path):
    path = tmp_path / "dup.yaml"
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("  guide:\n", "  news:\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IndicatorSystemError, match="重复的键"):
        load_system(path)


def test_missing_file(tmp_path):
    with pytest.raises(IndicatorSystemError, match="nope.yaml"):
        load_system(tmp_path / "nope.yaml")
