"""The browser runs behind the crawl: its processes are niced, our own helpers are left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from crawler.render import lower_browser_priority


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
