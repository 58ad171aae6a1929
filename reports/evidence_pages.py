"""Snapshot viewer pages: each stored body the report cites, decoded and shown inertly.

The stored body is hostile HTML. It is shown in an ``<iframe sandbox>`` without
``allow-scripts`` (its scripts never run, and it gets an opaque origin) through ``srcdoc``, with a
Content-Security-Policy that also blocks every network request, and as escaped source text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import duckdb

from crawler.evidence import EvidenceStore
from reports.links import evidence_file_name, is_evidence_key
from reports.queries import Row, fetch_rows

# Put first in the snapshot's document: no script, no fetch of styles, images, fonts or frames
# from the crawled site (the report must work offline and never call out).
SNAPSHOT_CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'\">"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# GBK and GB2312 pages often use characters only GB18030 has; it is a superset of both
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_TEXT_TYPES = ("text/", "application/xhtml", "application/xml", "application/json", "application/javascript")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def decode_body(body: bytes, content_type: str | None) -> str:
    """Header charset, then ``<meta charset>``, then UTF-8, then GB18030 (the usual Chinese legacy)."""
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    for candidate in (header.group(1) if header else None, meta.group(1).decode("ascii") if meta else None):
        codec = _codec(candidate)
        if codec:
            return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", errors="replace")


def is_text(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return content_type.split(";")[0].strip().lower().startswith(_TEXT_TYPES)
    return b"\x00" not in body[:1024]


def snapshot_document(text: str) -> str:
    return SNAPSHOT_CSP + text


def referenced_keys(keys: Iterable[str | None]) -> list[str]:
    return sorted({k for k in keys if is_evidence_key(k)})


def fetches_by_key(con: duckdb.DuckDBPyConnection, run_id: int, keys: list[str]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in fetch_rows(con, "evidence_fetches", run_id=run_id, shas=keys):
        grouped[row["sha256"]].append(row)
    return grouped


def evidence_context(store: EvidenceStore, sha256: str, fetches: list[Row]) -> dict[str, object]:
    content_type = next((f["content_type"] for f in fetches if f["content_type"]), None)
    try:
        body = store.get(sha256)
    except KeyError:
        return {"sha256": sha256, "fetches": fetches, "missing": True}
    context: dict[str, object] = {
        "sha256": sha256, "fetches": fetches, "missing": False, "content_type": content_type,
        "size": len(body), "srcdoc": None, "skip": len(SNAPSHOT_CSP),
    }
    if is_text(content_type, body):
        # the source view is filled from this same attribute by report.js, as text, so the
        # body is stored once per page
        context["srcdoc"] = snapshot_document(decode_body(body, content_type))
    return context


def evidence_output_path(out_dir: Path, sha256: str) -> Path:
    return out_dir / "evidence" / evidence_file_name(sha256)
