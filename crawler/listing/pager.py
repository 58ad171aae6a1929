"""Plain HTML pagination: a "下一页" link, ?page=N style parameters, 共N页 / 尾页 for the total."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import lxml.etree

from crawler.listing.html import absolute_url, element_text, normalize_space
from crawler.listing.model import PageRequest

NEXT_TEXTS = frozenset({"下一页", "下页", "后页", "下一頁", "next", "next page", ">", "›", "»", ">>", "下一页>", "下一页>>"})
LAST_TEXTS = frozenset({"尾页", "末页", "最后一页", "last", ">|"})
PAGE_PARAMETERS = ("page", "pageNo", "pageno", "pageNum", "pagenum", "pageIndex", "pageindex", "p", "pn",
                   "currentPage", "currpage", "curPage", "current", "page_no", "page_num", "pageNumber")
MAX_TOTAL_PAGES = 5000
_TOTAL_PAGES = re.compile(r"共\s*(\d{1,5})\s*页")
_PAGE_OF = re.compile(r"(?:第\s*)?(\d{1,5})\s*/\s*(\d{1,5})\s*页")


def page_number_in_url(url: str) -> int | None:
    """The page a URL asks for through a page parameter (?page=3) or a numbered file (list_3.html)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    for key, value in parse_qsl(parts.query):
        if key in PAGE_PARAMETERS and value.isdigit() and len(value) <= 5:
            return int(value)
    return None


def _anchor_label(anchor: lxml.etree._Element) -> str:
    return normalize_space(element_text(anchor) or anchor.get("title", "")).lower()


def next_pages(
    root: lxml.etree._Element, url: str, base: str, page: int | None = None
) -> tuple[list[PageRequest], int | None]:
    """The next list page (at most one request) and the total page count when the pager states it.

    The current page number comes from the URL's page parameter, else from `page` (the number the
    caller requested this page as), else 1.
    """
    current = page_number_in_url(url) or page or 1
    next_request: PageRequest | None = None
    total: int | None = None
    here = url.split("#", 1)[0]
    for anchor in root.iter("a"):
        label = _anchor_label(anchor)
        if label in NEXT_TEXTS and next_request is None:
            target = absolute_url(base, anchor.get("href"))
            number = page_number_in_url(target) if target else None
            # On the last page "下一页" often points at the page itself or back to an earlier one.
            if target and target != here and (number is None or number > current):
                next_request = PageRequest(target, number or current + 1)
        elif label in LAST_TEXTS and total is None:
            target = absolute_url(base, anchor.get("href"))
            number = page_number_in_url(target) if target else None
            if number:
                total = number
    text = element_text(root)[-20000:]
    m = _TOTAL_PAGES.search(text) or _PAGE_OF.search(text)
    if m:
        total = int(m[m.lastindex or 1])
    if total is not None:
        total = min(total, MAX_TOTAL_PAGES)
        if next_request and next_request.page > total:
            next_request = None
    return ([next_request] if next_request else []), total
