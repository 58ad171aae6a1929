"""Report benchmark: build the HTML report and exports of a synthetic run of 1,000 portals.

The crawl and scoring tables are generated with DuckDB SQL (16 columns per portal, about 100
postings per column, indicator results, evidence, vetoes, interpretation links), and every list
page gets a distinct ~12 KB body in the evidence store, as a real crawl would. Prints the build
time, the folder size and the overview page size (goals: < 60 s, overview < 5 MB).

    python bench/bench_report.py [--portals 1000] [--postings-per-column 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.evidence import EvidenceStore  # noqa: E402
from reports import build_report  # noqa: E402

COLUMN_KEYS = ["institution", "guide", "policy_docs", "interpretations", "news", "notices", "plans", "personnel",
               "budget", "major_projects", "consultation", "double_publicity", "proposals", "audit", "fees",
               "annual_report"]

# Tables in the order of the schemas; {n}, {per_column} are filled in before running.
GENERATE_SQL = """
INSERT INTO runs (run_id, started_at, finished_at, status, year, as_of, window_start, window_end, indicators)
VALUES (1, TIMESTAMPTZ '2026-01-14 00:00:00+08', TIMESTAMPTZ '2026-01-14 06:00:00+08', 'complete', 2025,
        DATE '2026-01-15', DATE '2025-01-01', DATE '2025-12-31', 'zwgk-default-2025');

CREATE TEMP TABLE keys AS
SELECT unnest($keys) AS column_key, generate_subscripts($keys, 1) AS k;

