"""Names for the ways a fetch can fail, as stored in ``fetches.error``."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as tx_error
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived


def error_kind(exc: BaseException) -> str:
    """A short, stable name for a download failure."""
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
