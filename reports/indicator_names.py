"""Display names and cadences read from the indicator-system YAML stored with the scores.

The scorer stores the YAML it used in ``score_runs.indicators_yaml``; the report reads names and
column cadences from that copy so that it describes exactly the system that produced the scores.
Unknown shapes degrade to the canonical keys rather than failing the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# names of the canonical columns when the stored YAML does not give them
_REPO_COLUMNS_YAML = Path(__file__).resolve().parents[1] / "indicators" / "default.yaml"
_CADENCE_FIELDS = ("cadence_days", "cadence", "max_days_without_update")


@dataclass(frozen=True)
class IndicatorNames:
    columns: dict[str, str] = field(default_factory=dict)
    cadence_days: dict[str, int] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)

    def column(self, key: str | None) -> str:
        if not key:
            return ""
        return self.columns.get(key, key)

    def indicator(self, key: str) -> str:
        return self.indicators.get(key, key)

    def group(self, key: str) -> str:
        return self.groups.get(key, key)


def _entries(node: Any) -> list[tuple[str, dict[str, Any]]]:
    """``{key: {...}}`` or ``[{key: ..., ...}]`` → ``[(key, {...})]``."""
    if isinstance(node, dict):
        return [(str(k), v) for k, v in node.items() if isinstance(v, dict)]
    if isinstance(node, list):
        return [(str(v.get("key") or v.get("id")), v) for v in node if isinstance(v, dict) and (v.get("key") or v.get("id"))]
    return []


def _first_int(spec: dict[str, Any], names: tuple[str, ...]) -> int | None:
    for name in names:
        value = spec.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return int(value)
    return None


def _collect_indicators(node: Any, names: dict[str, str], groups: dict[str, str]) -> None:
    if isinstance(node, dict):
        for group_key, group in _entries(node.get("groups")):
            if isinstance(group.get("name"), str):
                groups[group_key] = group["name"]
        for key, spec in _entries(node.get("indicators")):
            if isinstance(spec.get("name"), str):
                names[key] = spec["name"]
        for value in node.values():
            _collect_indicators(value, names, groups)
    elif isinstance(node, list):
        for value in node:
            _collect_indicators(value, names, groups)


def _repo_column_names() -> dict[str, str]:
    try:
        doc = yaml.safe_load(_REPO_COLUMNS_YAML.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return {key: spec["name"] for key, spec in _entries((doc or {}).get("columns")) if isinstance(spec.get("name"), str)}


def read_indicator_names(indicators_yaml: str | None) -> IndicatorNames:
    try:
        doc = yaml.safe_load(indicators_yaml or "") or {}
    except yaml.YAMLError:
        doc = {}
    if not isinstance(doc, dict):
        doc = {}
    columns = _repo_column_names()
    cadence: dict[str, int] = {}
    for key, spec in _entries(doc.get("columns")):
        if isinstance(spec.get("name"), str):
            columns[key] = spec["name"]
        days = _first_int(spec, _CADENCE_FIELDS)
        if days is not None:
            cadence[key] = days
    indicators: dict[str, str] = {}
    groups: dict[str, str] = {}
    _collect_indicators(doc, indicators, groups)
    return IndicatorNames(columns=columns, cadence_days=cadence, groups=groups, indicators=indicators)
