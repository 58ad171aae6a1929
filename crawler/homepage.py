"""What the homepage tells about freshness: the newest date it shows (homepage-stale veto input)."""

from __future__ import annotations

from datetime import date

from crawler.dates import find_dates
from crawler.discovery import parse_document

MAX_BLOCK_TEXT = 200


def newest_date_shown(body: str, as_of: date) -> date | None:
    """The newest full date in a short list-like block (li, tr, dd, p, span) not after ``as_of``."""
    doc = parse_document(body)
    if doc is None:
        return None
    for bad in doc.xpath("//script|//style|//comment()"):
        bad.drop_tree()
    newest: date | None = None
    for element in doc.iter("li", "tr", "dd", "p", "span", "em", "i", "b"):
        text = " ".join(element.text_content().split())
        if not text or len(text) > MAX_BLOCK_TEXT:
            continue
        for match in find_dates(text):
            if match.date is not None and date(2000, 1, 1) <= match.date <= as_of:
                if newest is None or match.date > newest:
                    newest = match.date
    return newest
