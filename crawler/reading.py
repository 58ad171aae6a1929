"""Reading a fetched page: what kind of page it is, then its rows or its facts.

Pure functions of the page text, so they can run in a worker process (see ``parserpool``): parsing
is the crawl's main CPU cost, and the machine's other cores would otherwise sit idle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from crawler.detail import DetailFacts, parse_detail
from crawler.listing import extract_list, parse_hanweb_proxy, parse_json_list, select_rows
from crawler.listing.html import parse_page
from crawler.listing.model import ListPage
from crawler.pageclass import classify


@dataclass(frozen=True)
class ListReading:
    verdict: str  # ok | not_found_text | redirect_home | block_page | stub | error
    listing: ListPage | None
    error: str | None = None


def read_list_page(
    text: str, status: int, url: str, requested_url: str, page: int, kind: str | None,
    selector: tuple[str, int, int] | None,
) -> ListReading:
    try:
        if kind == "json":
            return ListReading("ok", parse_json_list(json.loads(text), url, page))
        if kind == "hanweb":
            return ListReading("ok", parse_hanweb_proxy(text, url))
        parsed = parse_page(text)  # once, for the classifier and the list reader
        verdict = classify(text, status, url, requested_url, parsed)
        if verdict in ("not_found_text", "redirect_home", "block_page"):
            return ListReading(verdict, None)
        listing = extract_list(text, url, page=page, parsed=parsed)
        if selector is not None:
            css, low, high = selector
            rows = select_rows(text, url, css, (low, high))
            listing = ListPage(listing.family, rows, listing.pages, listing.total_pages, listing.empty_notice,
                               listing.json_api)
        return ListReading("ok", listing)
    except Exception as exc:  # noqa: BLE001 - reported to the spider, which logs it with the URL
        return ListReading("error", None, f"{type(exc).__name__}: {exc}"[:300])


def read_detail_page(text: str, status: int, url: str, requested_url: str) -> tuple[DetailFacts | None, str | None]:
    """The detail page's facts, or None with the reason it has none."""
    try:
        parsed = parse_page(text)
        verdict = classify(text, status, url, requested_url, parsed)
        if verdict != "ok":
            return None, verdict
        return parse_detail(text, url, parsed), None
    except Exception as exc:  # noqa: BLE001
        return None, f"error: {type(exc).__name__}: {exc}"[:300]
