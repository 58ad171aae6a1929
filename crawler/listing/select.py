"""Per-site row selectors (spatula-style): a CSS selector from the sites file that must match a
number of rows within an expected range, or the crawl says so loudly instead of guessing."""

from __future__ import annotations

from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from crawler.listing.generic import MAX_ROWS_PER_PAGE
from crawler.listing.html import document_base, parse_html
from crawler.listing.model import ListRow
from crawler.listing.rows import build_row


class SelectorCountError(ValueError):
    def __init__(self, selector: str, url: str, expected: tuple[int, int], count: int, matched: int) -> None:
        self.selector, self.url, self.expected, self.count, self.matched = selector, url, expected, count, matched
        super().__init__(
            f"row selector {selector!r} matched {count} rows on {url} ({matched} elements, rows are those "
            f"with a link), expected {expected[0]}–{expected[1]}"
        )


def select_rows(body: str, url: str, row_selector: str, expected: tuple[int, int]) -> list[ListRow]:
    """The rows the selector picks (each element one row). Raises SelectorCountError when the
    number of rows read lies outside `expected` (inclusive), ValueError for a bad selector."""
    try:
        selector = CSSSelector(row_selector)
    except SelectorError as error:
        raise ValueError(f"invalid row selector {row_selector!r}: {error}") from error
    root = parse_html(body)
    base = document_base(body, url)
    rows: list[ListRow] = []
    seen: set[str] = set()
    elements = selector(root)
    for element in elements[: MAX_ROWS_PER_PAGE * 2]:
        row = build_row(element, url, base)
        if row and row.url not in seen:
            seen.add(row.url)
            rows.append(row)
    low, high = expected
    if not low <= len(rows) <= high:
        raise SelectorCountError(row_selector, url, expected, len(rows), len(elements))
    return rows[:MAX_ROWS_PER_PAGE]
