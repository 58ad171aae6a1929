"""Read and validate an indicator system YAML file into an IndicatorSystem."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from indicators.kinds import KINDS
from indicators.model import (
    ColumnSpec,
    GroupSpec,
    IndicatorSpec,
    IndicatorSystem,
    InterpretationRule,
    VetoRule,
)

DEFAULT_PATH = Path(__file__).with_name("default.yaml")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
WEIGHT_TOLERANCE = 1e-6

# veto rule -> extra params it accepts besides veto/warn; "unreachable" is a yes/no rule.
VETO_RULES: dict[str, set[str]] = {
    "unreachable": set(),
    "homepage_stale": set(),
    "blank_columns": set(),
    "stale_top_columns": set(),
    "long_stale_columns": {"days"},
}


class IndicatorSystemError(ValueError):
    """An indicator system file is unreadable or invalid; the message names file, path, expected, found."""

    def __init__(self, file: str, path: str, expected: str, found: object) -> None:
        self.file = file
        self.path = path
        self.expected = expected
        self.found = found
        where = f"中 {path} " if path else " "
        super().__init__(f"指标体系文件 {file} {where}应为{expected}，实际为 {_show(found)}。")


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if value is None:
        return "空值"
    return repr(value)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last one."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键 {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


class _Checker:
    """Small typed accessors that raise IndicatorSystemError with the offending path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, path: str, expected: str, found: object) -> IndicatorSystemError:
        return IndicatorSystemError(self.file, path, expected, found)

    def mapping(self, value: object, path: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "一个映射（键: 值）", value)
        for key in value:
            if key not in allowed:
                raise self.fail(f"{path}.{key}" if path else str(key), f"已知的键之一 {sorted(allowed)}", key)
        for key in sorted(required):
            if key not in value:
                raise self.fail(f"{path}.{key}" if path else key, "必填项", None)
        return value

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "非空字符串", value)
        return value

    def number(self, value: object, path: str, minimum: float | None = None, maximum: float | None = None,
               strictly_positive: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise self.fail(path, "数字", value)
        if strictly_positive and value <= 0:
            raise self.fail(path, "大于 0 的数字", value)
        if minimum is not None and value < minimum:
            raise self.fail(path, f"不小于 {minimum:g} 的数字", value)
        if maximum is not None and value > maximum:
            raise self.fail(path, f"不大于 {maximum:g} 的数字", value)
        return float(value)

    def integer(self, value: object, path: str, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, "整数", value)
        if value < minimum:
            raise self.fail(path, f"不小于 {minimum} 的整数", value)
        return value

    def boolean(self, value: object, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, "true 或 false", value)
        return value

    def text_list(self, value: object, path: str) -> list[str]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, "非空的字符串列表", value)
        return [self.text(item, f"{path}[{i}]") for i, item in enumerate(value)]


