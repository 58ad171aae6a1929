"""Small crawl + scoring databases for the report tests, written row by row with SQL.

The report only reads tables, so these fixtures insert scores directly instead of running the
scorer. Hostile strings (script tags, quotes, onerror, spreadsheet formulas) sit in site names,
titles and evidence bodies so that every page and export can be checked for escaping.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from crawler.evidence import EvidenceStore

REPO = Path(__file__).resolve().parents[1]
CRAWL_SCHEMA = REPO / "crawler" / "schema.sql"
SCORING_SCHEMA = REPO / "scoring" / "schema.sql"

RUN_ID = 7
YEAR = 2025
AS_OF = date(2026, 1, 15)

HOSTILE_SITE_NAME = '白水县人民政府"><img src=x onerror=alert(1)>'
HOSTILE_TITLE = '<script>alert(1)</script>关于印发"白水县\'政务公开\'要点"的通知'
HOSTILE_IMG_TITLE = '<img src=x onerror=alert(1)>白水县政策解读'
FORMULA_TITLE = '=HYPERLINK("http://evil.example/","点击")'
JS_URL = "javascript:alert(1)"
EVIDENCE_MARKER = "证据页面标记文字"

INDICATORS_YAML = """\
name: 测试指标体系
columns:
  policy_docs: {name: 政策文件, cadence_days: 183, top_level: true}
  interpretations: {name: 政策解读, cadence_days: 183}
  news: {name: 工作动态, cadence_days: 14, top_level: true}
  notices: {name: 通知公告, cadence_days: 183, top_level: true}
  personnel: {name: 人事信息, cadence_days: 365}
  guide: {name: 信息公开指南}
  budget: {name: 财政预决算, cadence_days: 365}
groups:
  - key: decision
    name: 决策公开
    indicators:
      - {key: policy_fresh, name: 政策文件更新}
      - {key: interp_coverage, name: 解读覆盖率}
  - key: platform
    name: 平台建设
    indicators:
      - {key: news_fresh, name: 工作动态更新}
      - {key: blank_columns, name: 空白栏目}
