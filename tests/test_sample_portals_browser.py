"""A real headless Chromium passes the 412 cookie challenge and fills the JSON list shell."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from sample_portals import DemoServer, build_portals

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="需要 /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser_and_truth() -> Iterator[tuple[Any, dict[str, Any]]]:
    from playwright.sync_api import sync_playwright

    with DemoServer(build_portals(), port=0) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield browser, server.ground_truth()
        finally:
            browser.close()


def _portal(truth: dict[str, Any], portal_id: str) -> dict[str, Any]:
    return next(p for p in truth["portals"] if p["id"] == portal_id)


def test_browser_passes_the_412_challenge(browser_and_truth: tuple[Any, dict[str, Any]]) -> None:
    browser, truth = browser_and_truth
    portal = _portal(truth, "jinshui")
    page = browser.new_page()
    try:
        page.goto(portal["columns"]["news"]["list_url"])
        page.wait_for_selector("ul.news-list li", timeout=10_000)
        first = portal["columns"]["news"]["postings"][0]
        assert page.locator("ul.news-list li .date").first.inner_text() == first["published_date"]
        assert any(c["name"] == "__jsl_clearance_s" for c in page.context.cookies())
    finally:
        page.close()


def test_browser_fills_the_json_shell_and_pages_it(browser_and_truth: tuple[Any, dict[str, Any]]) -> None:
    browser, truth = browser_and_truth
    column = _portal(truth, "dongpo")["columns"]["news"]
    page = browser.new_page()
    try:
        page.goto(column["list_url"])
        page.wait_for_selector("#list li", timeout=10_000)
        rows = page.locator("#list li")
        assert rows.count() == 15
        assert rows.first.locator("a").inner_text() == column["postings"][0]["title"]
        assert rows.first.locator("span").inner_text() == column["postings"][0]["published_date"]
        page.click("text=下一页")
        page.wait_for_url("**?pageNo=2")
        page.wait_for_selector("#list li", timeout=10_000)
        assert page.locator("#list li a").first.inner_text() == column["postings"][15]["title"]
    finally:
        page.close()
