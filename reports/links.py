"""Safe link targets: only http(s) for crawled URLs, validated names for files inside the report."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SAFE_SITE_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


def external_href(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (``javascript:``, ``data:`` … become text)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def is_evidence_key(sha256: str | None) -> bool:
    return bool(sha256) and _SHA256.fullmatch(sha256 or "") is not None


def evidence_file_name(sha256: str) -> str:
    if not is_evidence_key(sha256):
        raise ValueError(f"不是有效的证据编号：{sha256!r}")
    return f"{sha256}.html"


def site_file_name(site_id: str) -> str:
    """``sites/<site_id>.html`` when the id is a plain slug; a hash of it otherwise."""
    if _SAFE_SITE_ID.fullmatch(site_id):
        return f"{site_id}.html"
    return f"site-{hashlib.sha256(site_id.encode('utf-8')).hexdigest()[:20]}.html"
