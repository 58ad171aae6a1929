"""zwgk's Scrapy project: one generic spider for every government portal."""

__version__ = "0.1.1"
