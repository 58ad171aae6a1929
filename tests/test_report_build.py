"""The report folder built from a small database: layout, links, escaping, cues, errors."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import pytest

from reports import ReportError, build_report
from reports.freshness import column_cue
from reports.indicator_names import read_indicator_names
from reports.links import external_href, site_file_name
from reports.safe_json import script_json
from tests.report_fixtures import (
    EVIDENCE_MARKER,
    HOSTILE_IMG_TITLE,
    HOSTILE_SITE_NAME,
    HOSTILE_TITLE,
    RUN_ID,
    build_report_db,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("report")
    db = build_report_db(folder)
    index = build_report(db, folder / "out")
    return db, index.parent


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))
        self._in_json = tag == "script" and ("type", "application/json") in attrs

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks.append(data)
            self._in_json = False


def _pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_folder_has_every_page_and_plotly_once(built: tuple[Path, Path]) -> None:
    _, out = built
    for name in ("index.html", "cross.html", "assets/report.css", "assets/report.js", "assets/plotly.min.js"):
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (out / "sites").iterdir()) == [
        "anqing.html", "baishui.html", "chengbei.html", "dongfeng.html"]
    assert len(list(out.rglob("plotly*.js"))) == 1
    for page in _pages(out):
        assert page.stat().st_size < 500_000, f"{page} seems to inline plotly.js"


def test_every_resource_is_relative_and_exists(built: tuple[Path, Path]) -> None:
    _, out = built
    for page in _pages(out):
        for tag, attr, value in _parse(page).refs:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https"):
                assert tag == "a" and attr == "href", f"{page.name}: {tag} loads {value}"
                continue
            assert not parts.scheme and not value.startswith("/"), f"{page.name}: {value}"
            if parts.path:
                assert (page.parent / unquote(parts.path)).resolve().is_file(), f"{page.name}: {value} missing"


def test_latest_scored_run_is_reported(built: tuple[Path, Path]) -> None:
    _, out = built
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"采集批次 {RUN_ID}" in index
    assert "2025年度政务公开第三方评估报告" in index


def test_ranking_follows_the_scores_table(built: tuple[Path, Path]) -> None:
    _, out = built
    index = (out / "index.html").read_text(encoding="utf-8")
    order = [m.group(1) for m in re.finditer(r'href="sites/(\w+)\.html"', index)]
    assert order[:4] == ["anqing", "baishui", "chengbei", "dongfeng"]
    assert ">88.50<" in index and ">72.25<" in index
    assert index.count('class="badge veto"') == 2


def test_hostile_text_is_escaped_in_every_page(built: tuple[Path, Path]) -> None:
    _, out = built
    for page in _pages(out):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page.name
        assert "<img src=x" not in text, page.name
        assert 'href="javascript:' not in text, page.name
        for block in _parse(page).json_blocks:
            assert "</" not in block and "<!--" not in block, page.name
            json.loads(block)
    site = (out / "sites" / "baishui.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site
    assert "&lt;img src=x onerror=alert(1)&gt;白水县政策解读" in site


def test_chart_text_reaches_plotly_as_entities(built: tuple[Path, Path]) -> None:
    _, out = built
    heatmap = json.loads(_parse(out / "cross.html").json_blocks[0])
    labels = heatmap["data"][0]["y"]
    assert "2. 白水县人民政府\"&gt;&lt;img src=x onerror=alert(1)&gt;" in labels
    assert all("<" not in label for label in labels)


def test_column_cues_follow_cadence(built: tuple[Path, Path]) -> None:
    _, out = built
    site = (out / "sites" / "baishui.html").read_text(encoding="utf-8")
    rows = {name: css for css, name in re.findall(r'<tr class="cue-row (\w+)">\s*<td>([^<]+)</td>', site)}
    assert rows["工作动态"] == "fresh"        # 3 days, cadence 14
    assert rows["通知公告"] == "near"         # 170 days, cadence 183
    assert rows["人事信息"] == "stale"        # 400 days, cadence 365
    assert rows["信息公开指南"] == "stale"    # blank column
    assert rows["财政预决算"] == "review"     # crawl failed: grey
    chengbei = (out / "sites" / "chengbei.html").read_text(encoding="utf-8")
    assert re.search(r'<tr class="cue-row stale">\s*<td>工作动态</td>', chengbei)


def test_crawl_problems_are_kept_apart_from_deductions(built: tuple[Path, Path]) -> None:
    _, out = built
    site = (out / "sites" / "baishui.html").read_text(encoding="utf-8")
    deductions = site[site.index('id="deductions"'):site.index('id="columns"')]
    problems = site[site.index('id="crawl-problems"'):]
    assert "本工具的问题，不是网站的问题" in problems
    assert "列表页超时" in problems and "timeout" in problems
    assert "财政预决算" not in deductions


def test_deductions_link_to_their_evidence(built: tuple[Path, Path]) -> None:
    _, out = built
    site = (out / "sites" / "baishui.html").read_text(encoding="utf-8")
    deductions = site[site.index('id="deductions"'):site.index('id="columns"')]
    assert "其余 2 条证据" in deductions  # 7 evidence rows for news_fresh: 5 shown, 2 folded
    snapshots = re.findall(r'href="\.\./evidence/([0-9a-f]{64})\.html"', deductions)
    assert len(set(snapshots)) >= 2
    for sha in snapshots:
        page = (out / "evidence" / f"{sha}.html").read_text(encoding="utf-8")
        assert "127.0.0.1/baishui/" in page  # the fetch of this site, with its time
        assert "2026-01-10" in page
    vetoed = (out / "sites" / "chengbei.html").read_text(encoding="utf-8")
    veto_section = vetoed[vetoed.index('id="vetoes"'):vetoed.index('id="deductions"')]
    assert "主要栏目长期未更新过多" in veto_section and "5个栏目长期未更新" in veto_section
    assert "工作动态60天未更新" in veto_section  # the veto's evidence sits with the veto


def test_evidence_page_shows_snapshot_inert(built: tuple[Path, Path]) -> None:
    _, out = built
    page = next((out / "evidence").glob("*.html")).read_text(encoding="utf-8")
    frames = re.findall(r"<iframe[^>]*>", page)
    assert len(frames) == 1 and 'sandbox=""' in frames[0] and "allow-" not in frames[0]
    assert 'srcdoc="&lt;meta http-equiv=&#34;Content-Security-Policy&#34;' in frames[0]
    assert EVIDENCE_MARKER in page  # GBK body decoded


def test_no_scored_run_is_a_clear_error(tmp_path: Path) -> None:
    db = build_report_db(tmp_path, scored=False)
    with pytest.raises(ReportError, match="没有已评分"):
        build_report(db, tmp_path / "out")
    assert not (tmp_path / "out" / "index.html").exists()


def test_unknown_run_and_missing_file_are_clear_errors(tmp_path: Path, built: tuple[Path, Path]) -> None:
    db, _ = built
    with pytest.raises(ReportError, match="采集批次 3 不存在或尚未评分"):
        build_report(db, tmp_path / "out", run_id=3)
    with pytest.raises(ReportError, match="找不到数据库文件"):
        build_report(tmp_path / "nothing.duckdb", tmp_path / "out")


@pytest.mark.parametrize(("status", "review", "days", "cadence", "css"), [
    ("ok", False, 10, 14, "near"),
    ("ok", False, 9, 14, "fresh"),
    ("ok", False, 15, 14, "stale"),
    ("ok", False, None, 14, "review"),
    ("ok", False, None, None, "fresh"),
    ("ok", True, 400, 14, "review"),
    ("failed", False, None, 14, "review"),
    ("empty", False, None, 14, "stale"),
    ("absent", False, None, None, "stale"),
])
def test_column_cue(status: str, review: bool, days: int | None, cadence: int | None, css: str) -> None:
    assert column_cue(status, review, days, cadence).css == css


def test_only_http_links_are_clickable() -> None:
    assert external_href("https://www.gov.cn/a") == "https://www.gov.cn/a"
    assert external_href("javascript:alert(1)") is None
    assert external_href(" JaVaScRiPt:alert(1)") is None
    assert external_href("data:text/html,<script>") is None
    assert site_file_name("qingzhou") == "qingzhou.html"
    assert re.fullmatch(r"site-[0-9a-f]{20}\.html", site_file_name("../../etc/passwd"))


def test_script_json_cannot_close_its_element() -> None:
    text = str(script_json({"t": "</script><!--x-->&\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!--x-->&\u2028"}


def test_indicator_names_from_either_yaml_shape() -> None:
    mapping = read_indicator_names("columns:\n  news: {name: 动态, cadence_days: 14}\n")
    listing = read_indicator_names(
        "columns:\n  - {key: news, name: 动态, cadence_days: 14}\n"
        "groups:\n  - key: g\n    name: 组\n    indicators: [{key: i1, name: 指标一}]\n")
    for names in (mapping, listing):
        assert names.column("news") == "动态" and names.cadence_days["news"] == 14
    assert listing.indicator("i1") == "指标一" and listing.group("g") == "组"
    assert read_indicator_names("not: [valid").column("policy_docs") == "政策文件"  # repo names as fallback


def test_hostile_names_are_in_the_fixture() -> None:
    assert "<script>" in HOSTILE_TITLE and "onerror" in HOSTILE_IMG_TITLE and '"' in HOSTILE_SITE_NAME


def test_worker_processes_write_the_same_folder(built: tuple[Path, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db, serial = built
    monkeypatch.setattr("reports.build.PARALLEL_FROM_SITES", 1)
    monkeypatch.setattr("reports.build.SITES_PER_TASK", 2)
    parallel = build_report(db, tmp_path / "parallel").parent
    for page in _pages(serial):
        twin = parallel / page.relative_to(serial)
        assert twin.read_bytes() == page.read_bytes(), page.name
    assert sorted(p.name for p in parallel.glob("*.csv")) == sorted(p.name for p in serial.glob("*.csv"))


def test_report_of_the_real_scorer(tmp_path: Path) -> None:
    """Contract with scoring/: the report reads what score_run writes, ranks and all."""
    from scoring import score_run

    db = build_report_db(tmp_path, scored=False)
    score_run(db, run_id=RUN_ID)
    out = build_report(db, tmp_path / "out").parent
    with duckdb.connect(str(db), read_only=True) as con:
        ranked = [r[0] for r in con.execute("SELECT site_id FROM scores ORDER BY rank, site_id").fetchall()]
        deducted = dict(con.execute(
            "SELECT site_id, count(*) FROM indicator_results WHERE status = 'deducted' GROUP BY site_id").fetchall())
    index = (out / "index.html").read_text(encoding="utf-8")
    assert [m.group(1) for m in re.finditer(r'href="sites/(\w+)\.html"', index)] == ranked
    for site_id in ranked:
        page = (out / "sites" / f"{site_id}.html").read_text(encoding="utf-8")
        section = page[page.index('id="deductions"'):page.index('id="columns"')]
        assert section.count('<article class="deduction">') == deducted.get(site_id, 0), site_id
        assert "<script>alert" not in page


def test_rebuilding_removes_pages_of_an_earlier_report(built: tuple[Path, Path], tmp_path: Path) -> None:
    db, _ = built
    out = tmp_path / "again"
    (out / "sites").mkdir(parents=True)
    (out / "sites" / "gone.html").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build_report(db, out)
    assert not (out / "sites" / "gone.html").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
