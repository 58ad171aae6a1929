"""Scrapy settings of the zwgk crawler (``scrapy crawl portal`` reads these via scrapy.cfg)."""

from crawler import __version__

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
RANDOMIZE_DOWNLOAD_DELAY = True
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

REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = True
DEPTH_LIMIT = 0  # depth is bounded per purpose by the spider (discovery depth, pages per column)

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryBackoffMiddleware": 540,
    "crawler.middlewares.FetchRecorderMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.DuckDBPipeline": 300,
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False

# zwgk's own bounds (overridable per run).
ZWGK_MAX_PAGES_PER_COLUMN = 100
ZWGK_MAX_PAGES_PER_SITE = 5000
ZWGK_MAX_DISCOVERY_PAGES = 12
ZWGK_DISCOVERY_DEPTH = 2
