"""Scrapy settings of the zwgk crawler (``scrapy crawl portal`` reads these via scrapy.cfg)."""

import os

from crawler import __version__
from crawler.gctuning import CRAWL_GC_THRESHOLDS
from crawler.render import playwright_settings

BOT_NAME = "zwgk"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# An honest user agent: who we are and why we come.
USER_AGENT = f"zwgk/{__version__} (政务公开第三方评估爬虫; +https://github.com/zwgk/zwgk)"

ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

# Politeness: each portal is its own download slot (host), throttled by response latency.
CONCURRENT_REQUESTS = 64
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0
# Scrapy starts CONCURRENT_ITEMS asyncio workers for every callback's output (100 by default):
# our callbacks yield a few requests (postings go straight to the store), so one is plenty.
CONCURRENT_ITEMS = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 20
AUTOTHROTTLE_TARGET_CONCURRENCY = 3.0

# The official probe waits 15 s.
DOWNLOAD_TIMEOUT = 15
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DNS_TIMEOUT = 10

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
ZWGK_RETRY_BACKOFF_BASE = 1.0  # seconds; doubled on each retry
ZWGK_RETRY_BACKOFF_MAX = 30.0

# Old government hosts: weak DH keys and legacy ciphers still have to be read (Scrapy already allows
# legacy renegotiation); certificates are not verified — we record what was served, not trust it.
DOWNLOADER_CLIENT_TLS_CIPHERS = "DEFAULT:@SECLEVEL=1"

REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = True

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.QuickMetaRefreshMiddleware": 580,
    "crawler.middlewares.RetryBackoffMiddleware": 540,
    "crawler.middlewares.StoredPageMiddleware": 930,
    "crawler.middlewares.FetchRecorderMiddleware": 950,
}
SPIDER_MIDDLEWARES = {
    # Each of these wraps every callback's output in one more async generator, for nothing here:
    # depth is bounded per purpose by the spider, URL length by the readers (crawler.urls and
    # crawler.listing.html refuse longer URLs than Scrapy's limit), and our requests never copy meta.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
# Every fetch is a row in our `fetches` table; Scrapy's byte counts rebuild each response as HTTP text.
DOWNLOADER_STATS = False
ITEM_PIPELINES = {
    "crawler.pipelines.DuckDBPipeline": 300,
}

# The browser (scrapy-playwright, Debian's Chromium) only for requests marked by crawler.render.
_PLAYWRIGHT = playwright_settings()
DOWNLOAD_HANDLERS = _PLAYWRIGHT["DOWNLOAD_HANDLERS"]
PLAYWRIGHT_BROWSER_TYPE = _PLAYWRIGHT["PLAYWRIGHT_BROWSER_TYPE"]
PLAYWRIGHT_LAUNCH_OPTIONS = _PLAYWRIGHT["PLAYWRIGHT_LAUNCH_OPTIONS"]
PLAYWRIGHT_MAX_CONTEXTS = _PLAYWRIGHT["PLAYWRIGHT_MAX_CONTEXTS"]
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = _PLAYWRIGHT["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"]
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = _PLAYWRIGHT["PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT"]
PLAYWRIGHT_ABORT_REQUEST = _PLAYWRIGHT["PLAYWRIGHT_ABORT_REQUEST"]
PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER = _PLAYWRIGHT["PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER"]
ZWGK_RENDER = True
# Requests for the browser wait in the scheduler, not in download slots, while its pages are busy.
SCHEDULER_PRIORITY_QUEUE = "crawler.browsergate.BrowserGatedPriorityQueue"
# Worker processes that parse pages beside the downloading one (0 = inline). One per core up to four:
# on two cores a second worker still wins (bench/bench_crawl.py: 6.1 s vs 6.6 s median), as it takes
# the parsing backlog a burst of detail pages leaves while the downloading process is busy.
ZWGK_PARSER_PROCESSES = min(4, max(1, os.cpu_count() or 1))
ZWGK_JSON_API = True  # a JS-filled list whose JSON API is found is paged through the API, not rendered

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformat.QuietLogFormatter"  # no per-page debug records below LOG_LEVEL
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control runs Python sent to a local HTTP port: nothing a crawl of hostile sites
# should offer, and its job files would land in the user's profile.
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "crawler.progress.LiveProgress": 500,  # the live per-site view, when ZWGK_PROGRESS is on
    "crawler.gctuning.GcThresholds": 100,  # fewer garbage-collector passes while crawling
}
ZWGK_GC_THRESHOLDS = list(CRAWL_GC_THRESHOLDS)
ZWGK_PROGRESS = False

# zwgk's own bounds (overridable per run).
ZWGK_MAX_PAGES_PER_COLUMN = 100
# List pages of one column fetched at once: a few until the dates show how far the window start is,
# then as many as it takes to reach it, up to the maximum (crawler/pacing.py; stop rule still applies).
ZWGK_PAGES_IN_FLIGHT_PER_COLUMN = 3
ZWGK_MAX_PAGES_IN_FLIGHT_PER_COLUMN = 12
ZWGK_MAX_PAGES_PER_SITE = 5000
ZWGK_MAX_DISCOVERY_PAGES = 12
ZWGK_DISCOVERY_DEPTH = 2
ZWGK_FLUSH_SECONDS = 5.0  # stored rows reach the database at least this often (what --resume can reuse)
ZWGK_POSTINGS_AS_ITEMS = False  # true: postings also flow through item pipelines / feed exports
