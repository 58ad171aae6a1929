"""In-memory bookkeeping of a crawl: what each site and column is doing and has seen."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crawler.discovery import NavLink
from crawler.listing.model import ListRow, PageRequest
from crawler.pacing import ListPacing
from crawler.sites import Site


@dataclass
class ColumnState:
    key: str
    label: str | None
    list_url: str
    found_by: str
    status: str = "pending"  # pending → ok | empty | broken | failed
    status_reason: str | None = None
    pages: int = 0
    queue: list[PageRequest] = field(default_factory=list)
    seen_pages: set[str] = field(default_factory=set)
    in_flight: set[int] = field(default_factory=set)  # list page numbers requested, not yet read
    arrived: dict[int, Any] = field(default_factory=dict)  # read pages waiting for an earlier one
    stop_page: int | None = None  # first page entirely older than the window
    list_requests: int = 0
    details_outstanding: int = 0
    detail_failures: int = 0
    undated_rows: int = 0
    cap_hit: bool = False
    review_reasons: list[str] = field(default_factory=list)
    list_sha256: str | None = None
    family: str | None = None
    rendered: bool = False  # a JavaScript shell: its list pages go through the browser
    pacing: ListPacing = field(default_factory=ListPacing)  # dates seen so far: how many pages to fetch at once

    @property
    def finished(self) -> bool:
        return self.status != "pending"


@dataclass
class DetailWaiter:
    column: ColumnState
    row: ListRow
    list_url: str
    page: int


@dataclass
class DetailEntry:
    waiters: list[DetailWaiter] = field(default_factory=list)
    done: bool = False
    facts: Any = None  # DetailFacts | None
    sha256: str | None = None


@dataclass
class SiteState:
    site: Site
    phase: str = "homepage"  # homepage → discovery → columns → done | unreachable
    reachable: bool | None = None
    discovery_pending: int = 0
    discovery_pages: set[str] = field(default_factory=set)
    links: list[NavLink] = field(default_factory=list)
    columns: dict[str, ColumnState] = field(default_factory=dict)
    details: dict[str, DetailEntry] = field(default_factory=dict)
    pages_requested: int = 0
    postings: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    caps_hit: list[str] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)  # from a solved JavaScript challenge
    challenges: int = 0
    challenge_waiting: list[dict[str, Any]] | None = None  # requests waiting for a challenge being solved

    def open_columns(self) -> int:
        return sum(1 for column in self.columns.values() if not column.finished)
