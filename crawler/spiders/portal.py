"""The one generic spider: homepage → 信息公开 section → columns → list pages → detail pages.

Run it through ``zwgk crawl`` or directly::

    scrapy crawl portal -a sites=sites.yaml -a year=2025 -a as_of=2026-01-15 -a db=audit.duckdb
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import FormRequest, Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler import __version__
from crawler.discovery import FoundColumn, frame_urls, match_columns, nav_links, xxgk_urls
from crawler.errors import error_kind
from crawler.evidence import EvidenceStore
from crawler.health import check_health
from crawler.homepage import newest_date_shown
from crawler.listing.model import ListPage, PageRequest
from crawler.parserpool import ParserPool
from crawler.postings import build_posting, needs_detail
from crawler.reading import read_detail_page, read_list_page
from crawler.render import looks_like_challenge, render_meta
from crawler.sites import load_sites
from crawler.state import ColumnState, DetailEntry, DetailWaiter, SiteState
from crawler.store import SHANGHAI, CrawlStore, DatabaseError, RunWindow
from crawler.urls import canonical, host_of, request_fingerprint
from indicators import load_system

log = logging.getLogger(__name__)

# A homepage answering these without a solvable script: blocked, our failure to get in.
BLOCKED_STATUSES = {401, 403, 412, 429}
BROKEN_STATUSES = {404, 410}
ERROR_STATUSES = list(range(400, 600))
# Scheduling by the crawl's critical path: pages that lead to more pages first, detail pages (leaves)
# last, so a deep column's chain of list pages never waits behind hundreds of detail pages.
PRIORITY = {"homepage": 30, "challenge": 30, "discovery": 20, "list": 10, "detail": 0}


def page_key(url: str, formdata: tuple[tuple[str, str], ...] | None) -> str:
    """Identity of a list page request (GET URL or POST form), for de-duplication and trap checks."""
    return canonical(url) + "|" + repr(formdata or ())


def _requested_url(response: Response) -> str:
    """The URL asked for, before any redirect (a redirect to the homepage means "missing")."""
    redirects = response.meta.get("redirect_urls") or []
    return redirects[0] if redirects else response.url


def _parse_as_of(value: str | date | None) -> date:
    if value is None or value == "":
        return datetime.now(SHANGHAI).date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(
        self, sites: str, year: str | int, db: str, as_of: str | date | None = None,
        indicators: str | None = None, resume: str | bool = False, reuse_run: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sites_file = sites
        self.system = load_system(indicators)
        self.column_specs = list(self.system.columns)
        self.interpretation_keywords = tuple(self.system.interpretation.title_keywords)
        self.sites = load_sites(sites, known_columns={c.key for c in self.column_specs})
        self.window = RunWindow(int(year), _parse_as_of(as_of))
        self.db_path = db
        self.states: dict[str, SiteState] = {site.id: SiteState(site) for site in self.sites}
        self.site_by_host = {site.host: site.id for site in self.sites}
        self.store: CrawlStore | None = None
        self.parser_errors: Counter[str] = Counter()
        self.resume = str(resume).lower() in ("1", "true", "yes")
        self.reuse_run = int(reuse_run) if reuse_run not in (None, "", "None") else None
        self.stored_pages: dict[str, tuple[int, str, str | None]] = {}
        self.replayed = 0

    # ---- lifecycle ------------------------------------------------------------------------------
    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_pages_per_column = settings.getint("ZWGK_MAX_PAGES_PER_COLUMN", 100)
        spider.max_pages_per_site = settings.getint("ZWGK_MAX_PAGES_PER_SITE", 5000)
        spider.max_discovery_pages = settings.getint("ZWGK_MAX_DISCOVERY_PAGES", 12)
        spider.discovery_depth = settings.getint("ZWGK_DISCOVERY_DEPTH", 2)
        spider.render_enabled = settings.getbool("ZWGK_RENDER", True)
        spider.json_api_enabled = settings.getbool("ZWGK_JSON_API", True)  # page a JS shell's API directly
        # Items cost Scrapy ~0.3 ms each; postings go straight to the store unless someone wants a
        # feed export (`scrapy crawl portal -s ZWGK_POSTINGS_AS_ITEMS=1 -o postings.jl`).
        spider.postings_as_items = settings.getbool("ZWGK_POSTINGS_AS_ITEMS", False)
        spider.page_concurrency = max(1, settings.getint("ZWGK_PAGES_IN_FLIGHT_PER_COLUMN", 3))
        spider.max_page_concurrency = max(spider.page_concurrency,
                                          settings.getint("ZWGK_MAX_PAGES_IN_FLIGHT_PER_COLUMN", 12))
        spider.max_challenges = settings.getint("ZWGK_MAX_CHALLENGES_PER_SITE", 5)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        spider.parsers = ParserPool(settings.getint("ZWGK_PARSER_PROCESSES", 1))
        spider.open_store(settings)
        return spider

    @property
    def evidence(self) -> EvidenceStore:
        """The run's evidence store, read for --resume/--reuse-run: the store's own (one per process),
        so its index is read once."""
        assert self.store is not None
        return self.store.evidence.store

    def open_store(self, settings: Any) -> None:
        self.store = CrawlStore(self.db_path, flush_seconds=settings.getfloat("ZWGK_FLUSH_SECONDS", 5.0))
        effective = {
            "download_timeout": settings.getint("DOWNLOAD_TIMEOUT"),
            "retry_times": settings.getint("RETRY_TIMES"),
            "max_pages_per_column": self.max_pages_per_column,
            "max_pages_per_site": self.max_pages_per_site,
            "user_agent": settings.get("USER_AGENT"),
            "autothrottle": settings.getbool("AUTOTHROTTLE_ENABLED"),
        }
        if self.resume:
            run_id = self.store.resume_run(self.window)
            self.stored_pages = self.store.stored_pages(run_id)
            log.info("继续第 %d 次抓取：已保存的 %d 个页面不再抓取", run_id, len(self.stored_pages))
        else:
            if self.reuse_run is not None:
                if not self.store.has_run(self.reuse_run):
                    raise DatabaseError(f"{self.db_path} 中没有第 {self.reuse_run} 次抓取（--reuse-run）")
                self.stored_pages = self.store.stored_pages(self.reuse_run)
            self.store.start_run(self.window, sites_file=str(self.sites_file), indicators=self.system.name,
                                 version=__version__, settings=effective)
        self.store.add_sites((site.id, site.name, site.url, site.region, site.level, site.obey_robots)
                             for site in self.sites)
        self.store.start_background_writes()  # the database file is the writer process's until the end
        for site in self.sites:
            if not site.obey_robots:
                log.warning("站点 %s 配置为不遵守 robots.txt", site.id)

    async def start(self) -> Any:
        for state in self.states.values():
            yield self._request(state, state.site.url, self.parse_homepage, "homepage")

    # ---- request plumbing -----------------------------------------------------------------------
    def _request(
        self, state: SiteState, url: str, callback: Any, purpose: str, *, column: ColumnState | None = None,
        page: int | None = None, kind: str | None = None, method: str = "GET",
        formdata: tuple[tuple[str, str], ...] | None = None, depth: int = 0, render: str | None = None,
    ) -> Request:
        state.pages_requested += 1
        meta: dict[str, Any] = {
            "zwgk": {"site": state.site.id, "purpose": purpose, "column": column.key if column else None,
                     "page": page, "kind": kind, "depth": depth, "url": url, "method": method,
                     "formdata": formdata},
            "handle_httpstatus_list": ERROR_STATUSES,  # redirects are still followed
            "dont_obey_robotstxt": not state.site.obey_robots,
        }
        if render is None and self.render_enabled and kind is None:
            if state.site.render:
                render = "config"
            elif column is not None and column.rendered and purpose == "list":
                render = "js_shell"
        if render is not None:
            meta.update(render_meta(render))
        cookies = dict(state.cookies) or None
        priority = PRIORITY.get(purpose, 0)
        if formdata is not None:
            return FormRequest(url, formdata=list(formdata), method=method, callback=callback, priority=priority,
                               errback=self.on_error, meta=meta, dont_filter=True, cookies=cookies)
        return Request(url, callback=callback, errback=self.on_error, meta=meta, dont_filter=True, method=method,
                       cookies=cookies, priority=priority)

    def _site_budget_left(self, state: SiteState) -> bool:
        if state.pages_requested < self.max_pages_per_site:
            return True
        if "pages_per_site" not in state.caps_hit:
            state.caps_hit.append("pages_per_site")
            log.warning("站点 %s 达到每站页面上限 %d", state.site.id, self.max_pages_per_site)
        return False

    def record_fetch(self, request: Request, response: Response | None = None, error: str | None = None) -> None:
        """Called by FetchRecorderMiddleware for every attempt: evidence + a ``fetches`` row."""
        meta = request.meta.get("zwgk") or {}
        site_id = meta.get("site") or self.site_by_host.get(host_of(request.url))
        if site_id is None or self.store is None:
            return
        sha = None
        size = None
        status = None
        content_type = None
        if response is not None:
            status = response.status
            size = len(response.body)
            if response.body:
                sha = self.store.put_evidence(response.body)
            request.meta["zwgk_sha256"] = sha
            content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        else:
            self.states[site_id].errors[error or "error"] += 1
        latency = request.meta.get("download_latency")
        purpose = meta.get("purpose") or ("robots" if request.url.endswith("/robots.txt") else None)
        self.store.add_fetch({
            "site_id": site_id, "url": request.url, "method": request.method, "purpose": purpose,
            "column_key": meta.get("column"), "status": status, "error": error,
            "elapsed_ms": int(latency * 1000) if latency is not None else None, "bytes": size,
            "rendered": bool(request.meta.get("playwright")),
            "render_reason": request.meta.get("zwgk_render_reason"),
            "sha256": sha, "content_type": content_type, "fetched_at": datetime.now(SHANGHAI),
            "request_fingerprint": request_fingerprint(request.method, request.url, request.body),
        })

    def _state(self, response_or_request: Response | Request) -> tuple[SiteState, dict[str, Any]]:
        meta = response_or_request.meta["zwgk"]
        return self.states[meta["site"]], meta

    # ---- homepage and discovery -----------------------------------------------------------------
    def parse_homepage(self, response: Response) -> Iterator[Request]:
        state, _ = self._state(response)
        sha = response.meta.get("zwgk_sha256")
        state.reachable = response.status < 500
        assert self.store is not None
        self.store.update_site(state.site.id, reachable=state.reachable, homepage_status=response.status,
                               homepage_sha256=sha)
        if self._challenged(response):
            yield from self._solve_challenge(state, response)
            return
        if not state.reachable:
            self._site_unreachable(state, f"首页返回 HTTP {response.status}")
            return
        if response.status in BLOCKED_STATUSES or not isinstance(response, TextResponse):
            self._fail_all_columns(state, f"首页返回 HTTP {response.status}（可能是反爬验证），未能读取栏目")
            return
        text = response.text
        self.store.update_site(state.site.id, homepage_last_date=newest_date_shown(text, self.window.as_of))
        state.phase = "discovery"
        yield from self._discover_from(state, response, text, depth=0)
        if state.discovery_pending == 0:
            yield from self._finish_discovery(state)

    def _challenged(self, response: Response) -> bool:
        return looks_like_challenge(response.status, response.body) and not response.meta.get("playwright")

    def _solve_challenge(self, state: SiteState, response: Response) -> Iterator[Any]:
        """A JavaScript cookie challenge: the browser passes it once, then the request that met it (and any
        that met it meanwhile) is made again, plainly, with the cookie."""
        original = response.meta["zwgk"]
        if not state.reachable:
            state.reachable = True
            self.store.update_site(state.site.id, reachable=True)  # type: ignore[union-attr]
        if state.challenge_waiting is not None:  # a challenge for this site is already being solved
            state.challenge_waiting.append(original)
            return
        if not self.render_enabled:
            yield from self._challenge_failed(state, [original], f"遇到 HTTP {response.status} 脚本验证而浏览器渲染已关闭")
            return
        if state.challenges >= self.max_challenges:
            yield from self._challenge_failed(state, [original], f"在浏览器 {state.challenges} 次通过验证后仍返回 HTTP {response.status}")
            return
        state.challenges += 1
        state.challenge_waiting = [original]
        log.info("站点 %s 返回 %d 脚本验证，交给浏览器：%s", state.site.id, response.status, response.url)
        yield self._request(state, original["url"], self.parse_challenge, "challenge", render="challenge")

    def parse_challenge(self, response: Response) -> Iterator[Any]:
        state, _ = self._state(response)
        waiting, state.challenge_waiting = state.challenge_waiting or [], None
        methods = response.meta.get("playwright_page_methods") or []
        cookies = methods[0].result if methods else None
        if not cookies:
            yield from self._challenge_failed(state, waiting, "的脚本验证浏览器也未能通过（没有得到 Cookie）")
            return
        state.cookies.update({cookie["name"]: cookie["value"] for cookie in cookies})
        for original in waiting:
            yield self._repeat(state, original)

    def _repeat(self, state: SiteState, original: dict[str, Any]) -> Request:
        callbacks = {"homepage": self.parse_homepage, "discovery": self.parse_discovery,
                     "list": self.parse_list, "detail": self.parse_detail}
        column = state.columns.get(original["column"]) if original["column"] else None
        return self._request(state, original["url"], callbacks[original["purpose"]], original["purpose"],
                             column=column, page=original["page"], kind=original["kind"],
                             method=original["method"], formdata=original["formdata"], depth=original["depth"])

    def _challenge_failed(self, state: SiteState, originals: list[dict[str, Any]], reason: str) -> Iterator[Any]:
        """Requests we could not get past a challenge: our failure, recorded as such."""
        for original in originals:
            yield from self._unread(state, original, reason)

    def _unread(self, state: SiteState, meta: dict[str, Any], reason: str) -> Iterator[Any]:
        """A request whose answer we could not read: settle whatever waited on it, as our failure."""
        purpose = meta["purpose"]
        if purpose == "homepage":
            self._fail_all_columns(state, f"首页{reason}，未能读取栏目")
        elif purpose == "discovery":
            state.discovery_pending -= 1
            if state.discovery_pending == 0:
                yield from self._finish_discovery(state)
        elif purpose == "list":
            column = state.columns[meta["column"]]
            column.in_flight.discard(meta["page"])
            if meta["page"] == 1:
                self._end_column(state, column, "failed", f"栏目页{reason}")
            else:
                column.review_reasons.append(f"第 {meta['page']} 页{reason}，翻页中断")
                self._end_pagination(column, meta["page"])
                yield from self._commit_pages(state, column)
        elif purpose == "detail":
            yield from self._settle_detail(state, canonical(meta["url"]), None, None)

    def parse_discovery(self, response: Response) -> Iterator[Request]:
        state, meta = self._state(response)
        if self._challenged(response):
            yield from self._solve_challenge(state, response)
            return
        state.discovery_pending -= 1
        if isinstance(response, TextResponse) and response.status < 400:
            yield from self._discover_from(state, response, response.text, depth=meta["depth"])
        if state.discovery_pending == 0:
            yield from self._finish_discovery(state)

    def _discover_from(self, state: SiteState, response: Response, text: str, depth: int) -> Iterator[Request]:
        host = state.site.host
        try:
            links = nav_links(text, response.url)
            frames = frame_urls(text, response.url, host)
        except Exception:  # a parser crash on one page must not stop the site
            self._parser_crash("discovery", response.url)
            return
        state.links.extend(links)
        if depth >= self.discovery_depth:
            return
        for url in frames + xxgk_urls(links, host):
            if url in state.discovery_pages or len(state.discovery_pages) >= self.max_discovery_pages:
                continue
            state.discovery_pages.add(url)
            state.discovery_pending += 1
            yield self._request(state, url, self.parse_discovery, "discovery", depth=depth + 1)

    def _finish_discovery(self, state: SiteState) -> Iterator[Request]:
        assert self.store is not None
        found = match_columns(state.links, self.column_specs, state.site.host)
        state.phase = "columns"
        for spec in self.column_specs:
            override = state.site.columns.get(spec.key)
            if override:
                label = found[spec.key].label if spec.key in found else spec.name
                column = FoundColumn(spec.key, label, canonical(override))
                found_by = "config"
            elif spec.key in found:
                column = found[spec.key]
                found_by = "nav"
            else:
                self.store.put_column({"site_id": state.site.id, "column_key": spec.key, "status": "absent",
                                       "status_reason": "首页及信息公开栏目中未找到"})
                continue
            col_state = ColumnState(key=spec.key, label=column.label, list_url=column.url, found_by=found_by)
            col_state.seen_pages.add(page_key(column.url, None))
            state.columns[spec.key] = col_state
            col_state.in_flight.add(1)
            col_state.list_requests = 1
            yield self._request(state, column.url, self.parse_list, "list", column=col_state, page=1)
        if not state.columns:
            state.phase = "done"

    # ---- list pages -----------------------------------------------------------------------------
    # Callbacks that wait for the parser pool are coroutines returning a list, not async generators:
    # Scrapy runs an async generator's output through an async generator per spider middleware,
    # which cost more main-thread time per page than all of our own bookkeeping.
    async def parse_list(self, response: Response) -> list[Any]:
        state, meta = self._state(response)
        column = state.columns[meta["column"]]
        if self._challenged(response):
            return list(self._solve_challenge(state, response))
        column.pages += 1
        if meta["page"] == 1 and meta.get("kind") is None:
            column.list_sha256 = response.meta.get("zwgk_sha256")
        listing = await self._read_list(state, column, response, meta)
        return list(self._after_list(state, column, response, meta, listing))

    def _after_list(self, state: SiteState, column: ColumnState, response: Response, meta: dict[str, Any],
                    listing: ListPage | None) -> Iterator[Any]:
        page: int = meta["page"]
        column.in_flight.discard(page)  # only now: later pages wait until this one is read
        if column.finished:
            return
        if listing is None:  # the end of the pages (missing, stub, failed) or a settled column
            if page > 1:
                self._end_pagination(column, page)
            yield from self._commit_pages(state, column)
            return
        if not listing.rows:
            if page == 1 and listing.json_api is not None and meta.get("kind") != "json" and self.json_api_enabled:
                column.in_flight.add(1)
                api = listing.json_api
                yield self._request(state, api.url, self.parse_list, "list", column=column, page=1, kind="json",
                                    method=api.method, formdata=api.formdata)
                return
            if page == 1 and listing.empty_notice:
                self._end_column(state, column, "empty", "栏目页面显示“暂无信息”")
            elif page == 1 and self._should_render_shell(column, response):
                column.rendered = True
                column.in_flight.add(1)
                column.pages -= 1  # the rendered copy is the same page
                yield self._request(state, response.url, self.parse_list, "list", column=column, page=1,
                                    render="js_shell")
            elif page == 1:
                self._end_column(state, column, "failed", "列表页没有识别出任何条目（可能需要浏览器渲染或选择器配置）")
            else:  # a stub deep in the pagination: the pages end here
                self._end_pagination(column, page)
                yield from self._commit_pages(state, column)
            return
        column.family = column.family or listing.family
        column.arrived[page] = (listing, response.url)
        yield from self._commit_pages(state, column)

    @staticmethod
    def _end_pagination(column: ColumnState, page: int) -> None:
        """No pages after ``page`` belong to the column (past the window, missing, stub or failed)."""
        if column.stop_page is None or page < column.stop_page:
            column.stop_page = page
        column.queue.clear()

    def _commit_pages(self, state: SiteState, column: ColumnState) -> Iterator[Any]:
        """Take list pages in page order, whatever order they arrived in, so that the stop rule
        (a page entirely older than the window) gives the same postings on every run."""
        if column.finished:
            return
        while column.arrived:
            page = min(column.arrived)
            if column.stop_page is not None and page > column.stop_page:
                column.arrived.clear()
                break
            if any(waiting < page for waiting in column.in_flight):
                break
            listing, list_url = column.arrived.pop(page)
            for row in listing.rows:
                yield from self._handle_row(state, column, row, list_url, page)
            column.pacing.note(page, [row.date for row in listing.rows if not row.pinned and row.date is not None])
            self._queue_pages(column, listing.pages)
            if self._past_window(listing):
                self._end_pagination(column, page)
        yield from self._next_page(state, column)

    def _should_render_shell(self, column: ColumnState, response: Response) -> bool:
        """An empty list page that carries scripts is probably filled by JavaScript: render it once."""
        if not self.render_enabled or column.rendered or response.meta.get("playwright"):
            return False
        return isinstance(response, TextResponse) and "<script" in response.text.lower()

    async def _read_list(
        self, state: SiteState, column: ColumnState, response: Response, meta: dict[str, Any],
    ) -> ListPage | None:
        """The page's listing, or None after settling what the page means (broken, failed, end)."""
        page = meta["page"]
        status = response.status
        if status >= 400 or not isinstance(response, TextResponse):
            if page == 1 and status in BROKEN_STATUSES:
                self._end_column(state, column, "broken", f"栏目链接失效（HTTP {status}）")
            elif page == 1:
                self._end_column(state, column, "failed", f"栏目页返回 HTTP {status}")
            elif status not in BROKEN_STATUSES:  # a missing later page just means fewer pages than declared
                column.review_reasons.append(f"第 {page} 页返回 HTTP {status}，翻页中断")
            return None
        override = state.site.selectors.get(column.key)
        selector = (override.rows, override.min_rows, override.max_rows) if override else None
        reading = await self.parsers.run(PRIORITY["list"], read_list_page, response.text, status, response.url,
                                         _requested_url(response), page, meta.get("kind"), selector)
        if reading.verdict == "error":
            self._parser_crash("list", response.url, reading.error)
            if page == 1:
                self._end_column(state, column, "failed", f"列表解析出错：{reading.error}")
            else:
                column.review_reasons.append(f"第 {page} 页解析出错，翻页中断")
            return None
        if reading.verdict in ("not_found_text", "redirect_home"):
            if page == 1:
                self._end_column(state, column, "broken", "栏目链接指向“页面不存在”或被转回首页")
            return None
        if reading.verdict == "block_page":
            self._end_column(state, column, "failed", "收到拦截页面（反爬），未能读取栏目")
            return None
        return reading.listing

    def _past_window(self, listing: ListPage) -> bool:
        """True once every dated, non-pinned posting on the page is older than the window."""
        dated = [row.date for row in listing.rows if not row.pinned and row.date is not None]
        return bool(dated) and all(day < self.window.start for day in dated)

    def _queue_pages(self, column: ColumnState, pages: list[PageRequest]) -> None:
        added = False
        for request in pages:
            key = page_key(request.url, request.formdata)
            if key in column.seen_pages:
                continue
            column.seen_pages.add(key)
            column.queue.append(request)
            added = True
        if added:
            column.queue.sort(key=lambda request: request.page)

    def _next_page(self, state: SiteState, column: ColumnState) -> Iterator[Request]:
        """Keep a few list pages of the column in flight, in page order, within the caps."""
        limit = column.pacing.in_flight(self.window.start, self.page_concurrency, self.max_page_concurrency)
        while column.queue and column.stop_page is None and len(column.in_flight) < limit:
            if column.list_requests >= self.max_pages_per_column:
                column.cap_hit = True
                column.review_reasons.append(f"达到每栏目 {self.max_pages_per_column} 页上限")
                column.queue.clear()
                break
            if not self._site_budget_left(state):
                column.queue.clear()
                break
            nxt = column.queue.pop(0)
            column.in_flight.add(nxt.page)
            column.list_requests += 1
            kind = "hanweb" if nxt.method == "POST" else ("json" if column.family == "json" else None)
            yield self._request(state, nxt.url, self.parse_list, "list", column=column, page=nxt.page, kind=kind,
                                method=nxt.method, formdata=nxt.formdata)
        self._maybe_finish(state, column)

    # ---- rows and detail pages ------------------------------------------------------------------
    def _handle_row(self, state: SiteState, column: ColumnState, row: Any, list_url: str, page: int) -> Iterator[Any]:
        if not needs_detail(column.key, row, self.window.start, self.interpretation_keywords):
            yield from self._emit(self._posting(state, column, row, None, None, list_url, page))
            return
        url = canonical(row.url)
        entry = state.details.get(url)
        waiter = DetailWaiter(column=column, row=row, list_url=list_url, page=page)
        if entry is not None and entry.done:
            yield from self._emit(self._posting(state, column, row, entry.facts, entry.sha256, list_url, page))
            return
        column.details_outstanding += 1
        if entry is None:
            entry = state.details[url] = DetailEntry()
            entry.waiters.append(waiter)
            if self._site_budget_left(state):
                yield self._request(state, url, self.parse_detail, "detail", column=column)
            else:
                yield from self._settle_detail(state, url, None, None)
            return
        entry.waiters.append(waiter)

    async def parse_detail(self, response: Response) -> list[Any]:
        state, _ = self._state(response)
        if self._challenged(response):
            return list(self._solve_challenge(state, response))
        url = canonical(_requested_url(response))
        facts = None
        if response.status < 400 and isinstance(response, TextResponse):
            facts, problem = await self.parsers.run(PRIORITY["detail"], read_detail_page, response.text, response.status,
                                                    response.url, _requested_url(response))
            if problem and problem.startswith("error"):
                self._parser_crash("detail", response.url, problem)
        if facts is None:
            state.errors[f"detail_http_{response.status}"] += 1
        return list(self._settle_detail(state, url, facts, response.meta.get("zwgk_sha256")))

    def _settle_detail(self, state: SiteState, url: str, facts: Any, sha: str | None) -> Iterator[Any]:
        entry = state.details[url]
        entry.done, entry.facts, entry.sha256 = True, facts, sha
        waiters, entry.waiters = entry.waiters, []
        for waiter in waiters:
            column = waiter.column
            column.details_outstanding -= 1
            if facts is None:
                column.detail_failures += 1
            posting = self._posting(state, column, waiter.row, facts, sha, waiter.list_url, waiter.page)
            yield from self._emit(posting)
            self._maybe_finish(state, column)

    def _emit(self, posting: dict[str, Any]) -> list[dict[str, Any]]:
        """Store a posting directly (fast path), or hand it to Scrapy's item pipeline when asked to."""
        if self.postings_as_items:
            return [posting]
        self.store.add_posting(posting)  # type: ignore[union-attr]
        return []

    def _posting(self, state: SiteState, column: ColumnState, row: Any, facts: Any, sha: str | None,
                 list_url: str, page: int) -> dict[str, Any]:
        posting = build_posting(site_id=state.site.id, column_key=column.key, row=row, facts=facts,
                                detail_sha256=sha, list_url=list_url, page=page, family=column.family,
                                as_of=self.window.as_of)
        if posting["published_date"] is None:
            column.undated_rows += 1
        state.postings += 1
        return posting

    # ---- failures -------------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> Iterator[Any]:
        request: Request = failure.request  # type: ignore[attr-defined]
        state, meta = self._state(request)
        kind = error_kind(failure.value)
        purpose = meta["purpose"]
        log.info("抓取失败 %s（%s）：%s", request.url, purpose, kind)
        if purpose == "challenge":
            waiting, state.challenge_waiting = state.challenge_waiting or [], None
            yield from self._challenge_failed(state, waiting, f"经浏览器处理脚本验证失败（{kind}）")
        elif purpose == "homepage" and kind == "robots":
            state.reachable = True
            self.store.update_site(state.site.id, reachable=True, homepage_error=kind)  # type: ignore[union-attr]
            self._fail_all_columns(state, "robots.txt 禁止抓取首页")
        elif purpose == "homepage":
            self.store.update_site(state.site.id, reachable=False, homepage_error=kind)  # type: ignore[union-attr]
            self._site_unreachable(state, f"首页无法访问（{kind}）")
        else:
            reason = "被 robots.txt 禁止抓取" if kind == "robots" else f"抓取失败（{kind}）"
            yield from self._unread(state, meta, reason)

    def _site_unreachable(self, state: SiteState, reason: str) -> None:
        state.reachable = False
        self._fail_all_columns(state, reason, review_reason="站点无法访问，栏目未能检查", phase="unreachable")

    def _fail_all_columns(self, state: SiteState, reason: str, *, review_reason: str | None = None,
                          phase: str = "done") -> None:
        state.phase = phase
        for spec in self.column_specs:
            self.store.put_column({"site_id": state.site.id, "column_key": spec.key,  # type: ignore[union-attr]
                                   "status": "failed", "status_reason": reason, "review": True,
                                   "review_reason": review_reason or reason})

    def _parser_crash(self, where: str, url: str, error: str | None = None) -> None:
        self.parser_errors[where] += 1
        if error is None:
            log.exception("解析器出错（%s）：%s", where, url)
        else:
            log.error("解析器出错（%s）：%s：%s", where, url, error)

    # ---- column completion ----------------------------------------------------------------------
    def _maybe_finish(self, state: SiteState, column: ColumnState) -> None:
        if column.finished or column.in_flight or column.arrived or column.queue or column.details_outstanding > 0:
            return
        self._end_column(state, column, "ok", None)

    def _end_column(self, state: SiteState, column: ColumnState, status: str, reason: str | None) -> None:
        if column.finished:
            return
        column.status = status
        column.status_reason = reason
        column.queue.clear()
        if column.detail_failures:
            column.review_reasons.append(f"{column.detail_failures} 个详情页未能读取")
        if column.undated_rows:
            column.review_reasons.append(f"{column.undated_rows} 条信息没有识别出日期")
        review = status == "failed" or bool(column.review_reasons)
        reasons = "；".join(column.review_reasons) or (reason if status == "failed" else None)
        self.store.put_column({  # type: ignore[union-attr]
            "site_id": state.site.id, "column_key": column.key, "label": column.label,
            "list_url": column.list_url, "found_by": column.found_by, "status": status,
            "status_reason": reason, "pages": column.pages, "cap_hit": column.cap_hit, "review": review,
            "review_reason": reasons, "list_sha256": column.list_sha256,
        })
        if state.open_columns() == 0 and state.phase == "columns":
            state.phase = "done"

    def on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        self.parsers.hang_up()  # the workers exit while the run is closed
        try:
            self._close_run(reason)
        finally:
            self.parsers.close()

    def _close_run(self, reason: str) -> None:
        assert self.store is not None
        for state in self.states.values():
            for column in state.columns.values():
                if not column.finished:
                    self._end_column(state, column, "failed", f"爬取未完成即结束（{reason}）")
            if state.caps_hit:
                self.store.update_site(state.site.id, caps_hit=state.caps_hit)
        self.store.summarise_columns(self.window)
        warnings: list[str] = []
        try:
            self.health_flags = self.store.ask(check_health, self.store.run_id)
        except Exception as exc:  # noqa: BLE001 - a broken health check must not lose the crawl
            log.exception("抓取健康检查出错")
            self.health_flags = []
            warnings.append(f"抓取健康检查出错：{exc}")
        status = "complete" if reason == "finished" else "incomplete"
        self.summary = self._summary(reason)
        self.store.finish_run(status, self.summary, warnings)
        self.store.close()

    def _summary(self, reason: str) -> dict[str, Any]:
        errors: Counter[str] = Counter()
        for state in self.states.values():
            errors.update(state.errors)
        assert self.store is not None
        stored = self.store.run_facts()
        unreachable = sorted(s.site.id for s in self.states.values() if s.reachable is False)
        return {
            "run_id": self.store.run_id,
            "finish_reason": reason,
            "sites": len(self.states),
            "unreachable": unreachable,
            "columns": stored["columns"],
            "postings": stored["postings"],
            "fetches": stored["fetches"],
            "rendered": stored["rendered"],
            "rendered_by_reason": stored["rendered_by_reason"],
            "replayed_from_store": self.replayed,
            "errors": dict(errors),
            "parser_errors": dict(self.parser_errors),
            "caps_hit": {s.site.id: s.caps_hit for s in self.states.values() if s.caps_hit},
            "health_flags": self.health_flags,
            "review": [f"{site}：站点无法访问" for site in unreachable]
            + [f"{site}.{column}：{why}" for site, column, why in stored["review"]],
        }
