"""Ground truth of the sample portals, derived from the same model the pages are rendered from."""

from __future__ import annotations

from datetime import date
from typing import Any

from sample_portals.model import CANONICAL_KEYS, Portal, Posting

DEMO_YEAR = 2025
DEMO_AS_OF = date(2026, 1, 15)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _absolute(base: str, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else base.rstrip("/") + path


def posting_truth(posting: Posting, base: str) -> dict[str, Any]:
    return {
        "title": posting.title,
        "url": posting.url(base),
        "published_date": _iso(posting.published),
        "written_date": _iso(posting.written),
        "doc_no": posting.doc_no,
        "publisher": posting.publisher,
        "index_no": posting.index_no,
        "pinned": posting.pinned,
        "external": posting.external_url is not None,
        "attachment": posting.attachment_ext is not None,
    }


def portal_truth(portal: Portal, base: str) -> dict[str, Any]:
    """The ground-truth record of one portal served at `base` (e.g. "http://127.0.0.11:18001/")."""
    columns: dict[str, Any] = {}
    for key in CANONICAL_KEYS:
        column = portal.columns.get(key)
        if column is None:
            columns[key] = {"label": None, "list_url": None, "status": "absent", "postings": []}
            continue
        columns[key] = {
            "label": column.label,
            "list_url": _absolute(base, column.list_path),
            "status": column.status,
            "postings": [posting_truth(p, base) for p in column.postings],
        }
    links = [{"interpretation_url": p.url(base), "policy_url": p.interprets.url(base),
              "method": p.link_method}
             for p in portal.interpretations() if p.interprets is not None]
    return {
        "id": portal.id, "name": portal.name, "url": base, "family": portal.family,
        "region": portal.region, "level": portal.level,
        "reachable": portal.reachable, "needs_browser": portal.needs_browser,
        "homepage_last_updated": _iso(portal.homepage_last_updated),
        "columns": columns,
        "interpretation_links": links,
        "faults": [{"kind": f.kind, "url": _absolute(base, f.path), "note": f.note} for f in portal.faults],
    }


def ground_truth(portals: list[Portal], urls: dict[str, str]) -> dict[str, Any]:
    """The whole ground-truth document (docs/CONTRACTS.md) for portals served at `urls`."""
    return {
        "year": DEMO_YEAR,
        "as_of": DEMO_AS_OF.isoformat(),
        "window_start": date(DEMO_YEAR, 1, 1).isoformat(),
        "window_end": date(DEMO_YEAR, 12, 31).isoformat(),
        "portals": [portal_truth(p, urls[p.id]) for p in portals],
    }
