"""What each report page shows: the template context of the overview, portal, cross-portal and
evidence pages, built from the loaded ReportData."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from reports import charts
from reports.links import site_file_name
from reports.model import ReportData
from reports.queries import Row

LARGE_HEATMAP = 60   # above this many sites the heat map shows days on hover only

def _percent(score: float | None, max_score: float | None) -> float | None:
    if score is None or not max_score:
        return None
    return round(100.0 * score / max_score, 2)


def overview_context(data: ReportData, exports: list[dict[str, str]]) -> dict[str, Any]:
    averages = data.indicator_averages
    return {
        "root": "",
        "uses_charts": True,
        "facts": data.facts,
        "crawl_status": {"complete": "完成", "incomplete": "未完成", "running": "进行中"}.get(
            data.facts["crawl_status"], data.facts["crawl_status"]),
        "names": data.names,
        "ranking": data.ranking,
        "group_keys": data.group_keys,
        "levels": sorted({r["level"] for r in data.ranking if r["level"]}),
        "regions": sorted({r["region"] for r in data.ranking if r["region"]}),
        "indicator_averages": averages,
        "distribution": charts.score_distribution([r["total"] for r in data.ranking],
                                                  [bool(r["vetoed"]) for r in data.ranking]),
        "indicator_chart": charts.indicator_averages(
            [data.names.indicator(a["indicator"]) for a in averages],
            [_percent(a["avg_score"], a["avg_max_score"]) for a in averages]),
        "exports": exports,
        "failed_count": sum(1 for r in data.ranking if r["passed"] is False),
    }


def _months(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _timeline(data: ReportData, site_id: str) -> charts.Figure | None:
    rows = data.site_rows("monthly", site_id)
    if not rows:
        return None
    months = _months(data.facts["window_start"], data.facts["as_of"])
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["column_key"]][row["month"]] = int(row["postings"])
    order = list(data.names.columns)
    keys = sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))
    series = [(data.names.column(k), [counts[k].get(m, 0) for m in months]) for k in keys]
    return charts.monthly_timeline(months, series)


def _column_order(data: ReportData) -> dict[str, int]:
    return {key: i for i, key in enumerate(data.names.columns)}


VETO_EVIDENCE_PREFIX = "veto:"   # the scorer files a veto's evidence under indicator "veto:<rule>"


def _attach_evidence(results: list[Row], vetoes: list[Row], evidence: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    """Deductions and vetoes each with their evidence rows, and the rows that matched neither."""
    deductions = [dict(x, evidence=[]) for x in results if x["status"] == "deducted"]
    veto_rows = [dict(v, evidence=[]) for v in vetoes]
    by_key = {(d["indicator"], d["column_key"]): d for d in deductions}
    by_indicator: dict[str, list[Row]] = defaultdict(list)
    for d in deductions:
        by_indicator[d["indicator"]].append(d)
    by_rule = {v["rule"]: v for v in veto_rows}
    orphans = []
    for ev in evidence:
        indicator = ev["indicator"]
        rule = indicator.removeprefix(VETO_EVIDENCE_PREFIX)
        target = by_key.get((indicator, ev["column_key"]))
        if target is None and len(by_indicator.get(indicator, [])) == 1:
            target = by_indicator[indicator][0]
        if target is None and (indicator.startswith(VETO_EVIDENCE_PREFIX) or indicator not in by_indicator):
            target = by_rule.get(rule)
        if target is None:
            orphans.append(ev)
        else:
            target["evidence"].append(ev)
    return deductions, veto_rows, orphans


def _group_chart(data: ReportData, ranking_row: Row) -> charts.Figure:
    site_percent, average_percent = [], []
    for key, _ in data.group_keys:
        own = ranking_row["groups"].get(key)
        average = data.group_averages.get(key)
        site_percent.append(_percent(own["score"], own["max_score"]) if own else None)
        average_percent.append(_percent(average["avg_score"], average["max_score"]) if average else None)
    return charts.group_comparison([name for _, name in data.group_keys], site_percent, average_percent)


def site_context(data: ReportData, ranking_row: Row) -> dict[str, Any]:
    site_id = ranking_row["site_id"]
    site = data.sites.get(site_id) or {"url": ranking_row["url"], "reachable": ranking_row["reachable"],
                                       "homepage_status": None, "homepage_error": None, "homepage_sha256": None}
    results = data.site_rows("results", site_id)
    evidence = data.site_rows("evidence", site_id)
    deductions, vetoes, orphans = _attach_evidence(results, data.site_rows("vetoes", site_id), evidence)
    order = _column_order(data)
    columns = sorted(data.site_rows("columns", site_id),
                     key=lambda c: (order.get(c["column_key"], len(order)), c["column_key"]))
    fetch_problems = data.site_rows("fetch_problems", site_id)
    group_keys = data.group_keys
    return {
        "root": "../",
        "uses_charts": True,
        "facts": data.facts,
        "names": data.names,
        "r": ranking_row,
        "site": site,
        "total_sites": len(data.ranking),
        "group_keys": group_keys,
        "group_averages": data.group_averages,
        "group_chart": _group_chart(data, ranking_row),
        "results": results,
        "vetoes": vetoes,
        "deductions": deductions,
        "orphan_evidence": orphans,
        "columns": columns,
        "timeline": _timeline(data, site_id),
        "links": data.site_rows("links", site_id),
        "excluded": [x for x in results if x["status"] == "excluded"],
        "problem_columns": [c for c in columns if c["review"] or c["status"] == "failed"],
        "review_items": data.site_rows("review_items", site_id),
        "fetch_problems": fetch_problems,
        "fetch_total": fetch_problems[0]["site_total"] if fetch_problems else 0,
    }


def _heatmap_cell(col: Row) -> tuple[float | None, str, str]:
    cue, days, cadence = col["cue"], col["days_without_update"], col["cadence_days"]
    hover = f"{col['site_name']} · {col['column_name']}：{cue.label}"
    if days is not None:
        hover += f"，{days}天未更新"
    if cue.css == "review":
        return None, hover + "（采集问题）", "?"
    if cue.cadence_met is False and days is None:
        return charts.WORST_RATIO, hover, "无"
    if cadence is None or days is None:
        return 0.0, hover, "" if days is None else str(days)
    return min(charts.WORST_RATIO, max(0.0, days / cadence)), hover, str(days)


def cross_context(data: ReportData) -> dict[str, Any]:
    order = _column_order(data)
    keys = sorted({c["column_key"] for c in data.columns}, key=lambda k: (order.get(k, len(order)), k))
    by_site = data.by_site["columns"]
    ratios, hover, text = [], [], []
    for r in data.ranking:
        cells = {c["column_key"]: c for c in by_site.get(r["site_id"], [])}
        row_ratio, row_hover, row_text = [], [], []
        for key in keys:
            col = cells.get(key)
            if col is None:
                row_ratio.append(None)
                row_hover.append(f"{r['name']} · {data.names.column(key)}：无记录")
                row_text.append("")
                continue
            ratio, hov, label = _heatmap_cell(col)
            row_ratio.append(ratio)
            row_hover.append(hov)
            row_text.append(label)
        ratios.append(row_ratio)
        hover.append(row_hover)
        text.append(row_text)
    # positions keep rows apart when two portals share a name
    site_labels = [f"{i}. {r['name']}" for i, r in enumerate(data.ranking, start=1)]
    review_items = [dict(ri, page=site_file_name(ri["site_id"])) for ri in data.review_items]
    return {
        "root": "",
        "uses_charts": True,
        "facts": data.facts,
        "names": data.names,
        "heatmap": charts.freshness_heatmap(
            site_labels, [data.names.column(k) for k in keys], ratios, hover,
            text if len(site_labels) <= LARGE_HEATMAP else None),
        "review_items": review_items,
    }


def evidence_page_context(facts: Row, evidence: dict[str, Any]) -> dict[str, Any]:
    return {"root": "../", "facts": facts, **evidence}
