"""The browser runs behind the crawl: its processes are niced, our own helpers are left alone."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

from crawler.render import BROWSER_NICENESS, launched_behind_the_crawl, lower_browser_priority


def _niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_the_browser_tree_is_lowered_and_our_helpers_are_not() -> None:
    browser = subprocess.Popen(["sh", "-c", "sleep 30 & wait"])  # a "driver" with a "renderer" below it
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "-m", "crawler.parseworker"])
    try:
        deadline = time.monotonic() + 5
        renderer = None
        while renderer is None and time.monotonic() < deadline:
            kids = subprocess.run(["pgrep", "-P", str(browser.pid)], capture_output=True, text=True).stdout.split()
            renderer = int(kids[0]) if kids else None
            time.sleep(0.02)
        assert renderer is not None
        before = _niceness(helper.pid)
        lowered = lower_browser_priority(niceness=7)
        assert {browser.pid, renderer} <= set(lowered)
        assert _niceness(browser.pid) == 7 and _niceness(renderer) == 7
        assert helper.pid not in lowered and _niceness(helper.pid) == before
        assert lower_browser_priority(niceness=7) == [], "already lowered: nothing to do"
    finally:
        for process in (browser, helper):
            process.kill()
            process.wait()


def test_what_playwright_starts_is_lowered_while_it_is_still_starting() -> None:
    seen_during_launch: list[int] = []

    async def launch() -> asyncio.subprocess.Process:  # stands for Playwright spawning its driver
        driver = await asyncio.create_subprocess_exec("sh", "-c", "sleep 30 & wait")
        await asyncio.sleep(0.3)  # the driver starting up
        seen_during_launch.append(_niceness(driver.pid))
        return driver

    async def main() -> asyncio.subprocess.Process:
        return await launched_behind_the_crawl(launch())

    driver = asyncio.run(main())
    try:
        assert seen_during_launch == [BROWSER_NICENESS]
        assert _niceness(os.getpid()) < BROWSER_NICENESS  # the crawl itself is left as it was
    finally:
        driver.kill()
