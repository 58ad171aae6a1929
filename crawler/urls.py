"""URL hygiene: canonical forms (trap protection), same-site checks, attachments."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".wps", ".zip", ".rar", ".et",
                       ".ppt", ".pptx", ".txt", ".jpg", ".png")
SESSION_PARAMS = re.compile(r"^(jsessionid|phpsessid|sid|sessionid|aspsessionid\w*|_t|timestamp|rnd|random)$",
                            re.IGNORECASE)
MATRIX_SESSION = re.compile(r";jsessionid=[^?#/]*", re.IGNORECASE)
MAX_URL_LENGTH = 1024


# Already canonical: lower-case host, a path of unreserved characters and no dot segments, no query,
# fragment, escapes or session parameters (most article URLs: t20250311_1234567.html). Checked equal
# to the full path by tests/test_urls.py.
_PLAIN_URL = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?(?!.*/\.)/[A-Za-z0-9._~/-]*")


@lru_cache(maxsize=65536)
def canonical(url: str) -> str:
    """A stable form of ``url``: sorted query, no fragment, no session ids."""
    if _PLAIN_URL.fullmatch(url):
        return url
    url = MATRIX_SESSION.sub("", url)
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not SESSION_PARAMS.match(k)]
    cleaned = urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def is_same_site(url: str, host: str) -> bool:
    return host_of(url) == host


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_SUFFIXES)


def is_crawlable(url: str, host: str) -> bool:
    """On our site, http(s), not an attachment, not absurdly long (growing query-string traps)."""
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and parts.netloc.lower() == host
        and not is_attachment(url)
        and len(url) <= MAX_URL_LENGTH
    )


def request_fingerprint(method: str, url: str, body: bytes = b"") -> str:
    """What identifies a request across runs (``--resume``, ``--reuse-run``): sha1 of method, URL and
    body. Our request URLs are built the same way on every run, so Scrapy's fingerprint, which first
    canonicalises the URL (≈ 50× the cost, once per page in the crawl's busiest thread), adds nothing."""
    return hashlib.sha1(b"%s %s\n%s" % (method.encode("ascii", "replace"), url.encode("utf-8", "surrogatepass"),
                                         body)).hexdigest()
