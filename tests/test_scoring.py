"""Scoring on small hand-built crawl databases: every indicator, veto, tie and exclusion rule."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from scoring import ScoringError, score_run

REPO = Path(__file__).resolve().parents[1]
MINI_SYSTEM = """\
name: mini
columns:
  guide: {name: 信息公开指南, labels: [公开指南], cadence_days: null, min_postings: 0, top_level: false}
  policy_docs: {name: 政策文件, labels: [政策文件], cadence_days: 183, min_postings: 1, top_level: true}
  interpretations: {name: 政策解读, labels: [政策解读], cadence_days: 183, min_postings: 1, top_level: true}
  news: {name: 工作动态, labels: [工作动态], cadence_days: 14, min_postings: 4, top_level: true}
  major_projects: {name: 重大项目, labels: [重大项目], cadence_days: 31, min_postings: 3, top_level: false,
                   monthly_min: 3}
  annual_report: {name: 年报, labels: [年报], cadence_days: 365, min_postings: 1, top_level: false}
interpretation: {policy_column: policy_docs, interpretation_column: interpretations,
                 title_keywords: [解读, 图解, 答记者问, 问答], max_workdays: 5, fuzzy_threshold: 85}
groups:
  - key: g1
    name: 栏目
    weight: 40
    indicators:
      - {key: present, name: 栏目存在, kind: column_present, weight: 16,
         columns: [guide, policy_docs, interpretations, news]}
      - {key: count, name: 数量, kind: column_min_postings, weight: 4, columns: [news]}
      - {key: fresh, name: 更新, kind: column_freshness, weight: 20, columns: [policy_docs, news]}
  - key: g2
    name: 时效
    weight: 60
    indicators:
      - {key: gap, name: 间隔, kind: column_gaps, weight: 10, columns: [news]}
      - {key: monthly, name: 每月, kind: monthly_minimum, weight: 12, columns: [major_projects]}
      - {key: lag, name: 成文到发布, kind: publication_lag, weight: 10, columns: [policy_docs],
         params: {max_workdays: 20}}
      - {key: coverage, name: 覆盖, kind: interpretation_coverage, weight: 10, columns: [policy_docs, interpretations]}
      - {key: timely, name: 及时, kind: interpretation_timely, weight: 10, columns: [policy_docs, interpretations]}
      - {key: annual, name: 年报, kind: annual_deadline, weight: 8, columns: [annual_report],
         params: {deadline: "03-31", department_deadline: "01-31"}}
vetoes:
  unreachable: {}
  homepage_stale: {veto: 14, warn: 10}
  blank_columns: {veto: 2, warn: 1}
  stale_top_columns: {veto: 3, warn: 2}
  long_stale_columns: {veto: 2, warn: 1, days: 365}
