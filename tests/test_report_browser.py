"""The generated report in a real headless Chromium: loads offline, draws, sorts, filters,
renders Chinese, and shows hostile crawled text as text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route, sync_playwright

from reports import build_report
from tests.report_fixtures import (
    EVIDENCE_MARKER,
    HOSTILE_IMG_TITLE,
    HOSTILE_SITE_NAME,
    HOSTILE_TITLE,
    build_report_db,
)

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@dataclass
class Visit:
    page: Page
    console: list[ConsoleMessage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [m.text for m in self.console if m.type == "error"] + self.errors


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-report")
    return build_report(build_report_db(folder), folder / "out").parent


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def visit(browser: Browser, report: Path) -> Iterator[Callable[[str], Visit]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")

    def _open(relative: str) -> Visit:
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda message: seen.console.append(message))
        page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
        page.on("request", lambda req: seen.requests.append(req.url))

        def _refuse(route: Route) -> None:
            seen.outside.append(route.request.url)
            route.abort()

        # every request the browser really tries to make outside the folder lands here
        page.route(lambda url: not _inside(report, url), _refuse)

        def _dialog(dialog: Dialog) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", _dialog)
        page.goto((report / relative).as_uri())
        page.wait_for_load_state("load")
        return seen

    yield _open
    context.close()


def _inside(report: Path, url: str) -> bool:
    return url.startswith(report.as_uri() + "/") or url in ("about:srcdoc", "about:blank")


def _wait_for_charts(page: Page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.chart .main-svg').length >= {count}", timeout=30_000)


@pytest.mark.parametrize("relative", ["index.html", "cross.html", "sites/anqing.html", "sites/baishui.html",
                                      "sites/chengbei.html", "sites/dongfeng.html"])
def test_page_loads_offline_without_errors(visit: Callable[[str], Visit], report: Path, relative: str) -> None:
    seen = visit(relative)
    _wait_for_charts(seen.page, 1)
    assert seen.console_errors() == []
    assert seen.dialogs == []
    assert any(url.endswith("/assets/plotly.min.js") for url in seen.requests), "request listener saw nothing"
    assert [u for u in seen.requests if not _inside(report, u)] == []
    assert seen.outside == []


def test_charts_render_as_svg(visit: Callable[[str], Visit]) -> None:
    overview = visit("index.html").page
    _wait_for_charts(overview, 2)
    assert overview.locator("#chart-distribution .main-svg").count() >= 1
    assert overview.locator("#chart-distribution .bars path").count() >= 2
    assert overview.locator("#chart-indicators .bars path").count() >= 3
    cross = visit("cross.html").page
    _wait_for_charts(cross, 1)
    assert cross.locator("#chart-heatmap .heatmaplayer image, #chart-heatmap .hm image").count() >= 1
    site = visit("sites/baishui.html").page
    _wait_for_charts(site, 2)
    assert site.locator("#chart-timeline .scatterlayer .trace").count() == 4


def _first_column(page: Page, table: str, column: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table} tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{column}].textContent.trim())")


def test_sorting_by_click(visit: Callable[[str], Visit]) -> None:
    page = visit("index.html").page
    assert _first_column(page, "ranking", 4) == ["88.50", "72.25", "40.00", "0.00"]
    header = page.locator("#ranking thead th").filter(has_text=re.compile(r"^总分$"))
    header.click()
    assert _first_column(page, "ranking", 4) == ["0.00", "40.00", "72.25", "88.50"]
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert _first_column(page, "ranking", 4) == ["88.50", "72.25", "40.00", "0.00"]
    page.locator("#ranking thead th").filter(has_text=re.compile(r"^地区$")).click()
    regions = _first_column(page, "ranking", 3)
    assert regions == sorted(regions, key=lambda r: r != "另一省")  # 另 (lìng) before 示 (shì) in pinyin


def test_filter_by_level_and_region(visit: Callable[[str], Visit]) -> None:
    page = visit("index.html").page
    page.select_option(".filters select[data-filter-attr=level]", "city")
    assert _first_column(page, "ranking", 2) == ["市级", "市级"]
    page.select_option(".filters select[data-filter-attr=level]", "")
    page.select_option(".filters select[data-filter-attr=region]", "示例省")
    assert len(_first_column(page, "ranking", 1)) == 2
    assert "显示 2 / 4 行" in page.locator(".filters .filter-count").inner_text()


GLYPHS_JS = """
chars => {
  const family = getComputedStyle(document.querySelector('h1')).fontFamily;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d');
  return chars.map(ch => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = '48px ' + family;
    ctx.fillStyle = '#000';
    ctx.fillText(ch, 4, 52);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let ink = 0, hash = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) ink++; hash = (hash * 31 + data[i]) >>> 0; }
    return [ink, hash, ctx.measureText(ch).width];
  });
}
"""


def test_chinese_text_renders_with_real_glyphs(visit: Callable[[str], Visit]) -> None:
    page = visit("index.html").page
    _wait_for_charts(page, 2)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-overview.png"), full_page=True)
    visit("sites/baishui.html").page.screenshot(path=str(ARTIFACTS / "report-site.png"), full_page=True)
    assert page.locator("h1").bounding_box()["width"] > 200
    glyphs = page.evaluate(GLYPHS_JS, ["政", "务", "公", "开", "评", "估", "\ue000"])
    real, missing = glyphs[:-1], glyphs[-1]
    assert all(ink > 50 and width > 20 for ink, _, width in real)
    # tofu draws the same box for every missing character: real glyphs differ from each other and from it
    assert len({hash_ for _, hash_, _ in real} | {missing[1]}) == len(glyphs)


def test_hostile_text_shows_as_text_everywhere(visit: Callable[[str], Visit]) -> None:
    seen = visit("sites/baishui.html")
    page = seen.page
    _wait_for_charts(page, 2)
    assert page.locator("h1").inner_text() == HOSTILE_SITE_NAME
    body = page.locator("main").inner_text()
    assert HOSTILE_TITLE in body and HOSTILE_IMG_TITLE in body
    assert page.locator("img").count() == 0
    assert page.locator("main script:not([type='application/json'])").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    overview = visit("index.html")
    assert HOSTILE_SITE_NAME in overview.page.locator("#ranking").inner_text()
    assert overview.page.locator("img").count() == 0 and overview.dialogs == []
    cross = visit("cross.html")
    _wait_for_charts(cross.page, 1)
    ticks = cross.page.eval_on_selector_all("#chart-heatmap .ytick text", "ts => ts.map(t => t.textContent)")
    assert any(HOSTILE_SITE_NAME in t for t in ticks)
    plot = cross.page.locator("#chart-heatmap .nsewdrag").first.bounding_box()
    rows = len(ticks)
    # second row of the heat map (rank 2, the hostile name), first column
    cross.page.mouse.move(plot["x"] + plot["width"] * 0.03, plot["y"] + plot["height"] * 1.5 / rows)
    cross.page.wait_for_function("document.querySelector('#chart-heatmap .hoverlayer').textContent.length > 0")
    hover = cross.page.eval_on_selector("#chart-heatmap .hoverlayer", "layer => layer.textContent")
    assert HOSTILE_SITE_NAME in hover
    assert cross.page.locator("#chart-heatmap img").count() == 0
    assert seen.dialogs == [] and cross.dialogs == []


def test_evidence_snapshot_is_inert(visit: Callable[[str], Visit], report: Path) -> None:
    page = visit("sites/baishui.html").page
    href = page.locator("#deductions a.snapshot", has_text="详情页快照").first.get_attribute("href")
    seen = visit("sites/" + href)
    frame = seen.page.frame_locator("iframe.snapshot-frame")
    assert EVIDENCE_MARKER in frame.locator("h1").inner_text()
    assert '关于印发"白水县' in frame.locator("body").inner_text()
    assert seen.dialogs == []
    assert seen.outside == []
    # the only complaints are the browser refusing what the snapshot tried to do
    refusals = ("Content Security Policy", "sandboxed")
    assert [e for e in seen.console_errors() if not any(r in e for r in refusals)] == []
    source = seen.page.locator("pre.source").text_content()
    assert "<script>alert('snapshot')</script>" in source
