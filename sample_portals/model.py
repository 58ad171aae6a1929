"""The content model the sample portals are rendered from (and their ground truth derived from)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

CANONICAL_KEYS: tuple[str, ...] = (
    "institution", "guide", "policy_docs", "interpretations", "news", "notices", "plans",
    "personnel", "budget", "major_projects", "consultation", "double_publicity", "proposals",
    "audit", "fees", "annual_report",
)


def policy_name(title: str) -> str:
    """A document's name as cited in 《》: the inner 《…》 of its title, else the whole title."""
    if "《" in title and "》" in title:
        return title[title.index("《") + 1 : title.index("》")]
    return title


@dataclass
class Posting:
    uid: int
    column_key: str
    title: str
    published: date
    publisher: str
    body: list[str]
    written: date | None = None
    doc_no: str | None = None
    index_no: str | None = None
    pinned: bool = False
    external_url: str | None = None
    attachment_ext: str | None = None
    # For interpretations: the policy explained and how the page links to it.
    interprets: Posting | None = None
    link_method: str | None = None
    # Site path (e.g. "/xxgk/zcwj/202503/t20250311_123.html"), assigned by the site family.
    path: str = ""

    @property
    def policy_name(self) -> str:
        return policy_name(self.title)

    def url(self, base: str) -> str:
        return self.external_url or base.rstrip("/") + self.path


@dataclass
class Column:
    key: str
    label: str
    status: str  # ok | empty | broken
    postings: list[Posting] = field(default_factory=list)  # display order: pinned, then newest first
    slug: str = ""
    list_path: str = ""  # first list page, assigned by the site family


@dataclass
class Fault:
    kind: str
    path: str
    note: str


@dataclass
class Portal:
    id: str
    name: str
    place: str
    family: str
    host: str
    region: str
    level: str
    columns: dict[str, Column]
    options: dict[str, Any]
    seed: int
    faults: list[Fault] = field(default_factory=list)
    reachable: bool = True
    needs_browser: bool = False
    homepage_last_updated: date | None = None
    stale_until: dict[str, date] = field(default_factory=dict)  # column key → last posting day, on purpose
    site: Any = None  # the family renderer (sample_portals.families.base.Site)

    def postings(self) -> list[Posting]:
        return [p for col in self.columns.values() for p in col.postings]

    def interpretations(self) -> list[Posting]:
        return [p for p in self.postings() if p.interprets is not None]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    delay_s: float = 0.0  # the server waits this long before answering (slow-page fault)