def load_system(path: str | Path | None = None) -> IndicatorSystem:
    """Load and validate an indicator system; None loads indicators/default.yaml."""
    file_path = Path(path) if path is not None else DEFAULT_PATH
    file = str(file_path)
    try:
        source_text = file_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IndicatorSystemError(file, "", "可读取的 UTF-8 文本文件", exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise IndicatorSystemError(file, "", "UTF-8 编码的文本", "无法解码的字节") from exc
    try:
        data = yaml.load(source_text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "未知位置"
        problem = getattr(exc, "problem", None) or str(exc)
        raise IndicatorSystemError(file, "", f"有效的 YAML（{where}出错）", problem) from exc
    return parse_system(data, file, source_text)


def parse_system(data: object, file: str, source_text: str = "") -> IndicatorSystem:
    check = _Checker(file)
    top = check.mapping(
        data, "", {"name", "title", "columns", "interpretation", "groups", "vetoes", "ranking"},
        {"name", "columns", "interpretation", "groups"},
    )
    name = check.text(top["name"], "name")
    columns = _parse_columns(check, top["columns"])
    column_keys = [spec.key for spec in columns]
    interpretation = _parse_interpretation(check, top["interpretation"], column_keys)
    groups = _parse_groups(check, top["groups"], {spec.key: spec for spec in columns})
    vetoes = _parse_vetoes(check, top.get("vetoes", {}))
    ranking = check.mapping(top.get("ranking", {}), "ranking", {"pass_line", "vetoed_last"}, set())
    pass_line = check.number(ranking.get("pass_line", 60), "ranking.pass_line", 0, 100)
    vetoed_last = check.boolean(ranking.get("vetoed_last", True), "ranking.vetoed_last")
    return IndicatorSystem(
        name=name, path=file, source_text=source_text, columns=columns, groups=groups,
        interpretation=interpretation, vetoes=vetoes, pass_line=pass_line, vetoed_rank_last=vetoed_last,
    )


def _parse_columns(check: _Checker, value: object) -> list[ColumnSpec]:
    if not isinstance(value, dict) or not value:
        raise check.fail("columns", "非空映射（栏目键: 定义）", value)
    specs = []
    for key, body in value.items():
        path = f"columns.{key}"
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            raise check.fail(path, "小写英文栏目键（如 policy_docs）", key)
        col = check.mapping(
            body, path, {"name", "labels", "cadence_days", "min_postings", "top_level", "monthly_min"},
            {"name", "labels", "cadence_days", "min_postings", "top_level"},
        )
        cadence = col["cadence_days"]
        monthly_min = col.get("monthly_min")
        specs.append(ColumnSpec(
            key=key,
            name=check.text(col["name"], f"{path}.name"),
            labels=check.text_list(col["labels"], f"{path}.labels"),
            cadence_days=None if cadence is None else check.integer(cadence, f"{path}.cadence_days", 1),
            min_postings=check.integer(col["min_postings"], f"{path}.min_postings", 0),
            top_level=check.boolean(col["top_level"], f"{path}.top_level"),
            monthly_min=None if monthly_min is None else check.integer(monthly_min, f"{path}.monthly_min", 1),
        ))
    return specs


def _known_column(check: _Checker, value: object, path: str, column_keys: list[str]) -> str:
    if value not in column_keys:
        raise check.fail(path, f"columns 中定义的栏目键之一 {column_keys}", value)
    return str(value)


def _parse_interpretation(check: _Checker, value: object, column_keys: list[str]) -> InterpretationRule:
    body = check.mapping(
        value, "interpretation",
        {"policy_column", "interpretation_column", "title_keywords", "max_workdays", "fuzzy_threshold"},
        {"policy_column", "interpretation_column", "title_keywords", "max_workdays", "fuzzy_threshold"},
    )
    return InterpretationRule(
        policy_column=_known_column(check, body["policy_column"], "interpretation.policy_column", column_keys),
        interpretation_column=_known_column(
            check, body["interpretation_column"], "interpretation.interpretation_column", column_keys
        ),
        title_keywords=check.text_list(body["title_keywords"], "interpretation.title_keywords"),
        max_workdays=check.integer(body["max_workdays"], "interpretation.max_workdays", 0),
        fuzzy_threshold=check.number(body["fuzzy_threshold"], "interpretation.fuzzy_threshold", 0, 100),
    )


def _parse_groups(check: _Checker, value: object, columns: dict[str, ColumnSpec]) -> list[GroupSpec]:
    if not isinstance(value, list) or not value:
        raise check.fail("groups", "非空列表", value)
    groups: list[GroupSpec] = []
    group_keys: set[str] = set()
    indicator_keys: set[str] = set()
    for gi, raw_group in enumerate(value):
        path = f"groups[{gi}]"
        body = check.mapping(raw_group, path, {"key", "name", "weight", "indicators"},
                             {"key", "name", "weight", "indicators"})
        key = _unique_key(check, body["key"], f"{path}.key", group_keys)
        weight = check.number(body["weight"], f"{path}.weight", strictly_positive=True)
        raw_indicators = body["indicators"]
        if not isinstance(raw_indicators, list) or not raw_indicators:
            raise check.fail(f"{path}.indicators", "非空列表", raw_indicators)
        indicators = [
            _parse_indicator(check, raw, f"{path}.indicators[{ii}]", columns, indicator_keys)
            for ii, raw in enumerate(raw_indicators)
        ]
        indicator_sum = sum(ind.weight for ind in indicators)
        if abs(indicator_sum - weight) > WEIGHT_TOLERANCE:
            raise check.fail(f"{path}.indicators", f"权重之和等于分组权重 {weight:g}", f"{indicator_sum:g}")
        groups.append(GroupSpec(key=key, name=check.text(body["name"], f"{path}.name"), weight=weight,
                                indicators=indicators))
    total = sum(group.weight for group in groups)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        raise check.fail("groups", "权重之和等于 100", f"{total:g}")
    return groups


def _unique_key(check: _Checker, value: object, path: str, seen: set[str]) -> str:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise check.fail(path, "小写英文键（字母、数字、下划线）", value)
    if value in seen:
        raise check.fail(path, "未重复使用的键", value)
    seen.add(value)
    return value


def _parse_indicator(check: _Checker, value: object, path: str, columns: dict[str, ColumnSpec],
                     seen: set[str]) -> IndicatorSpec:
    body = check.mapping(value, path, {"key", "name", "kind", "weight", "columns", "params"},
                         {"key", "name", "kind", "weight", "columns"})
    key = _unique_key(check, body["key"], f"{path}.key", seen)
    kind_name = body["kind"]
    if kind_name not in KINDS:
        raise check.fail(f"{path}.kind", f"已知的指标类型之一 {sorted(KINDS)}", kind_name)
    kind = KINDS[kind_name]
    column_keys = list(columns)
    raw_columns = body["columns"]
    if raw_columns == "all":
        listed = column_keys
    elif isinstance(raw_columns, list) and raw_columns:
        listed = [_known_column(check, c, f"{path}.columns[{i}]", column_keys) for i, c in enumerate(raw_columns)]
        if len(set(listed)) != len(listed):
            raise check.fail(f"{path}.columns", "不含重复栏目的列表", raw_columns)
    else:
        raise check.fail(f"{path}.columns", "all 或非空的栏目键列表", raw_columns)
    for i, ckey in enumerate(listed):
        where = f"{path}.columns[{i}]"
        if kind.needs_cadence and columns[ckey].cadence_days is None:
            raise check.fail(where, f"设有 cadence_days 的栏目（{kind_name} 需要更新周期）", ckey)
        if kind.needs_monthly_min and columns[ckey].monthly_min is None:
            raise check.fail(where, f"设有 monthly_min 的栏目（{kind_name} 需要每月最低条数）", ckey)
    params = check.mapping(body.get("params", {}), f"{path}.params", set(kind.params), set(kind.required_params))
    for pkey, ptype in kind.params.items():
        if pkey not in params:
            continue
        ppath = f"{path}.params.{pkey}"
        if ptype is int:
            check.integer(params[pkey], ppath, 0)
        elif not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", str(params[pkey])):
            raise check.fail(ppath, "“MM-DD” 形式的日期", params[pkey])
    return IndicatorSpec(
        key=key, name=check.text(body["name"], f"{path}.name"), kind=kind_name,
        weight=check.number(body["weight"], f"{path}.weight", strictly_positive=True),
        columns=listed, per_column=kind.per_column, params=dict(params),
    )


def _parse_vetoes(check: _Checker, value: object) -> list[VetoRule]:
    body = check.mapping(value, "vetoes", set(VETO_RULES), set())
    rules = []
    for key, raw in body.items():
        path = f"vetoes.{key}"
        extra = VETO_RULES[key]
        if key == "unreachable":
            check.mapping(raw if raw is not None else {}, path, set(), set())
            rules.append(VetoRule(key=key, veto=None, warn=None))
            continue
        rule = check.mapping(raw, path, {"veto", "warn"} | extra, {"veto"} | extra)
        veto = check.number(rule["veto"], f"{path}.veto", strictly_positive=True)
        warn = None
        if "warn" in rule and rule["warn"] is not None:
            warn = check.number(rule["warn"], f"{path}.warn", strictly_positive=True)
            if warn >= veto:
                raise check.fail(f"{path}.warn", f"小于否决线 {veto:g} 的预警线", rule["warn"])
        params = {p: check.integer(rule[p], f"{path}.{p}", 1) for p in sorted(extra)}
        rules.append(VetoRule(key=key, veto=veto, warn=warn, params=params))
    return rules
