"""zwgk: 政务公开第三方评估 — the command line that ties crawler, scoring and reports together."""

from crawler import __version__

__all__ = ["__version__"]
