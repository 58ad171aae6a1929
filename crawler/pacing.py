"""How many list pages of one column to keep in flight.

A column's list pages form a chain: the stop rule needs them read in page order, and a page past
the window start is wasted work. So a column starts with a few pages in flight; once the dates read
so far show how many days a page spans, it keeps as many in flight as it takes to reach the window
start, up to a ceiling. A deep column (a hundred pages of 工作动态) no longer sets the length of the
whole crawl, and a column about to reach the window start fetches no more than before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date


@dataclass
class ListPacing:
    """Where a column's committed list pages stand in time: each page's median date (pinned rows left
    out), so one old item mixed into a page does not look like the end of the window."""

    first: date | None = None  # median date of the first dated page
    first_page: int = 0
    last: date | None = None  # median date of the latest dated page
    last_page: int = 0

    def note(self, page: int, dates: list[date]) -> None:
        if not dates:
            return
        middle = sorted(dates)[len(dates) // 2]
        if self.first is None:
            self.first, self.first_page = middle, page
        self.last, self.last_page = middle, page

    def pages_to_window_start(self, window_start: date) -> float | None:
        """Estimated list pages still to read before the window start; None while unknown."""
        if self.first is None or self.last is None or self.last_page <= self.first_page:
            return None
        if self.last < window_start:
            return 0.0
        days_per_page = (self.first - self.last).days / (self.last_page - self.first_page)
        if days_per_page <= 0:
            return math.inf
        return ((self.last - window_start).days + 1) / days_per_page

    def in_flight(self, window_start: date, base: int, ceiling: int) -> int:
        estimate = self.pages_to_window_start(window_start)
        if estimate is None:
            return base
        if estimate >= ceiling:
            return max(base, ceiling)
        return max(base, math.ceil(estimate))
