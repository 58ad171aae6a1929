"""Typed, immutable view of an indicator system loaded from YAML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ColumnSpec:
    """A required column (栏目) and how often it must be updated."""

    key: str
    name: str
    labels: list[str]
    cadence_days: int | None  # None = static column, no update cadence
    min_postings: int  # postings required inside the evaluation window
    top_level: bool  # counted by the stale top-level column veto
    monthly_min: int | None = None  # new postings required in every month (seed 004)


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    kind: str  # selects scoring/sql/indicator_<kind>.sql
    weight: float
    columns: list[str]  # columns the indicator reads; a failed/review one excludes the result
    per_column: bool  # one result row per column, weight split equally
    params: dict[str, float | int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupSpec:
    key: str
    name: str
    weight: float
    indicators: list[IndicatorSpec]


@dataclass(frozen=True)
class InterpretationRule:
    """How interpretations (政策解读) are recognised, linked and judged timely."""

    policy_column: str
    interpretation_column: str
    title_keywords: list[str]
    max_workdays: int
    fuzzy_threshold: float  # rapidfuzz score 0..100


@dataclass(frozen=True)
class VetoRule:
    key: str
    veto: float | None  # value at or above which the site is vetoed (None = boolean rule)
    warn: float | None  # early-warning line, below the veto line
    params: dict[str, float | int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorSystem:
    name: str
    path: str
    source_text: str
    columns: list[ColumnSpec]
    groups: list[GroupSpec]
    interpretation: InterpretationRule
    vetoes: list[VetoRule]
    pass_line: float
    vetoed_rank_last: bool

    def column(self, key: str) -> ColumnSpec:
        for spec in self.columns:
            if spec.key == key:
                return spec
        raise KeyError(key)

    @property
    def column_keys(self) -> list[str]:
        return [spec.key for spec in self.columns]

    def veto(self, key: str) -> VetoRule | None:
        return next((rule for rule in self.vetoes if rule.key == key), None)