ranking: {pass_line: 60, vetoed_last: true}
"""
CRAWL_SCHEMA = REPO / "crawler" / "schema.sql"
AS_OF = date(2026, 1, 15)


class CrawlDb:
    """A real DuckDB crawl database, filled row by row by a test."""

    def __init__(self, path: Path, run_id: int = 1, year: int = 2025, as_of: date = AS_OF,
                 status: str = "complete") -> None:
        self.path = path
        self.run_id = run_id
        self.con = duckdb.connect(str(path))
        self.con.execute(CRAWL_SCHEMA.read_text(encoding="utf-8"))
        self.con.execute("BEGIN TRANSACTION")  # one commit at close(): row-by-row commits are slow
        self.add_run(run_id, year, as_of, status)

    def add_run(self, run_id: int, year: int, as_of: date, status: str = "complete") -> None:
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, status, year, as_of, window_start, window_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [run_id, datetime(2026, 1, 15, tzinfo=UTC), status, year, as_of,
             date(year, 1, 1), date(year, 12, 31)],
        )

    def site(self, site_id: str, *, reachable: bool | None = True, level: str | None = "county",
             region: str | None = "示例市", homepage_last_date: date | None = None,
             run_id: int | None = None) -> None:
        self.con.execute(
            "INSERT INTO sites (run_id, site_id, name, url, region, level, reachable, homepage_error, "
            "homepage_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id or self.run_id, site_id, f"{site_id}人民政府", f"http://{site_id}.gov.cn/", region, level,
             reachable, None if reachable is not False else "timeout", f"home-{site_id}"],
        )
        if homepage_last_date is not None:
            self.con.execute("UPDATE sites SET homepage_last_date = ? WHERE site_id = ?",
                             [homepage_last_date, site_id])

    def column(self, site_id: str, key: str, status: str = "ok", *, review: bool = False,
               reason: str | None = None, run_id: int | None = None) -> str:
        list_url = f"http://{site_id}.gov.cn/{key}/index.html"
        self.con.execute(
            "INSERT INTO columns (run_id, site_id, column_key, label, list_url, status, status_reason, review, "
            "review_reason, list_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id or self.run_id, site_id, key, key, list_url, status, reason, review,
             reason if review else None, f"list-{site_id}-{key}"],
        )
        return list_url

    def posting(self, site_id: str, key: str, url: str, published: date | None, title: str = "信息",
                *, written: date | None = None, doc_no: str | None = None, cited_urls: list[str] | None = None,
                cited_names: list[str] | None = None, cited_doc_nos: list[str] | None = None,
                run_id: int | None = None) -> None:
        self.con.execute(
            "INSERT INTO postings (run_id, site_id, column_key, url, title, published_date, written_date, doc_no, "
            "list_url, detail_sha256, cited_urls, cited_names, cited_doc_nos) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id or self.run_id, site_id, key, url, title, published, written, doc_no,
             f"http://{site_id}.gov.cn/{key}/index.html", f"detail-{url}", cited_urls, cited_names,
             cited_doc_nos],
        )

    def close(self) -> None:
        self.con.execute("COMMIT")
        self.con.close()


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def result(db: Path, site: str, indicator: str, column: str | None = None) -> tuple:
    found = rows(db, "SELECT value, score, max_score, status, detail FROM indicator_results "
                     "WHERE site_id = ? AND indicator = ? AND column_key IS NOT DISTINCT FROM ?",
                 [site, indicator, column])
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def mini(tmp_path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_SYSTEM, encoding="utf-8")
    return path


def url(site: str, key: str, name: str) -> str:
    return f"http://{site}.gov.cn/{key}/{name}.html"


def full_site(db: CrawlDb, site: str, *, skip: frozenset[str] = frozenset(), **site_args) -> None:
    """A site that earns every point of the mini system; `skip` leaves columns out for the test to fill."""
    db.site(site, **site_args)
    if "guide" not in skip:
        db.column(site, "guide")
    if "policy_docs" not in skip:
        db.column(site, "policy_docs")
        db.posting(site, "policy_docs", url(site, "policy_docs", "p1"), date(2025, 12, 19),
                   f"{site}人民政府关于印发《{site}政务公开工作要点》的通知", written=date(2025, 12, 15),
                   doc_no=f"{site}政发〔2025〕1号")
    if "interpretations" not in skip:
        db.column(site, "interpretations")
        db.posting(site, "interpretations", url(site, "interpretations", "i1"), date(2025, 12, 22),
                   "政策解读", cited_urls=[url(site, "policy_docs", "p1")])
    if "news" not in skip:
        db.column(site, "news")
        day = date(2024, 12, 28)
        while day <= AS_OF:
            db.posting(site, "news", url(site, "news", day.isoformat()), day, "工作动态")
            day += timedelta(days=10)
    if "major_projects" not in skip:
        db.column(site, "major_projects")
        for month in range(1, 13):
            for dom in (5, 15, 25):
                db.posting(site, "major_projects", url(site, "major_projects", f"{month}-{dom}"),
                           date(2025, month, dom), "重大项目进展")
    if "annual_report" not in skip:
        db.column(site, "annual_report")
        db.posting(site, "annual_report", url(site, "annual_report", "2024"), date(2025, 3, 1), "2024年年报")


def total(db: Path, site: str) -> float:
    return float(rows(db, "SELECT total FROM scores WHERE site_id = ?", [site])[0][0])


def evidence(db: Path, site: str, indicator: str) -> list[tuple]:
    return rows(db, "SELECT column_key, posting_url, list_url, fetch_sha256, note FROM deduction_evidence "
                    "WHERE site_id = ? AND indicator = ? ORDER BY ALL", [site, indicator])


def build_full_site_earns_every_point(db: CrawlDb) -> None:
    full_site(db, "full")


def test_full_site_earns_every_point(scored: Path):
    assert total(scored, "full") == 100.0
    assert rows(scored, "SELECT vetoed, passed, warnings FROM scores WHERE site_id = 'full'") == [(False, True, [])]
    assert rows(scored, "SELECT count(*) FROM indicator_results WHERE site_id = 'full' AND status <> 'full'") \
        == [(0,)]
    assert rows(scored, "SELECT count(*) FROM deduction_evidence WHERE site_id = 'full'") == [(0,)]
    assert rows(scored, "SELECT group_key, score, max_score FROM group_scores WHERE site_id = 'full' "
                        "ORDER BY group_key") == [("g1", 40.0, 40.0), ("g2", 60.0, 60.0)]
    assert rows(scored, "SELECT method, lag_workdays, timely FROM interpretation_links WHERE site_id = 'full'") \
        == [("anchor", 1, True)]


def build_column_present_by_status(db: CrawlDb) -> None:
    full_site(db, "present", skip=frozenset({"guide", "interpretations", "news"}))
    db.column("present", "guide", "empty")
    db.column("present", "news", "broken", reason="HTTP 404")
    db.column("present", "interpretations", "absent")


def test_column_present_by_status(scored: Path):
    assert result(scored, "present", "present", "guide")[1:4] == (0.0, 4.0, "deducted")
    assert result(scored, "present", "present", "policy_docs")[1:4] == (4.0, 4.0, "full")
    absent = result(scored, "present", "present", "interpretations")
    assert absent[1] == 0.0 and absent[4] == "网站上未找到“政策解读”栏目。"
    assert "HTTP 404" in result(scored, "present", "present", "news")[4]
    assert [row[0] for row in evidence(scored, "present", "present")] == ["guide", "interpretations", "news"]
    guide_evidence = evidence(scored, "present", "present")[0]
    assert guide_evidence[2] == "http://present.gov.cn/guide/index.html" and guide_evidence[3] == "list-present-guide"


def build_min_postings_partial_credit(db: CrawlDb) -> None:
    full_site(db, "count", skip=frozenset({"news"}))
    db.column("count", "news")
    db.posting("count", "news", url("count", "news", "a"), date(2025, 12, 20))
    db.posting("count", "news", url("count", "news", "b"), date(2026, 1, 10))  # after the window
    db.posting("count", "news", url("count", "news", "c"), date(2024, 12, 31))  # before the window


def test_min_postings_partial_credit(scored: Path):
    value, score, max_score, status, detail = result(scored, "count", "count", "news")
    assert (value, score, max_score, status) == (1.0, 1.0, 4.0, "deducted")  # 1 of 4 → 4 × 1/4
    assert detail == "“工作动态”栏目评估年度内发布 1 条，要求不少于 4 条。"


def build_freshness_against_cadence(db: CrawlDb) -> None:
    full_site(db, "fresh", skip=frozenset({"policy_docs", "interpretations"}))
    db.column("fresh", "interpretations")
    db.column("fresh", "policy_docs")
    db.posting("fresh", "policy_docs", url("fresh", "policy_docs", "old"), date(2025, 7, 15))  # 184 days
    db.posting("fresh", "policy_docs", url("fresh", "policy_docs", "older"), date(2025, 3, 1))
    db.posting("fresh", "policy_docs", url("fresh", "policy_docs", "future"), date(2026, 2, 1))  # ignored


def test_freshness_against_cadence(scored: Path):
    value, score, _, status, detail = result(scored, "fresh", "fresh", "policy_docs")
    assert (value, score, status) == (184.0, 0.0, "deducted")
    assert detail == "“政策文件”栏目最近一次更新为 2025-07-15，距基准日 184 天，要求不超过 183 天。"
    assert evidence(scored, "fresh", "fresh") == [(
        "policy_docs", url("fresh", "policy_docs", "old"), "http://fresh.gov.cn/policy_docs/index.html",
        "list-fresh-policy_docs", "最近一条发布于 2025-07-15，距基准日 184 天")]
    news = result(scored, "fresh", "fresh", "news")
    assert news[1] == 10.0 and news[3] == "full"


def build_longest_gap_uses_last_posting_before_window(db: CrawlDb) -> None:
    full_site(db, "gap", skip=frozenset({"news"}))
    db.column("gap", "news")
    dates = [date(2024, 12, 20), date(2025, 1, 5)]  # the first gap is 16 days, across the window start
    dates += [date(2025, 1, 5) + timedelta(days=14 * i) for i in range(1, 27)]  # 14-day steps: allowed
    for day in dates:
        db.posting("gap", "news", url("gap", "news", day.isoformat()), day)


def test_longest_gap_uses_last_posting_before_window(scored: Path):
    value, score, _, status, detail = result(scored, "gap", "gap", "news")
    assert (value, score, status) == (16.0, 0.0, "deducted")
    assert detail == "“工作动态”栏目最长 16 天未更新（2024-12-20 至 2025-01-05），要求不超过 14 天。"
    notes = [(row[1], row[4]) for row in evidence(scored, "gap", "gap")]
    assert notes == [(url("gap", "news", "2024-12-20"), "间隔开始：2024-12-20"),
                     (url("gap", "news", "2025-01-05"), "间隔结束：2025-01-05")]


def build_gap_to_end_of_window(db: CrawlDb) -> None:
    full_site(db, "gapend", skip=frozenset({"news"}))
    db.column("gapend", "news")
    db.posting("gapend", "news", url("gapend", "news", "x"), date(2025, 12, 1))
    db.posting("gapend", "news", url("gapend", "news", "y"), date(2025, 1, 1))


def test_gap_to_end_of_window(scored: Path):
    value = result(scored, "gapend", "gap", "news")[0]
    assert value == 334.0  # 2025-01-01 → 2025-12-01


def build_monthly_minimum(db: CrawlDb) -> None:
    full_site(db, "monthly", skip=frozenset({"major_projects"}))
    db.column("monthly", "major_projects")
    for month in range(1, 7):  # January–June: 3 each → met
        for dom in (1, 2, 3):
            db.posting("monthly", "major_projects", url("monthly", "mp", f"{month}-{dom}"), date(2025, month, dom))
    for dom in (1, 2):  # July: 2 → not met
        db.posting("monthly", "major_projects", url("monthly", "mp", f"7-{dom}"), date(2025, 7, dom))


def test_monthly_minimum(scored: Path):
    value, score, _, status, detail = result(scored, "monthly", "monthly", "major_projects")
    assert (value, score, status) == (6.0, 6.0, "deducted")  # 12 points × 6/12
    assert detail == "“重大项目”栏目 12 个月中有 6 个月发布不少于 3 条。"
    notes = [row[4] for row in evidence(scored, "monthly", "monthly")]
    assert len(notes) == 6 and "2025-07 仅发布 2 条，少于 3 条" in notes


def build_publication_lag_across_spring_festival(db: CrawlDb) -> None:
    full_site(db, "lag", skip=frozenset({"interpretations"}))
    db.column("lag", "interpretations")
    # 2025-01-20 → 2025-02-18: 17 working days (春节 1/28–2/4 off; 1/26 and 2/8 are make-up workdays)
    db.posting("lag", "policy_docs", url("lag", "policy_docs", "spring"), date(2025, 2, 18),
               "关于春节后复工的通知", written=date(2025, 1, 20))
    # 2025-09-26 → 2025-10-31: 21 working days with National Day (10/1–10/8 off, 9/28 and 10/11 worked)
    db.posting("lag", "policy_docs", url("lag", "policy_docs", "late"), date(2025, 10, 31),
               "关于秋季工作的通知", written=date(2025, 9, 26))


def test_publication_lag_across_spring_festival(scored: Path):
    assert rows(scored, "SELECT calendar, warnings FROM score_runs") == [("chinesecalendar", [])]
    value, score, _, status, detail = result(scored, "lag", "lag", "policy_docs")
    assert (round(value, 4), round(score, 4), status) == (0.6667, 6.6667, "deducted")  # 2 of 3 on time
    assert detail == "“政策文件”栏目 3 条标注成文日期的信息中 1 条超过 20 个工作日才公开。"
    assert evidence(scored, "lag", "lag") == [(
        "policy_docs", url("lag", "policy_docs", "late"), "http://lag.gov.cn/policy_docs/index.html",
        "detail-" + url("lag", "policy_docs", "late"),
        "成文日期 2025-09-26，发布日期 2025-10-31，相隔 21 个工作日（要求不超过 20 个）")]


def build_working_day_lags_match_chinesecalendar(db: CrawlDb) -> None:
    full_site(db, "lagdays")
    db.posting("lagdays", "policy_docs", url("lagdays", "policy_docs", "spring"), date(2025, 2, 18),
               "关于春节后复工的通知", written=date(2025, 1, 20))
    db.posting("lagdays", "policy_docs", url("lagdays", "policy_docs", "national"), date(2025, 9, 30),
               "关于国庆节期间安全生产的通知")
    db.posting("lagdays", "interpretations", url("lagdays", "interpretations", "national"), date(2025, 10, 10),
               "《关于国庆节期间安全生产的通知》解读")


def test_working_day_lags_match_chinesecalendar(scored: Path):
    lags = rows(scored, "SELECT policy_url, method, lag_workdays, timely FROM interpretation_links "
                        "WHERE site_id = 'lagdays' ORDER BY policy_url")
    # National Day 2025: 10/1–10/8 off, 10/11 a make-up Saturday: 9/30 → 10/10 is 2 working days
    assert (url("lagdays", "policy_docs", "national"), "name", 2, True) in lags
    late = evidence(scored, "lagdays", "lag")
    assert late == []  # 17 working days across the Spring Festival is within 20


def build_interpretation_linking_methods_and_coverage(db: CrawlDb) -> None:
    full_site(db, "links", skip=frozenset({"policy_docs", "interpretations"}))
    db.column("links", "policy_docs")
    db.column("links", "interpretations")
    policy = {n: url("links", "policy_docs", n) for n in ("p1", "p2", "p3", "p4", "p5")}
    db.posting("links", "policy_docs", policy["p1"], date(2025, 3, 3), "安清县人民政府关于加强河道管理的通知")
    db.posting("links", "policy_docs", policy["p2"], date(2025, 4, 1), "安清县人民政府关于优化营商环境的意见",
               doc_no="安政发〔2025〕7号")
    db.posting("links", "policy_docs", policy["p3"], date(2025, 5, 6),
               "安清县人民政府办公室关于印发《安清县农村人居环境整治实施方案》的通知")
    db.posting("links", "policy_docs", policy["p4"], date(2025, 6, 3),
               "安清县人民政府关于印发安清县促进消费十条措施的通知")
    db.posting("links", "policy_docs", policy["p5"], date(2025, 7, 1), "安清县人民政府关于调整工作时间的通告")
    db.posting("links", "policy_docs", url("links", "policy_docs", "old"), date(2024, 6, 1), "安清县旧文件")
    # anchor: an explicit link to the policy page (published 5 working days later → timely)
    db.posting("links", "interpretations", url("links", "interpretations", "i1"), date(2025, 3, 10),
               "河道管理政策解读", cited_urls=[policy["p1"], "http://www.gov.cn/x.html"])
    # 文号 with other brackets (7 working days later → late)
    db.posting("links", "interpretations", url("links", "interpretations", "i2"), date(2025, 4, 11),
               "营商环境政策解读", cited_doc_nos=["安政发[2025]7号"])
    # 《》 name of what the policy issues
    db.posting("links", "interpretations", url("links", "interpretations", "i3"), date(2025, 5, 7),
               "一图读懂《安清县农村人居环境整治实施方案》")
    # fuzzy, hosted in the news column
    db.posting("links", "news", url("links", "news", "i4"), date(2025, 6, 5), "图解：安清县促进消费十条措施")
    # a news item that is no interpretation must not be linked
    db.posting("links", "news", url("links", "news", "n9"), date(2025, 7, 2), "县长调研调整工作时间落实情况")


def test_interpretation_linking_methods_and_coverage(scored: Path):
    policy = {n: url("links", "policy_docs", n) for n in ("p1", "p2", "p3", "p4", "p5")}
    links = rows(scored, "SELECT policy_url, interpretation_url, method, confidence, lag_workdays, timely "
                         "FROM interpretation_links WHERE site_id = 'links' ORDER BY policy_url")
    assert [(p, m) for p, _, m, *_ in links] == [
        (policy["p1"], "anchor"), (policy["p2"], "doc_no"), (policy["p3"], "name"), (policy["p4"], "fuzzy")]
    assert links[0][3:] == (1.0, 5, True)
    assert links[1][3:] == (0.95, 7, False)  # 清明 (4/4) off
    assert links[2][3] == 0.85 and links[2][5] is True
    assert links[3][1] == url("links", "news", "i4") and links[3][3] >= 0.85
    coverage = result(scored, "links", "coverage")
    assert coverage[:4] == (0.8, 8.0, 10.0, "deducted")  # 4 of 5 policies of 2025
    assert coverage[4] == "评估年度内政策文件 5 件，其中 4 件有对应解读，覆盖率 80.0%。"
    assert [row[1] for row in evidence(scored, "links", "coverage")] == [policy["p5"]]
    timely = result(scored, "links", "timely")
    assert timely[:4] == (0.6, 6.0, 10.0, "deducted")  # p1, p3, p4 within 5 working days
    notes = {row[1]: row[4] for row in evidence(scored, "links", "timely")}
    assert set(notes) == {policy["p2"], policy["p5"]}
    assert "晚于文件 7 个工作日" in notes[policy["p2"]]


def build_strongest_method_wins_per_interpretation(db: CrawlDb) -> None:
    full_site(db, "strongest", skip=frozenset({"interpretations"}))
    db.column("strongest", "interpretations")
    other = url("strongest", "policy_docs", "p2")
    db.posting("strongest", "policy_docs", other, date(2025, 12, 1), "关于另一件事的通知")
    db.posting("strongest", "interpretations", url("strongest", "interpretations", "i1"), date(2025, 12, 22),
               "《关于另一件事的通知》解读", cited_urls=[url("strongest", "policy_docs", "p1")])


def test_strongest_method_wins_per_interpretation(scored: Path):
    assert rows(scored, "SELECT policy_url, method FROM interpretation_links WHERE site_id = 'strongest'") == [
        (url("strongest", "policy_docs", "p1"), "anchor")]


def build_annual_report_deadline_by_level(db: CrawlDb) -> None:
    full_site(db, "county", skip=frozenset({"annual_report"}))
    full_site(db, "dept", skip=frozenset({"annual_report"}), level="department")
    full_site(db, "none", skip=frozenset({"annual_report"}))
    for site in ("county", "dept", "none"):
        db.column(site, "annual_report")
    for site in ("county", "dept"):
        db.posting(site, "annual_report", url(site, "annual_report", "2024"), date(2025, 3, 20), "2024年年报")
    db.posting("none", "annual_report", url("none", "annual_report", "2023"), date(2024, 3, 20), "2023年年报")


def test_annual_report_deadline_by_level(scored: Path):
    assert result(scored, "county", "annual", "annual_report")[1:4] == (8.0, 8.0, "full")
    dept = result(scored, "dept", "annual", "annual_report")
    assert dept[1] == 0.0 and dept[4] == "“年报”栏目评估年度内首次发布为 2025-03-20，晚于 2025-01-31 的期限。"
    none = result(scored, "none", "annual", "annual_report")
    assert none[0] is None and none[4] == "“年报”栏目评估年度内未发布年报，应于 2025-03-31 前发布。"


def build_unreachable_site_is_vetoed(db: CrawlDb) -> None:
    full_site(db, "good")
    db.site("down", reachable=False)
    for key in ("guide", "policy_docs", "news"):
        db.column("down", key, "failed", reason="timeout")


def test_unreachable_site_is_vetoed(scored: Path):
    assert rows(scored, "SELECT rule, level, value, detail FROM vetoes WHERE site_id = 'down'") == [
        ("unreachable", "veto", 1.0, "网站无法访问（timeout），单项否决。")]
    # an unreachable site's failures are its own: nothing excluded, nothing under review
    assert rows(scored, "SELECT count(*) FROM indicator_results WHERE site_id = 'down' AND status = 'excluded'") \
        == [(0,)]
    assert rows(scored, "SELECT vetoed, veto_reasons, total, passed FROM scores WHERE site_id = 'down'") \
        == [(True, ["unreachable"], 0.0, False)]
    assert evidence(scored, "down", "veto:unreachable") == [
        (None, None, "http://down.gov.cn/", "home-down", "首页无法访问：timeout")]


def build_blank_and_stale_column_vetoes(db: CrawlDb) -> None:
    # blank: guide and news empty → 2 = veto line; stale top-level: policy_docs and interpretations
    # older than 183 days → 2 = warning line; long stale: annual report older than 365 days → 1 = warning
    full_site(db, "blank", skip=frozenset({"guide", "news", "policy_docs", "interpretations", "annual_report"}),
              homepage_last_date=date(2026, 1, 14))
    db.column("blank", "guide", "empty")
    db.column("blank", "news", "empty")
    db.column("blank", "policy_docs")
    db.posting("blank", "policy_docs", url("blank", "policy_docs", "p"), date(2025, 5, 1), "关于甲的通知")
    db.column("blank", "interpretations")
    db.posting("blank", "interpretations", url("blank", "interpretations", "i"), date(2025, 5, 2), "甲解读",
               cited_urls=[url("blank", "policy_docs", "p")])
    db.column("blank", "annual_report")
    db.posting("blank", "annual_report", url("blank", "annual_report", "r"), date(2025, 1, 10), "年报")


def test_blank_and_stale_column_vetoes(scored: Path):
    assert rows(scored, "SELECT rule, level, value, threshold FROM vetoes WHERE site_id = 'blank' ORDER BY rule") \
        == [
        ("blank_columns", "veto", 2.0, 2.0),
        ("long_stale_columns", "warning", 1.0, 1.0),
        ("stale_top_columns", "warning", 2.0, 2.0),
    ]
    assert rows(scored, "SELECT vetoed, veto_reasons, warnings FROM scores WHERE site_id = 'blank'") == [
        (True, ["blank_columns"], ["long_stale_columns", "stale_top_columns"])]
    assert [row[0] for row in evidence(scored, "blank", "veto:blank_columns")] == ["guide", "news"]
    assert [row[0] for row in evidence(scored, "blank", "veto:stale_top_columns")] == [
        "interpretations", "policy_docs"]
    assert rows(scored, "SELECT detail FROM vetoes WHERE site_id = 'blank' AND rule = 'blank_columns'") == [
        ("空白栏目 2 个，否决线为 2 个。",)]


def build_failed_and_review_columns_are_excluded_not_blank(db: CrawlDb) -> None:
    full_site(db, "excluded", skip=frozenset({"guide", "news"}), homepage_last_date=date(2026, 1, 14))
    db.column("excluded", "guide", "failed", reason="412 反爬挑战未通过")
    db.column("excluded", "news", "ok", review=True, reason="列表页疑似被截断")


def test_failed_and_review_columns_are_excluded_not_blank(scored: Path):
    excluded = rows(scored, "SELECT indicator, column_key, score, max_score FROM indicator_results "
                            "WHERE site_id = 'excluded' AND status = 'excluded' ORDER BY ALL")
    assert excluded == [("count", "news", 0.0, 4.0), ("fresh", "news", 0.0, 10.0), ("gap", "news", 0.0, 10.0),
                        ("present", "guide", 0.0, 4.0), ("present", "news", 0.0, 4.0)]
    detail = result(scored, "excluded", "present", "guide")[4]
    assert detail.startswith("“信息公开指南”栏目为本工具抓取失败或待复核，本项不扣分")
    # everything else is full: 100 × 68 / 68 (g1 loses 4 + 4 + 4 + 10, g2 loses 10)
    assert total(scored, "excluded") == 100.0
    assert rows(scored, "SELECT group_key, score, max_score FROM group_scores WHERE site_id = 'excluded' "
                        "ORDER BY group_key") == [("g1", 18.0, 18.0), ("g2", 50.0, 50.0)]
    assert rows(scored, "SELECT count(*) FROM vetoes WHERE site_id = 'excluded'") == [(0,)]
    assert rows(scored, "SELECT column_key, reason FROM review_items WHERE site_id = 'excluded' "
                        "ORDER BY column_key") == [
        ("guide", "“信息公开指南”栏目抓取失败：412 反爬挑战未通过"),
        ("news", "“工作动态”栏目待人工复核：列表页疑似被截断")]
    assert rows(scored, "SELECT review_columns FROM scores WHERE site_id = 'excluded'") == [(["guide", "news"],)]
    assert rows(scored, "SELECT count(*) FROM deduction_evidence WHERE site_id = 'excluded'") == [(0,)]


def build_renormalised_total_with_a_deduction_and_an_exclusion(db: CrawlDb) -> None:
    full_site(db, "renorm", skip=frozenset({"guide", "annual_report"}))
    db.column("renorm", "guide", "failed", reason="timeout")  # 4 points out of play
    db.column("renorm", "annual_report", "empty")  # annual: −8


def test_renormalised_total_with_a_deduction_and_an_exclusion(scored: Path):
    assert total(scored, "renorm") == round(100 * (96 - 8) / 96, 2)  # 91.67


HOMEPAGE_CASES = {"hp15": date(2025, 12, 31), "hp14": date(2026, 1, 1), "hp10": date(2026, 1, 5),
                  "hp9": date(2026, 1, 6)}

SCENARIOS = [build_full_site_earns_every_point, build_column_present_by_status, build_min_postings_partial_credit, build_freshness_against_cadence, build_longest_gap_uses_last_posting_before_window, build_gap_to_end_of_window, build_monthly_minimum, build_publication_lag_across_spring_festival, build_working_day_lags_match_chinesecalendar, build_interpretation_linking_methods_and_coverage, build_strongest_method_wins_per_interpretation, build_annual_report_deadline_by_level, build_unreachable_site_is_vetoed, build_blank_and_stale_column_vetoes, build_failed_and_review_columns_are_excluded_not_blank, build_renormalised_total_with_a_deduction_and_an_exclusion]


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    """One database holding every single-site scenario, scored once with the mini system."""
    folder = tmp_path_factory.mktemp("scenarios")
    system = folder / "mini.yaml"
    system.write_text(MINI_SYSTEM, encoding="utf-8")
    db = CrawlDb(folder / "scenarios.duckdb")
    for build in SCENARIOS:
        build(db)
    for site, homepage in HOMEPAGE_CASES.items():
        full_site(db, site, homepage_last_date=homepage)
    db.close()
    score_run(db.path, indicators_path=system)
    return db.path


@pytest.mark.parametrize(("site", "level", "value"), [
    ("hp15", "veto", 15.0), ("hp14", "veto", 14.0), ("hp10", "warning", 10.0), ("hp9", None, 9.0),
])
def test_homepage_stale_veto_and_warning(scored, site, level, value):
    found = rows(scored, "SELECT level, value, threshold FROM vetoes WHERE site_id = ? AND rule = 'homepage_stale'",
                 [site])
    if level is None:
        assert found == []
    else:
        assert found == [(level, value, 14.0 if level == "veto" else 10.0)]
    assert rows(scored, "SELECT vetoed FROM scores WHERE site_id = ?", [site]) == [(level == "veto",)]


def test_ties_share_a_rank_and_vetoed_sites_rank_last(tmp_path, mini):
    db = CrawlDb(tmp_path / "a.duckdb")
    full_site(db, "a1", region="甲市", level="county")
    full_site(db, "a2", region="乙市", level="county")
    full_site(db, "a3", region="甲市", level="city")
    full_site(db, "b1", skip=frozenset({"annual_report"}), region="甲市", level="county")
    db.column("b1", "annual_report", "empty")
    full_site(db, "v1", homepage_last_date=date(2025, 12, 1), region="甲市", level="county")
    db.close()
    score_run(db.path, indicators_path=mini)
    assert rows(db.path, "SELECT site_id, total, rank, rank_in_level, rank_in_region, vetoed FROM scores "
                         "ORDER BY site_id") == [
        ("a1", 100.0, 1, 1, 1, False),
        ("a2", 100.0, 1, 1, 1, False),
        ("a3", 100.0, 1, 1, 1, False),
        ("b1", 92.0, 4, 3, 3, False),
        ("v1", 100.0, 5, 4, 4, True),
    ]


def test_vetoed_sites_ranked_by_points_when_configured(tmp_path, mini):
    mini.write_text(MINI_SYSTEM.replace("vetoed_last: true", "vetoed_last: false"), encoding="utf-8")
    db = CrawlDb(tmp_path / "a.duckdb")
    full_site(db, "b1", skip=frozenset({"annual_report"}))
    db.column("b1", "annual_report", "empty")
    full_site(db, "v1", homepage_last_date=date(2025, 12, 1))
    db.close()
    score_run(db.path, indicators_path=mini)
    assert rows(db.path, "SELECT site_id, rank FROM scores ORDER BY site_id") == [("b1", 2), ("v1", 1)]


def _lag_db(tmp_path: Path, year: int) -> Path:
    db = CrawlDb(tmp_path / f"y{year}.duckdb", year=year, as_of=date(year + 1, 1, 15))
    db.site("anqing")
    db.column("anqing", "policy_docs")
    # Monday 4 January → Monday 1 February: 20 weekdays
    db.posting("anqing", "policy_docs", url("anqing", "policy_docs", "p"), date(year, 2, 1), "关于甲的通知",
               written=date(year, 1, 4))
    db.close()
    return db.path


def test_weekday_fallback_beyond_chinesecalendar_warns(tmp_path, mini):
    path = _lag_db(tmp_path, 2027)
    summary = score_run(path, indicators_path=mini)
    assert summary.calendar == "weekday-fallback"
    assert len(summary.warnings) == 1 and summary.warnings[0].startswith("2027–2028 年不在 chinesecalendar 覆盖范围")
    assert rows(path, "SELECT calendar, warnings FROM score_runs") == [("weekday-fallback", summary.warnings)]
    assert result(path, "anqing", "lag", "policy_docs")[3] == "full"  # 20 weekdays: on time


def test_holiday_file_overrides_fallback(tmp_path, mini):
    path = _lag_db(tmp_path, 2027)
    holidays = tmp_path / "holidays.yaml"
    holidays.write_text("holidays: [2027-01-05]\nworkdays: []\n", encoding="utf-8")
    summary = score_run(path, indicators_path=mini, holidays_path=holidays)
    assert summary.calendar == "holiday-file" and "节假日文件" in summary.warnings[0]
    # one weekday fewer would be on time; a make-up workday instead makes it 21 → late
    holidays.write_text("workdays: [2027-01-09]\n", encoding="utf-8")
    score_run(path, indicators_path=mini, holidays_path=holidays)
    assert result(path, "anqing", "lag", "policy_docs")[3] == "deducted"


def test_covered_year_has_no_warning(tmp_path, mini):
    path = _lag_db(tmp_path, 2024)
    summary = score_run(path, indicators_path=mini)
    assert summary.calendar == "chinesecalendar" and summary.warnings == []


SCORING_TABLES = ["interpretation_links", "indicator_results", "deduction_evidence", "vetoes", "group_scores",
                  "scores", "review_items"]


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    return {table: rows(path, f"SELECT * FROM {table} ORDER BY ALL") for table in SCORING_TABLES}


def test_rescoring_is_idempotent_and_deterministic(tmp_path, mini):
    db = CrawlDb(tmp_path / "a.duckdb")
    full_site(db, "a1")
    full_site(db, "b1", skip=frozenset({"news", "guide"}))
    db.column("b1", "guide", "failed", reason="x")
    db.posting("b1", "news", url("b1", "news", "x"), date(2025, 3, 1), "图解：关于印发《b1政务公开工作要点》的通知")
    db.close()
    score_run(db.path, indicators_path=mini)
    first = _snapshot(db.path)
    score_run(db.path, indicators_path=mini)
    assert _snapshot(db.path) == first
    assert rows(db.path, "SELECT count(*) FROM score_runs") == [(1,)]
    assert all(first[table] for table in ("indicator_results", "deduction_evidence", "scores", "review_items"))


def test_rescoring_one_run_keeps_other_runs(tmp_path, mini):
    db = CrawlDb(tmp_path / "a.duckdb")
    full_site(db, "a1")
    db.add_run(2, 2025, AS_OF)
    db.site("a1", run_id=2)
    db.close()
    score_run(db.path, run_id=1, indicators_path=mini)
    summary = score_run(db.path, indicators_path=mini)  # latest complete = 2
    assert summary.run_id == 2
    assert rows(db.path, "SELECT run_id, total FROM scores ORDER BY run_id") == [(1, 100.0), (2, 0.0)]


def test_incomplete_run_is_refused_unless_allowed(tmp_path, mini):
    db = CrawlDb(tmp_path / "a.duckdb", status="running")
    full_site(db, "a1")
    db.close()
    with pytest.raises(ScoringError, match="没有状态为 complete 的抓取批次"):
        score_run(db.path, indicators_path=mini)
    with pytest.raises(ScoringError, match="抓取批次 1 的状态为 running（未完成），拒绝评分"):
        score_run(db.path, run_id=1, indicators_path=mini)
    summary = score_run(db.path, run_id=1, indicators_path=mini, allow_incomplete=True)
    assert "未完成抓取即评分" in summary.warnings[-1]
    assert rows(db.path, "SELECT run_status FROM score_runs") == [("running",)]


def test_missing_database_and_run(tmp_path, mini):
    with pytest.raises(ScoringError, match="不存在"):
        score_run(tmp_path / "none.duckdb", indicators_path=mini)
    db = CrawlDb(tmp_path / "a.duckdb")
    db.close()
    with pytest.raises(ScoringError, match="没有编号为 9 的抓取批次"):
        score_run(db.path, run_id=9, indicators_path=mini)


def test_default_system_every_deduction_has_evidence(tmp_path):
    db = CrawlDb(tmp_path / "a.duckdb")
    full_site(db, "anqing", skip=frozenset({"guide"}))
    db.column("anqing", "guide", "broken", reason="HTTP 404")
    db.column("anqing", "notices", "empty")
    db.posting("anqing", "policy_docs", url("anqing", "policy_docs", "late"), date(2025, 10, 31), "关于乙的通知",
               written=date(2025, 1, 2))
    db.site("down", reachable=False)
    db.close()
    summary = score_run(db.path)
    assert summary.indicator_system == "zwgk-default-2025" and summary.sites == 2
    missing = rows(db.path, """
        SELECT r.site_id, r.indicator, r.column_key FROM indicator_results r
        WHERE r.status = 'deducted' AND NOT EXISTS (
            SELECT 1 FROM deduction_evidence e WHERE e.run_id = r.run_id AND e.site_id = r.site_id
              AND e.indicator = r.indicator AND e.column_key IS NOT DISTINCT FROM coalesce(r.column_key, e.column_key))
    """)
    assert missing == []
    assert rows(db.path, "SELECT count(DISTINCT indicator) FROM indicator_results") == [(10,)]
    sums = rows(db.path, "SELECT s.total, round(100 * sum(g.score) / sum(g.max_score), 2) FROM scores s "
                         "JOIN group_scores g USING (run_id, site_id) WHERE s.site_id = 'anqing' GROUP BY s.total")
    assert float(sums[0][0]) == float(sums[0][1])
    # the columns of the default system that the crawl never looked for are ours to redo, not deductions
    unsearched = rows(db.path, "SELECT column_key, reason FROM review_items WHERE site_id = 'anqing' "
                               "AND column_key = 'budget'")
    assert unsearched == [("budget", "“财政预决算”栏目未抓取：抓取时未查找该栏目（抓取所用指标体系不含此栏目）")]


def _zwgk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zwgk", *args], capture_output=True, text=True, timeout=120,
                          cwd=REPO)


def test_cli_reports_bad_input_in_one_sentence(tmp_path, mini):
    db = CrawlDb(tmp_path / "a.duckdb", status="running")
    full_site(db, "a1")
    db.close()
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI_SYSTEM.replace("weight: 16,", "weight: 15,"), encoding="utf-8")
    done = _zwgk("score", "--db", str(db.path), "--indicators", str(bad))
    assert done.returncode != 0
    assert "groups[0].indicators 应为权重之和等于分组权重 40，实际为 “39”" in done.stdout + done.stderr
    done = _zwgk("score", "--db", str(db.path), "--indicators", str(mini))
    assert done.returncode != 0 and "没有状态为 complete 的抓取批次" in done.stdout + done.stderr
    holidays = tmp_path / "h.yaml"
    holidays.write_text("holidays: [元旦]\n", encoding="utf-8")
    complete = CrawlDb(tmp_path / "b.duckdb")
    full_site(complete, "a1")
    complete.close()
    done = _zwgk("score", "--db", str(complete.path), "--indicators", str(mini), "--holidays", str(holidays))
    assert done.returncode != 0 and "holidays[0] 应为 YYYY-MM-DD 日期，实际为 '元旦'" in done.stdout + done.stderr


def test_synthetic_database_scores_deterministically(tmp_path):
    from bench.synth import make_synthetic_db

    path = tmp_path / "synth.duckdb"
    counts = make_synthetic_db(path, sites=40, columns=20, postings=20_000, seed=7)
    assert counts["postings"] == 20_000 and counts["columns"] == 800
    first_summary = score_run(path)
    first = _snapshot(path)
    second_summary = score_run(path)
    assert _snapshot(path) == first
    assert dataclasses.replace(second_summary, seconds=first_summary.seconds) == first_summary
    methods = dict(rows(path, "SELECT method, count(*) FROM interpretation_links GROUP BY method"))
    assert set(methods) == {"anchor", "doc_no", "name", "fuzzy"}
    # every link, fuzzy ones included, joins an interpretation to the policy whose number it names
    wrong = rows(path, """
        SELECT l.method, i.title, p.title FROM interpretation_links l
        JOIN postings i ON i.run_id = l.run_id AND i.site_id = l.site_id AND i.url = l.interpretation_url
        JOIN postings p ON p.run_id = l.run_id AND p.site_id = l.site_id AND p.url = l.policy_url
        WHERE regexp_extract(i.title, '第(\\d+)号', 1) <> regexp_extract(p.title, '第(\\d+)号', 1)
           OR regexp_extract(i.title, '第(\\d+)号', 1) = ''""")
    assert wrong == []