"""

GROUPS = {"decision": "决策公开", "platform": "平台建设"}


def _site_rows() -> list[tuple]:
    return [
        ("anqing", "安清县人民政府", "http://127.0.0.11:18001/", "示例省", "county", True, 200),
        ("baishui", HOSTILE_SITE_NAME, "http://127.0.0.12:18002/", "示例省", "county", True, 200),
        ("chengbei", "城北区人民政府", "http://127.0.0.13:18003/", "另一省", "city", True, 200),
        ("dongfeng", "东风市人民政府", "http://127.0.0.14:18004/", "另一省", "city", False, None),
    ]


def _evidence_body(title: str) -> bytes:
    html = (
        '<html><head><meta charset="gbk"><title>政策文件</title>'
        '<link rel="stylesheet" href="http://evil.example/style.css"></head><body>'
        "<script>alert('snapshot')</script>"
        '<img src="http://evil.example/x.png" onerror="alert(2)">'
        f"<h1>{EVIDENCE_MARKER}</h1><p>{title}</p>"
        '<a href="http://evil.example/">外部链接</a></body></html>'
    )
    return html.encode("gbk", errors="replace")


def _fetched_at(day: int) -> datetime:
    return datetime(2026, 1, 10, 8, day, tzinfo=UTC)


def _postings_for(site_id: str, column_key: str, last: date, count: int) -> list[tuple]:
    rows = []
    for i in range(count):
        published = last - timedelta(days=23 * i)
        url = f"http://127.0.0.1/{site_id}/{column_key}/t{published:%Y%m%d}_{i}.html"
        title = f"{column_key}第{i}号文件：关于做好{published.month}月政务公开工作的通知"
        rows.append((site_id, column_key, url, title, published, f"示政发〔{published.year}〕{i}号"))
    return rows


def build_report_db(folder: Path, *, scored: bool = True) -> Path:
    """Write ``folder/audit.duckdb`` and its evidence store; return the database path."""
    db_path = folder / "audit.duckdb"
    store = EvidenceStore.beside(db_path)
    con = duckdb.connect(str(db_path))
    con.execute(CRAWL_SCHEMA.read_text(encoding="utf-8"))
    con.execute(SCORING_SCHEMA.read_text(encoding="utf-8"))
    con.execute(
        "INSERT INTO runs (run_id, started_at, finished_at, status, year, as_of, window_start, window_end,"
        " sites_file, indicators, zwgk_version) VALUES (?, ?, ?, 'complete', ?, ?, ?, ?, 'sites.yaml',"
        " '测试指标体系', '0.1.0')",
        [RUN_ID, _fetched_at(0), _fetched_at(30), YEAR, AS_OF, date(YEAR, 1, 1), date(YEAR, 12, 31)],
    )
    # an older run without scores: the report must ignore it when run_id is not given
    con.execute(
        "INSERT INTO runs (run_id, started_at, status, year, as_of, window_start, window_end)"
        " VALUES (3, ?, 'incomplete', 2024, ?, ?, ?)",
        [_fetched_at(0), date(2025, 1, 15), date(2024, 1, 1), date(2024, 12, 31)],
    )
    for site_id, name, url, region, level, reachable, status in _site_rows():
        home_sha = store.put(_evidence_body(name)) if reachable else None
        con.execute(
            "INSERT INTO sites (run_id, site_id, name, url, region, level, reachable, homepage_status,"
            " homepage_error, homepage_sha256, robots_obeyed, pages_fetched, caps_hit)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, 40, [])",
            [RUN_ID, site_id, name, url, region, level, reachable, status,
             None if reachable else "timeout", home_sha],
        )
    _insert_columns_and_postings(con, store)
    if scored:
        _insert_scores(con, store)
    con.close()
    return db_path


def _insert_columns_and_postings(con: duckdb.DuckDBPyConnection, store: EvidenceStore) -> None:
    plan = {
        # column_key: (label, days since last posting at AS_OF, postings)
        "policy_docs": ("政策文件", 20, 12),
        "interpretations": ("政策解读", 40, 8),
        "news": ("工作动态", 3, 20),
        "notices": ("通知公告", 170, 6),
        "personnel": ("人事信息", 400, 2),
    }
    for site_id, *_rest, reachable, _status in _site_rows():
        if not reachable:
            continue
        for key, (label, age, count) in plan.items():
            if site_id == "chengbei" and key == "news":
                age = 60  # stale: red cue
            last = AS_OF - timedelta(days=age)
            list_url = f"http://127.0.0.1/{site_id}/{key}/index.html"
            sha = store.put(_evidence_body(f"{label}列表"))
            postings = _postings_for(site_id, key, last, count)
            in_window = sum(1 for p in postings if p[4].year == YEAR)
            con.execute(
                "INSERT INTO columns (run_id, site_id, column_key, label, list_url, found_by, status, pages,"
                " postings, postings_in_window, last_published, list_sha256)"
                " VALUES (?, ?, ?, ?, ?, 'nav', 'ok', 1, ?, ?, ?, ?)",
                [RUN_ID, site_id, key, label, list_url, count, in_window, last, sha],
            )
            con.execute(
                "INSERT INTO fetches (run_id, site_id, url, purpose, column_key, status, elapsed_ms, bytes,"
                " sha256, content_type, fetched_at) VALUES (?, ?, ?, 'list', ?, 200, 120, 2048, ?,"
                " 'text/html; charset=gbk', ?)",
                [RUN_ID, site_id, list_url, key, sha, _fetched_at(5)],
            )
            for row in postings:
                con.execute(
                    "INSERT INTO postings (run_id, site_id, column_key, url, title, published_date, doc_no,"
                    " date_source, list_url, list_page) VALUES (?, ?, ?, ?, ?, ?, ?, 'list', ?, 1)",
                    [RUN_ID, *row, list_url],
                )
        con.execute(
            "INSERT INTO columns (run_id, site_id, column_key, label, status, status_reason, review,"
            " review_reason) VALUES (?, ?, 'budget', '财政预决算', 'failed', 'timeout', true, '列表页超时')",
            [RUN_ID, site_id],
        )
        con.execute(
            "INSERT INTO columns (run_id, site_id, column_key, label, list_url, status, postings)"
            " VALUES (?, ?, 'guide', '信息公开指南', ?, 'empty', 0)",
            [RUN_ID, site_id, f"http://127.0.0.1/{site_id}/guide/"],
        )
        con.execute(
            "INSERT INTO fetches (run_id, site_id, url, purpose, column_key, status, error, fetched_at)"
            " VALUES (?, ?, ?, 'list', 'budget', NULL, 'timeout', ?)",
            [RUN_ID, site_id, f"http://127.0.0.1/{site_id}/budget/index.html", _fetched_at(6)],
        )
    _insert_hostile_postings(con, store)


def _insert_hostile_postings(con: duckdb.DuckDBPyConnection, store: EvidenceStore) -> None:
    hostile = [
        ("policy_docs", "http://127.0.0.1/baishui/policy_docs/hostile.html", HOSTILE_TITLE, date(2025, 6, 3)),
        ("interpretations", "http://127.0.0.1/baishui/interpretations/hostile.html", HOSTILE_IMG_TITLE,
         date(2025, 6, 20)),
        ("policy_docs", JS_URL, FORMULA_TITLE, date(2025, 7, 1)),
    ]
    for key, url, title, published in hostile:
        sha = store.put(_evidence_body(title))
        con.execute(
            "INSERT INTO postings (run_id, site_id, column_key, url, title, published_date, date_source,"
            " detail_sha256) VALUES (?, 'baishui', ?, ?, ?, ?, 'detail_meta', ?)",
            [RUN_ID, key, url, title, published, sha],
        )
        con.execute(
            "INSERT INTO fetches (run_id, site_id, url, purpose, column_key, status, sha256, content_type,"
            " fetched_at) VALUES (?, 'baishui', ?, 'detail', ?, 200, ?, 'text/html', ?)",
            [RUN_ID, url, key, sha, _fetched_at(7)],
        )


def _insert(con: duckdb.DuckDBPyConnection, table: str, **values: object) -> None:
    """Insert by column name, so the fixture survives columns added to the schemas."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))


