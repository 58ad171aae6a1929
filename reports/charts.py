"""Plotly figure specifications (plain JSON for plotly.js, which the report ships once).

Figures are built as dicts rather than ``plotly.graph_objects`` because a report of a thousand
portals draws a thousand timelines and the validating objects cost tens of milliseconds each.
Every text that came from a crawled page goes through ``plot_text``: plotly renders a subset of
HTML in labels and hover text, so ``<`` and ``&`` must reach it as entities.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from reports.freshness import NEAR_FRACTION

Figure = dict[str, Any]

FONT = {"family": '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif', "size": 13}
GREEN, AMBER, RED, GREY, BLUE = "#2e7d32", "#f0a500", "#c62828", "#9e9e9e", "#1f5f99"
# heat-map value for a column with no content (absent, blank, broken): as bad as the scale goes
WORST_RATIO = 2.0


def plot_text(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=False)


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": plot_text(title)},
        "font": FONT,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
    }
    layout.update(extra)
    return layout


def score_distribution(totals: Sequence[float], vetoed: Sequence[bool]) -> Figure:
    bins = {"start": 0, "end": 100.0001, "size": 5}
    passed = [t for t, v in zip(totals, vetoed, strict=True) if not v]
    failed = [t for t, v in zip(totals, vetoed, strict=True) if v]
    return {
        "data": [
            {"type": "histogram", "x": passed, "xbins": bins, "name": "未否决", "marker": {"color": BLUE},
             "hovertemplate": "%{x}分：%{y}个网站<extra></extra>"},
            {"type": "histogram", "x": failed, "xbins": bins, "name": "单项否决", "marker": {"color": RED},
             "hovertemplate": "%{x}分：%{y}个网站<extra></extra>"},
        ],
        "layout": _layout(
            "总分分布", barmode="stack", height=320,
            xaxis={"title": {"text": "总分"}, "range": [0, 100]},
            yaxis={"title": {"text": "网站数"}},
        ),
    }


def indicator_averages(labels: Sequence[str], percents: Sequence[float | None]) -> Figure:
    shown = [plot_text(label) for label in labels]
    return {
        "data": [{
            "type": "bar", "orientation": "h", "y": shown, "x": list(percents),
            "marker": {"color": BLUE}, "hovertemplate": "%{y}：平均得分率 %{x:.1f}%<extra></extra>",
        }],
        "layout": _layout(
            "各指标平均得分率", height=max(260, 28 * len(labels) + 100),
            margin={"l": 220, "r": 20, "t": 50, "b": 40},
            xaxis={"title": {"text": "平均得分率（%）"}, "range": [0, 100]},
            yaxis={"autorange": "reversed", "type": "category"},
        ),
    }


def group_comparison(groups: Sequence[str], site_percent: Sequence[float | None],
                     average_percent: Sequence[float | None]) -> Figure:
    shown = [plot_text(g) for g in groups]
    return {
        "data": [
            {"type": "bar", "name": "本网站", "x": shown, "y": list(site_percent), "marker": {"color": BLUE},
             "hovertemplate": "%{x}：本网站 %{y:.1f}%<extra></extra>"},
            {"type": "bar", "name": "全部网站平均", "x": shown, "y": list(average_percent),
             "marker": {"color": GREY}, "hovertemplate": "%{x}：平均 %{y:.1f}%<extra></extra>"},
        ],
        "layout": _layout(
            "各指标组得分率与平均对比", barmode="group", height=320,
            yaxis={"title": {"text": "得分率（%）"}, "range": [0, 100]},
            xaxis={"type": "category"},
        ),
    }


def monthly_timeline(months: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> Figure:
    return {
        "data": [
            {"type": "scatter", "mode": "lines+markers", "name": plot_text(name), "x": list(months), "y": list(counts),
             "hovertemplate": plot_text(name) + " %{x}：%{y}条<extra></extra>"}
            for name, counts in series
        ],
        "layout": _layout(
            "各栏目每月发布条数", height=340,
            xaxis={"type": "category", "title": {"text": "月份"}},
            yaxis={"title": {"text": "发布条数"}, "rangemode": "tozero"},
        ),
    }


def freshness_heatmap(site_labels: Sequence[str], column_labels: Sequence[str],
                      ratios: Sequence[Sequence[float | None]], hover: Sequence[Sequence[str]],
                      cell_text: Sequence[Sequence[str]] | None) -> Figure:
    """Days without update relative to each column's cadence (1 = due); None = under review."""
    near = NEAR_FRACTION / WORST_RATIO
    due = 1 / WORST_RATIO
    trace: dict[str, Any] = {
        "type": "heatmap",
        "x": [plot_text(c) for c in column_labels],
        "y": [plot_text(s) for s in site_labels],
        "z": [list(row) for row in ratios],
        "zmin": 0, "zmax": WORST_RATIO,
        "hovertext": [[plot_text(h) for h in row] for row in hover],
        "hovertemplate": "%{hovertext}<extra></extra>",
        "xgap": 1, "ygap": 1,
        "colorscale": [[0, GREEN], [near, GREEN], [near, AMBER], [due, AMBER], [due, RED], [1, "#7f0000"]],
        "colorbar": {"title": {"text": "未更新天数/更新周期"}, "tickvals": [0, 1, 2],
                     "ticktext": ["刚更新", "到期", "超期一倍及以上"]},
    }
    if cell_text is not None:
        trace["text"] = [[plot_text(t) for t in row] for row in cell_text]
        trace["texttemplate"] = "%{text}"
    layout = _layout(
        "各网站各栏目未更新天数（灰色：采集问题，待复核）", height=max(320, 18 * len(site_labels) + 200),
        plot_bgcolor="#d9d9d9",
        # rotated column names sit above the plot: the title goes above them
        margin={"l": 260, "r": 20, "t": 160, "b": 20},
        xaxis={"side": "top", "type": "category", "tickangle": -40},
        yaxis={"autorange": "reversed", "type": "category"},
    )
    layout["title"].update({"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 10}})
    return {"data": [trace], "layout": layout}
