"""What a list page yields: its rows and the further list pages it tells us about."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FAMILIES = ("trs", "hanweb", "json", "table", "generic")


@dataclass(frozen=True)
class ListRow:
    url: str  # absolute, fragment dropped
    title: str  # the full title when the list gives it via title=; never holds the row's date
    title_truncated: bool  # ends with …/... and no title= gave the full one
    date: date | None  # the list's date for the row (None when the list shows none or no year)
    month_day: tuple[int, int] | None  # a year-less list date, e.g. [12-30] → (12, 30)
    date_raw: str | None  # the date text as the list wrote it
    pinned: bool  # 置顶 marker
    external: bool  # host differs from the list page's host
    attachment: bool  # .pdf .doc .docx .xls .xlsx .ofd .wps .zip .rar .et
    extra: dict[str, str] = field(default_factory=dict)  # e.g. doc_no, index_no, publisher


@dataclass(frozen=True)
class PageRequest:
    url: str
    page: int  # 1-based page number within the column
    method: str = "GET"
    formdata: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True)
class ListPage:
    family: str  # one of FAMILIES
    rows: list[ListRow]
    pages: list[PageRequest]  # further list pages (TRS: all declared; Hanweb: all groups; else next)
    total_pages: int | None
    empty_notice: bool  # the page says 暂无信息/暂无数据/… and has no rows
    json_api: PageRequest | None = None  # a JS shell's API request for page 1, when discoverable