def _insert_scores(con: duckdb.DuckDBPyConnection, store: EvidenceStore) -> None:
    _insert(con, "score_runs", run_id=RUN_ID, indicator_system="测试指标体系", indicators_sha256="abc123",
            indicators_yaml=INDICATORS_YAML, scored_at=_fetched_at(40), calendar="chinesecalendar",
            warnings=["测试警告"])
    totals = {"anqing": (88.5, 1, False), "baishui": (72.25, 2, False),
              "chengbei": (40.0, 3, True), "dongfeng": (0.0, 4, True)}
    levels = {"anqing": 1, "baishui": 2, "chengbei": 1, "dongfeng": 2}
    for site_id, (total, rank, vetoed) in totals.items():
        reasons = ["unreachable"] if site_id == "dongfeng" else (["stale_top_columns"] if vetoed else [])
        _insert(con, "scores", run_id=RUN_ID, site_id=site_id, total=total, rank=rank,
                rank_in_level=levels[site_id], rank_in_region=levels[site_id], vetoed=vetoed,
                veto_reasons=reasons, warnings=["homepage_stale"] if site_id == "anqing" else [],
                review_columns=["budget"] if site_id != "dongfeng" else [], passed=total >= 60 and not vetoed)
        decision = round(total * 0.6, 2)
        _insert(con, "group_scores", run_id=RUN_ID, site_id=site_id, group_key="decision", group_name="决策公开",
                score=decision, max_score=60.0)
        _insert(con, "group_scores", run_id=RUN_ID, site_id=site_id, group_key="platform", group_name="平台建设",
                score=round(total - decision, 2), max_score=40.0)
        results = [
            ("decision", "policy_fresh", "policy_docs", 20.0, 30.0, 30.0, "full", "政策文件20天前更新，符合要求。"),
            ("decision", "interp_coverage", None, 0.5, decision - 30.0, 30.0, "deducted",
             "50%的政策文件有解读，扣分。"),
            ("platform", "news_fresh", "news", 3.0, total - decision, 30.0, "deducted", "工作动态更新不及时。"),
            ("platform", "blank_columns", "budget", None, 10.0, 10.0, "excluded", "财政预决算栏目采集失败，待复核。"),
        ]
        for group, indicator, column, value, score, max_score, status, detail in results:
            _insert(con, "indicator_results", run_id=RUN_ID, site_id=site_id, group_key=group, indicator=indicator,
                    column_key=column, value=value, score=score, max_score=max_score, status=status, detail=detail)
        if site_id != "dongfeng":
            _insert(con, "review_items", run_id=RUN_ID, site_id=site_id, column_key="budget",
                    reason="财政预决算列表页超时，需人工复核")
    hostile_sha = con.execute(
        "SELECT detail_sha256 FROM postings WHERE site_id = 'baishui' AND title = ?", [HOSTILE_TITLE]
    ).fetchone()[0]
    list_sha = con.execute(
        "SELECT list_sha256 FROM columns WHERE site_id = 'baishui' AND column_key = 'news'"
    ).fetchone()[0]
    _insert(con, "deduction_evidence", run_id=RUN_ID, site_id="baishui", indicator="interp_coverage",
            column_key=None, posting_url="http://127.0.0.1/baishui/policy_docs/hostile.html",
            list_url="http://127.0.0.1/baishui/policy_docs/index.html", fetch_sha256=hostile_sha,
            note='该政策文件无解读："<b>注意</b>"')
    _insert(con, "deduction_evidence", run_id=RUN_ID, site_id="baishui", indicator="news_fresh", column_key="news",
            posting_url=None, list_url="http://127.0.0.1/baishui/news/index.html", fetch_sha256=list_sha,
            note="最近一条距基准日3天")
    news = con.execute("SELECT url FROM postings WHERE site_id = 'baishui' AND column_key = 'news'"
                       " ORDER BY published_date DESC LIMIT 6").fetchall()
    for (url,) in news:  # more rows than a deduction lists openly
        _insert(con, "deduction_evidence", run_id=RUN_ID, site_id="baishui", indicator="news_fresh",
                column_key="news", posting_url=url, list_url="http://127.0.0.1/baishui/news/index.html",
                fetch_sha256=None, note="更新间隔过长")
    _insert(con, "deduction_evidence", run_id=RUN_ID, site_id="chengbei", indicator="veto:stale_top_columns",
            column_key="news", posting_url=None, list_url="http://127.0.0.1/chengbei/news/index.html",
            fetch_sha256=None, note="工作动态60天未更新")
    for site_id, rule, level, value, threshold, detail in [
        ("chengbei", "stale_top_columns", "veto", 5, 5, "5个栏目长期未更新"),
        ("dongfeng", "unreachable", "veto", 1.0, 0.05, "网站无法访问"),
        ("anqing", "homepage_stale", "warning", 10, 10, "首页10天未更新（预警）"),
    ]:
        _insert(con, "vetoes", run_id=RUN_ID, site_id=site_id, rule=rule, level=level, value=value,
                threshold=threshold, detail=detail)
    _insert(con, "interpretation_links", run_id=RUN_ID, site_id="baishui",
            interpretation_url="http://127.0.0.1/baishui/interpretations/hostile.html",
            policy_url="http://127.0.0.1/baishui/policy_docs/hostile.html", method="name", confidence=0.8,
            interpretation_date=date(2025, 6, 20), policy_date=date(2025, 6, 3), lag_workdays=12, timely=False)
    _insert(con, "interpretation_links", run_id=RUN_ID, site_id="baishui",
            interpretation_url="http://127.0.0.1/baishui/interpretations/hostile.html", policy_url=JS_URL,
            method="fuzzy", confidence=0.61, interpretation_date=date(2025, 6, 20), policy_date=date(2025, 7, 1),
            lag_workdays=None, timely=None)
    _insert(con, "interpretation_links", run_id=RUN_ID, site_id="anqing",
            interpretation_url="http://127.0.0.1/anqing/interpretations/a.html",
            policy_url="http://127.0.0.1/anqing/policy_docs/p.html", method="anchor", confidence=1.0,
            interpretation_date=date(2025, 3, 5), policy_date=date(2025, 3, 3), lag_workdays=2, timely=True)
