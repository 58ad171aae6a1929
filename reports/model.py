"""Everything the report shows, read from the crawl and scoring tables of one run.

The report never re-derives a score: totals, ranks, group and indicator scores, vetoes and
review flags come from the scoring tables as stored. It only adds display facts (names, colour
cues, averages for comparison).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from reports.freshness import column_cue
from reports.indicator_names import IndicatorNames, read_indicator_names
from reports.links import site_file_name
from reports.queries import Row, fetch_rows

FETCH_PROBLEMS_PER_SITE = 50


def _by_site(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["site_id"]].append(row)
    return grouped


@dataclass
class ReportData:
    facts: Row
    names: IndicatorNames
    ranking: list[Row]
    group_keys: list[tuple[str, str]]
    group_averages: dict[str, Row]
    indicator_averages: list[Row]
    sites: dict[str, Row]
    results: list[Row]
    columns: list[Row]
    links: list[Row]
    vetoes: list[Row]
    review_items: list[Row]
    evidence: list[Row]
    monthly: list[Row]
    fetch_problems: list[Row]
    by_site: dict[str, dict[str, list[Row]]] = field(default_factory=dict)

    @property
    def run_id(self) -> int:
        return int(self.facts["run_id"])

    def site_rows(self, table: str, site_id: str) -> list[Row]:
        return self.by_site.get(table, {}).get(site_id, [])


def _decorate_columns(columns: list[Row], names: IndicatorNames) -> None:
    for col in columns:
        cadence = names.cadence_days.get(col["column_key"])
        cue = column_cue(col["status"], bool(col["review"]), col["days_without_update"], cadence)
        col["column_name"] = names.column(col["column_key"])
        col["cadence_days"] = cadence
        col["cue"] = cue


def _group_keys(group_rows: list[Row], names: IndicatorNames) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for row in group_rows:
        seen.setdefault(row["group_key"], row["group_name"] or names.group(row["group_key"]))
    return list(seen.items())


def load_report_data(con: duckdb.DuckDBPyConnection, facts: Row) -> ReportData:
    run_id = int(facts["run_id"])
    names = read_indicator_names(facts["indicators_yaml"])
    ranking = fetch_rows(con, "ranking", run_id=run_id)
    group_rows = fetch_rows(con, "group_scores", run_id=run_id)
    groups_by_site = _by_site(group_rows)
    for row in ranking:
        row["groups"] = {g["group_key"]: g for g in groups_by_site.get(row["site_id"], [])}
        row["page"] = site_file_name(row["site_id"])
    columns = fetch_rows(con, "columns", run_id=run_id)
    _decorate_columns(columns, names)
    data = ReportData(
        facts=facts,
        names=names,
        ranking=ranking,
        group_keys=_group_keys(group_rows, names),
        group_averages={r["group_key"]: r for r in fetch_rows(con, "group_averages", run_id=run_id)},
        indicator_averages=fetch_rows(con, "indicator_averages", run_id=run_id),
        sites={r["site_id"]: r for r in fetch_rows(con, "sites", run_id=run_id)},
        results=fetch_rows(con, "indicator_results", run_id=run_id),
        columns=columns,
        links=fetch_rows(con, "interpretation_links", run_id=run_id),
        vetoes=fetch_rows(con, "vetoes", run_id=run_id),
        review_items=fetch_rows(con, "review_items", run_id=run_id),
        evidence=fetch_rows(con, "deduction_evidence", run_id=run_id),
        monthly=fetch_rows(con, "monthly_postings", run_id=run_id),
        fetch_problems=fetch_rows(con, "fetch_problems", run_id=run_id, per_site=FETCH_PROBLEMS_PER_SITE),
    )
    data.by_site = {
        "results": _by_site(data.results),
        "columns": _by_site(data.columns),
        "links": _by_site(data.links),
        "vetoes": _by_site(data.vetoes),
        "review_items": _by_site(data.review_items),
        "evidence": _by_site(data.evidence),
        "monthly": _by_site(data.monthly),
        "fetch_problems": _by_site(data.fetch_problems),
    }
    return data