INSERT INTO sites (run_id, site_id, name, url, region, level, reachable, homepage_status, pages_fetched)
SELECT 1, printf('s%04d', i),
       CASE WHEN i = 7 THEN '<script>alert(1)</script>"示例"县人民政府'
            ELSE printf('第%d示例县人民政府', i) END,
       printf('http://10.%d.%d.1/', i // 250, i % 250),
       ['东湖省', '西岭省', '南川省', '北原省', '中州省', '海滨省', '云台省', '青山省'][1 + i % 8],
       ['county', 'county', 'city', 'department'][1 + i % 4],
       i % 97 <> 0, CASE WHEN i % 97 <> 0 THEN 200 END, 400
FROM range({n}) t(i);

INSERT INTO columns (run_id, site_id, column_key, label, list_url, found_by, status, review, review_reason,
                     pages, postings, postings_in_window, last_published)
SELECT 1, s.site_id, k.column_key, k.column_key || '栏目', s.url || k.column_key || '/index.html', 'nav',
       CASE WHEN h % 100 < 85 THEN 'ok' WHEN h % 100 < 90 THEN 'empty' WHEN h % 100 < 93 THEN 'absent'
            WHEN h % 100 < 95 THEN 'broken' ELSE 'failed' END,
       h % 100 >= 95, CASE WHEN h % 100 >= 95 THEN '列表页超时' END,
       5, {per_column}, {per_column} // 2, DATE '2026-01-15' - CAST(h % 400 AS INTEGER)
FROM sites s, keys k, LATERAL (SELECT hash(s.site_id || k.column_key) % 1000 AS h)
WHERE s.reachable;

INSERT INTO postings (run_id, site_id, column_key, url, title, published_date, date_source, list_url, list_page)
SELECT 1, c.site_id, c.column_key, c.list_url || 't' || j || '.html',
       CASE WHEN j = 0 AND c.site_id = 's0007' THEN '<img src=x onerror=alert(1)>关于"政务公开"的通知'
            ELSE printf('关于做好第%d项%s工作的通知', j, c.label) END,
       c.last_published - CAST(j * 4 AS INTEGER), 'list', c.list_url, 1 + j // 20
FROM columns c, range({per_column}) t(j)
WHERE c.status = 'ok';

INSERT INTO fetches (run_id, site_id, url, purpose, column_key, status, error, fetched_at)
SELECT 1, site_id, list_url, 'list', column_key,
       CASE WHEN status = 'failed' THEN NULL WHEN status = 'broken' THEN 404 ELSE 200 END,
       CASE WHEN status = 'failed' THEN 'timeout' END, TIMESTAMPTZ '2026-01-14 02:00:00+08'
FROM columns;

INSERT INTO score_runs (run_id, indicator_system, indicators_sha256, indicators_yaml, scored_at, calendar, warnings)
VALUES (1, 'zwgk-default-2025', 'bench', $yaml, TIMESTAMPTZ '2026-01-14 07:00:00+08', 'chinesecalendar', []);

CREATE TEMP TABLE indicators AS
SELECT * FROM (VALUES
    ('platform', '平台建设与栏目完整性', 'columns_present', 15.0),
    ('platform', '平台建设与栏目完整性', 'min_postings', 10.0),
    ('timeliness', '更新及时性', 'freshness', 18.0),
    ('timeliness', '更新及时性', 'longest_gap', 9.0),
    ('timeliness', '更新及时性', 'major_projects_monthly', 8.0),
    ('policy', '政策发布与解读', 'publication_lag', 8.0),
    ('policy', '政策发布与解读', 'interpretation_coverage', 12.0),
    ('policy', '政策发布与解读', 'interpretation_timely', 10.0),
    ('results', '执行和结果公开', 'annual_report', 10.0)
) t(group_key, group_name, indicator, weight);

INSERT INTO indicator_results
SELECT 1, s.site_id, i.group_key, i.indicator, k.column_key, (hash(s.site_id || i.indicator || k.column_key) % 400),
       CASE WHEN hash(s.site_id || i.indicator || k.column_key) % 3 = 0 THEN 0 ELSE i.weight / 16 END,
       i.weight / 16,
       CASE WHEN hash(s.site_id || i.indicator || k.column_key) % 3 = 0 THEN 'deducted' ELSE 'full' END,
       '该栏目' || k.column_key || '的指标说明'
FROM sites s, indicators i, keys k;

INSERT INTO deduction_evidence
SELECT 1, r.site_id, r.indicator, r.column_key, p.url, c.list_url, c.list_sha256, '未在规定期限内更新'
FROM indicator_results r
JOIN columns c USING (run_id, site_id, column_key)
LEFT JOIN postings p ON p.run_id = 1 AND p.site_id = r.site_id AND p.column_key = r.column_key
                    AND p.url = c.list_url || 't0.html'
WHERE r.status = 'deducted';

INSERT INTO group_scores
SELECT 1, site_id, group_key, any_value(i.group_name), sum(score), sum(max_score)
FROM indicator_results r JOIN (SELECT DISTINCT group_key, group_name FROM indicators) i USING (group_key)
GROUP BY site_id, group_key;

CREATE TEMP TABLE totals AS
SELECT site_id, round(sum(score) * 100 / sum(max_score), 2) AS total,
       (hash(site_id) % 10 = 0) OR NOT any_value(reachable) AS vetoed
FROM group_scores JOIN sites USING (run_id, site_id)
GROUP BY site_id;

INSERT INTO scores (run_id, site_id, total, rank, rank_in_level, rank_in_region, vetoed, veto_reasons, warnings,
                    review_columns, passed)
SELECT 1, t.site_id, t.total, rank() OVER (ORDER BY t.vetoed, t.total DESC),
       rank() OVER (PARTITION BY s.level ORDER BY t.vetoed, t.total DESC),
       rank() OVER (PARTITION BY s.region ORDER BY t.vetoed, t.total DESC),
       t.vetoed, CASE WHEN NOT s.reachable THEN ['unreachable'] WHEN t.vetoed THEN ['stale_top_columns'] ELSE [] END,
       [], (SELECT list(column_key) FROM columns c WHERE c.site_id = t.site_id AND c.review),
       NOT t.vetoed AND t.total >= 60
FROM totals t JOIN sites s USING (site_id);

INSERT INTO vetoes
SELECT 1, site_id, veto_reasons[1], 'veto', 5, 5, '主要栏目长期未更新' FROM scores WHERE vetoed;

INSERT INTO review_items
SELECT 1, site_id, column_key, review_reason FROM columns WHERE review;

INSERT INTO interpretation_links
SELECT 1, p.site_id, replace(p.url, 'policy_docs', 'interpretations'), p.url,
       ['anchor', 'doc_no', 'name', 'fuzzy'][CAST(1 + hash(p.url) % 4 AS INTEGER)], 0.5 + (hash(p.url) % 50) / 100,
       p.published_date + 3, p.published_date, CAST(hash(p.url) % 9 AS INTEGER), hash(p.url) % 9 <= 5
FROM postings p
WHERE p.column_key = 'policy_docs' AND p.url LIKE '%t_.html';
"""


def list_page_body(site_id: str, column_key: str, rows: int = 60) -> bytes:
    items = "".join(
        f'<li><a href="t{j}.html" title="关于做好第{j}项工作的通知">关于做好第{j}项{column_key}工作的通知'
        f"（{site_id}）</a><span>2025-{1 + j % 12:02d}-{1 + j % 28:02d}</span></li>\n"
        for j in range(rows)
    )
    page = (f"<html><head><meta charset='utf-8'><title>{column_key}</title>"
            f"<script>var site='{site_id}';</script></head><body><ul>{items}</ul></body></html>")
    return page.encode("utf-8")


def make_database(folder: Path, portals: int, per_column: int) -> Path:
    db_path = folder / "bench.duckdb"
    db_path.unlink(missing_ok=True)
    con = duckdb.connect(str(db_path))
    con.execute((REPO / "crawler" / "schema.sql").read_text(encoding="utf-8"))
    con.execute((REPO / "scoring" / "schema.sql").read_text(encoding="utf-8"))
    yaml_text = (REPO / "indicators" / "default.yaml").read_text(encoding="utf-8")
    script = GENERATE_SQL.replace("{n}", str(portals)).replace("{per_column}", str(per_column))
    statements = [s for s in script.split(";\n") if s.strip()]
    for statement in statements[:6]:   # up to the fetches: the crawl tables
        con.execute(statement, {"keys": COLUMN_KEYS} if "$keys" in statement else {})
    store = EvidenceStore.beside(db_path)
    pairs = con.execute("SELECT site_id, column_key FROM columns WHERE status IN ('ok', 'empty')").fetchall()
    shas = [(site, key, store.put(list_page_body(site, key))) for site, key in pairs]
    con.execute("CREATE TEMP TABLE list_shas (site_id VARCHAR, column_key VARCHAR, sha VARCHAR)")
    con.executemany("INSERT INTO list_shas VALUES (?, ?, ?)", shas)
    con.execute("UPDATE columns SET list_sha256 = l.sha FROM list_shas l"
                " WHERE columns.site_id = l.site_id AND columns.column_key = l.column_key")
    con.execute("UPDATE fetches SET sha256 = l.sha, content_type = 'text/html; charset=utf-8' FROM list_shas l"
                " WHERE fetches.site_id = l.site_id AND fetches.column_key = l.column_key")
    for statement in statements[6:]:
        params = {"keys": COLUMN_KEYS} if "$keys" in statement else {}
        if "$yaml" in statement:
            params = {"yaml": yaml_text}
        con.execute(statement, params)
    con.close()
    return db_path


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portals", type=int, default=1000)
    parser.add_argument("--postings-per-column", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="zwgk-bench-report-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        db_path = make_database(work, args.portals, args.postings_per_column)
        with duckdb.connect(str(db_path), read_only=True) as con:
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("sites", "columns", "postings", "indicator_results", "deduction_evidence",
                                "interpretation_links")}
        print(f"合成数据库：{time.perf_counter() - started:.1f} s，" + "，".join(f"{k} {v:,}" for k, v in counts.items()))
        out = work / "report"
        started = time.perf_counter()
        cpu_started = time.process_time()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        index = build_report(db_path, out)
        elapsed = time.perf_counter() - started
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (time.process_time() - cpu_started + children.ru_utime + children.ru_stime
               - children_before.ru_utime - children_before.ru_stime)
        size, files = folder_size(out)
        overview = index.stat().st_size
        largest_site = max((p.stat().st_size for p in (out / "sites").iterdir()), default=0)
        print(f"报告生成时间：{elapsed:.1f} s（目标 < 60 s）；全部进程 CPU 时间 {cpu:.1f} s；"
              f"机器负载 {os.getloadavg()[0]:.1f}（{os.cpu_count()} 核）")
        print(f"报告文件夹：{size / 1e6:.1f} MB，{files:,} 个文件")
        print(f"总览页 index.html：{overview / 1e6:.2f} MB（目标 < 5 MB）")
        print(f"跨网站页 cross.html：{(out / 'cross.html').stat().st_size / 1e6:.2f} MB；"
              f"最大的网站页：{largest_site / 1e3:.0f} KB；"
              f"证据页：{len(list((out / 'evidence').iterdir())):,} 个")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
