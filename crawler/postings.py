"""Turn a list row, plus what its detail page said, into one ``postings`` record."""

from __future__ import annotations

from datetime import date
from typing import Any

from crawler.dates import date_from_url, resolve_year, year_month_from_url
from crawler.listing.model import ListRow
from crawler.urls import canonical

# Columns whose detail pages are always read: scoring needs 成文日期, 文号 and citations.
DETAIL_COLUMNS = frozenset({"policy_docs", "interpretations"})


def needs_detail(
    column_key: str, row: ListRow, window_start: date, interpretation_keywords: tuple[str, ...] = (),
) -> bool:
    """Fetch the detail page only where it adds facts the list does not give.

    Policy documents and interpretations always (成文日期, 文号, citations); an interpretation posted
    in another column too (its title says 解读/图解/…), so it can be linked to its policy.
    """
    if row.external or row.attachment:
        return False
    if row.date is None:
        return True
    if row.date < window_start:
        return False
    return (column_key in DETAIL_COLUMNS or row.title_truncated
            or any(keyword in row.title for keyword in interpretation_keywords))


def build_posting(
    *, site_id: str, column_key: str, row: ListRow, facts: Any, detail_sha256: str | None,
    list_url: str, page: int, family: str | None, as_of: date,
) -> dict[str, Any]:
    url = row.url if (row.external or row.attachment) else canonical(row.url)
    title = row.title
    if facts is not None and facts.title and (row.title_truncated or not title):
        title = facts.title
    published, source = _published_date(row, facts, family, as_of)
    extra = row.extra or {}
    return {
        "site_id": site_id,
        "column_key": column_key,
        "url": url,
        "title": title or url,
        "published_date": published,
        "written_date": getattr(facts, "written_date", None),
        "doc_no": getattr(facts, "doc_no", None) or extra.get("doc_no"),
        "publisher": getattr(facts, "publisher", None) or extra.get("publisher"),
        "index_no": getattr(facts, "index_no", None) or extra.get("index_no"),
        "pinned": row.pinned,
        "external": row.external,
        "attachment": row.attachment,
        "date_source": source,
        "list_url": list_url,
        "list_page": page,
        "detail_sha256": detail_sha256,
        "cited_urls": list(getattr(facts, "cited_urls", None) or []),
        "cited_names": list(getattr(facts, "cited_names", None) or []),
        "cited_doc_nos": list(getattr(facts, "cited_doc_nos", None) or []),
    }


def _published_date(row: ListRow, facts: Any, family: str | None, as_of: date) -> tuple[date | None, str | None]:
    list_source = "api" if family == "json" else "list"
    if row.date is not None:
        return row.date, list_source
    detail_date = getattr(facts, "published_date", None)
    if detail_date is not None:
        return detail_date, getattr(facts, "date_source", None) or "detail_table"
    if row.month_day is not None:
        month, day = row.month_day
        resolved = resolve_year(month, day, url_year_month=year_month_from_url(row.url), reference=as_of)
        if resolved is not None:
            return resolved, list_source
    url_date = date_from_url(row.url)
    if url_date is not None:
        return url_date, "url"
    return None, None
