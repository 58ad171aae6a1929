"""When and how a request goes to the browser (scrapy-playwright + Debian's Chromium).

Only three things are rendered: a JavaScript cookie challenge (412 and friends: the browser
solves it once, then the cookie is reused for plain requests), a list page that is an empty
shell filled by JavaScript when its JSON API cannot be found, and sites configured
``render: true``. Everything else stays plain HTTP.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

T = TypeVar("T")
CHROMIUM = os.environ.get("ZWGK_CHROMIUM", "/usr/bin/chromium")
BROWSER_NICENESS = 10
LOWER_WHILE_LAUNCHING_SECONDS = 0.02
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
HEAVY_RESOURCES = frozenset({"image", "font", "media", "stylesheet", "texttrack", "eventsource", "websocket"})
CHALLENGE_STATUSES = frozenset({403, 412, 429, 503, 521})
CHALLENGE_MARKERS = re.compile(r"document\.cookie|location\.(reload|replace|href)|setTimeout", re.IGNORECASE)
MAX_CHALLENGE_BODY = 64 * 1024
COOKIE_WAIT_STEPS = 20
COOKIE_WAIT_MS = 250


def playwright_settings() -> dict[str, Any]:
    return {
        "DOWNLOAD_HANDLERS": {
            "http": "crawler.render.LazyPlaywrightHandler",
            "https": "crawler.render.LazyPlaywrightHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_FLAGS},
        "PLAYWRIGHT_MAX_CONTEXTS": 2,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 4,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 15_000,
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.render.abort_heavy_request",
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
    }


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """Starts Playwright on the first request that needs the browser instead of when the crawl starts:
    most portals never need it, and its driver would take CPU from the crawl for nothing."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._launch_lock = asyncio.Lock()

    async def _maybe_launch_in_thread(self) -> None:  # engine_started: nothing to do yet
        return None

    def _engine_started(self) -> None:  # the same hook on older Scrapy
        return None

    async def _download_request(self, request: Any, spider: Any = None) -> Any:
        async with self._launch_lock:
            if not hasattr(self, "browser_provider"):
                # The driver is lowered as it starts; Chromium, its renderers and any browser
                # started after a crash inherit its lower priority.
                await launched_behind_the_crawl(self._launch())
        return await super()._download_request(request, spider)


def lower_browser_priority(niceness: int = BROWSER_NICENESS) -> list[int]:
    """Run the browser behind the crawl: the Playwright driver and whatever runs below it (every
    descendant of this process that is not one of our own helpers) get ``niceness``, and what they
    start later inherits it. Rendering a page takes a second anyway; the crawl's thread serves every
    other request, and on a busy machine it should not wait for the browser. (Chromium running as
    root sets some of its processes' priorities itself; as any other user it can only lower them
    further.) Returns the pids lowered."""
    children = _children_reader()
    lowered: list[int] = []
    pending = list(children(os.getpid()))
    while pending:
        child = pending.pop()
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"\0-m\0crawler." in command:  # a parser worker or the writer: they have their own
                continue
            if os.getpriority(os.PRIO_PROCESS, child) < niceness:
                os.setpriority(os.PRIO_PROCESS, child, niceness)
                lowered.append(child)
        except OSError:  # gone, or not ours to change
            continue
        pending.extend(children(child))
    return lowered


async def launched_behind_the_crawl(launch: Awaitable[T]) -> T:
    """Await Playwright's start while lowering, every few milliseconds, the processes it starts: its
    driver spends ~0.4 s of CPU starting, which should not be taken from the crawl either."""

    async def keep_lowering() -> None:
        while True:
            lower_browser_priority()
            await asyncio.sleep(LOWER_WHILE_LAUNCHING_SECONDS)

    lowering = asyncio.create_task(keep_lowering())
    try:
        return await launch
    finally:
        lowering.cancel()
        lower_browser_priority()


def _children_reader() -> Callable[[int], list[int]]:
    """pid → its child pids: from the kernel's per-thread children lists (a few small reads), or from
    a scan of every process where the kernel keeps none."""
    if Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        def listed(pid: int) -> list[int]:
            found: list[int] = []
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    found.extend(int(c) for c in (task / "children").read_text().split())
            except (OSError, ValueError):  # gone meanwhile
                pass
            return found
        return listed
    by_parent: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        by_parent.setdefault(parent, []).append(int(stat.parent.name))
    return lambda pid: by_parent.get(pid, [])


def abort_heavy_request(request: Any) -> bool:
    """Images, fonts, media and styles carry no postings: never download them in the browser."""
    return request.resource_type in HEAVY_RESOURCES


def looks_like_challenge(status: int, body: bytes) -> bool:
    """A small scripted page answering with a challenge status (e.g. 412 + a cookie-setting script)."""
    if status not in CHALLENGE_STATUSES or len(body) > MAX_CHALLENGE_BODY:
        return False
    text = body.decode("utf-8", "replace")
    return "<script" in text.lower() and bool(CHALLENGE_MARKERS.search(text))


async def collect_cookies(page: Any) -> list[dict[str, str]]:
    """Let the challenge script run until it sets a cookie (bounded), then hand the cookies back."""
    cookies: list[dict[str, Any]] = []
    for _ in range(COOKIE_WAIT_STEPS):
        cookies = await page.context.cookies()
        if cookies:
            break
        await page.wait_for_timeout(COOKIE_WAIT_MS)
    return [{"name": c["name"], "value": c["value"], "path": c.get("path") or "/"} for c in cookies]


def render_meta(reason: str) -> dict[str, Any]:
    """Request meta that sends a request through the browser (nothing unpicklable in it)."""
    meta: dict[str, Any] = {
        "playwright": True,
        "playwright_page_goto_kwargs": {"wait_until": "load"},
        "zwgk_render_reason": reason,
    }
    if reason == "challenge":
        meta["playwright_page_methods"] = [PageMethod(collect_cookies)]
    else:
        meta["playwright_page_methods"] = [PageMethod("wait_for_load_state", "networkidle")]
    return meta
