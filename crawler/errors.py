"""Names for the ways a fetch can fail, as stored in ``fetches.error``."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as tx_error
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# Scrapy ≥ 2.14 wraps network failures in its own exception types.
_SCRAPY_KINDS: dict[str, str] = {
    "DownloadConnectionRefusedError": "refused",
    "CannotResolveHostError": "dns",
    "DownloadTimeoutError": "timeout",
    "ResponseDataLossError": "reset",
    "DownloadCancelledError": "cancelled",
}


def error_kind(exc: BaseException) -> str:
    """A short, stable name for a download failure."""
    for name, kind in _SCRAPY_KINDS.items():
        cls = getattr(scrapy_errors, name, None)
        if cls is not None and isinstance(exc, cls):
            return kind
    failed = getattr(scrapy_errors, "DownloadFailedError", None)
    if failed is not None and isinstance(exc, failed):
        cause = exc.__cause__ or exc.__context__
        if cause is not None and cause is not exc:
            inner = error_kind(cause)
            if inner != type(cause).__name__:
                return inner
        text = str(exc).lower()
        return "tls" if "ssl" in text or "tls" in text else "reset"
    if isinstance(exc, tx_error.ConnectionRefusedError):
        return "refused"
    if isinstance(exc, tx_error.DNSLookupError):
        return "dns"
    if isinstance(exc, (tx_error.TimeoutError, tx_error.TCPTimedOutError, TimeoutError)):
        return "timeout"
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed, tx_error.ConnectionLost,
                        tx_error.ConnectionDone, ConnectionResetError)):
        reasons = getattr(exc, "reasons", None) or []
        if any("SSL" in type(r.value).__name__ or "ssl" in str(r.value).lower() for r in reasons):
            return "tls"
        return "reset"
    if isinstance(exc, IgnoreRequest):
        text = str(exc).lower()
        return "robots" if "robots" in text else "ignored"
    name = type(exc).__name__
    if "SSL" in name or "TLS" in name:
        return "tls"
    if "Size" in name or "maxsize" in str(exc).lower():
        return "too_large"
    return name
