"""Indicator kinds known to the scoring stage: each one is scoring/sql/indicator_<kind>.sql."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindSpec:
    per_column: bool  # one result per listed column, weight split equally
    params: dict[str, type]  # accepted params and their types
    required_params: frozenset[str] = frozenset()
    needs_cadence: bool = False  # listed columns must have cadence_days
    needs_monthly_min: bool = False  # listed columns must have monthly_min


KINDS: dict[str, KindSpec] = {
    "column_present": KindSpec(per_column=True, params={}),
    "column_min_postings": KindSpec(per_column=True, params={}),
    "column_freshness": KindSpec(per_column=True, params={}, needs_cadence=True),
    "column_gaps": KindSpec(per_column=True, params={}, needs_cadence=True),
    "monthly_minimum": KindSpec(per_column=True, params={}, needs_monthly_min=True),
    "publication_lag": KindSpec(
        per_column=True, params={"max_workdays": int}, required_params=frozenset({"max_workdays"})
    ),
    "annual_deadline": KindSpec(
        per_column=True,
        params={"deadline": str, "department_deadline": str},
        required_params=frozenset({"deadline"}),
    ),
    "interpretation_coverage": KindSpec(per_column=False, params={}),
    "interpretation_timely": KindSpec(per_column=False, params={}),
}
