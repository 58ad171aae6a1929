"""Small HTML fragments used thousands of times per report, written in Python for speed.

Every value is escaped with markupsafe before it is placed in the markup.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from reports.links import external_href, is_evidence_key


def url_link(url: str | None, text: object = None) -> Markup:
    """A link that opens the crawled page in a new tab; non-http(s) URLs become plain text."""
    if not url:
        return Markup("")
    shown = str(escape(text if text else url))
    href = external_href(url)
    if href is None:
        return Markup('<span class="inert-url" title="非 http(s) 链接，仅显示文字">' + shown + "</span>")
    return Markup('<a href="' + str(escape(href)) + '" rel="noopener noreferrer nofollow" target="_blank">'
                  + shown + "</a>")


def snapshot_link(sha256: str | None, root: str, text: str = "快照") -> Markup:
    if not is_evidence_key(sha256):
        return Markup("")
    return Markup('<a class="snapshot" href="' + str(escape(root)) + "evidence/" + str(sha256) + '.html">'
                  + str(escape(text)) + "</a>")


def num(value: float | None, digits: int = 2) -> Markup:
    if value is None:
        return Markup('<span class="na">—</span>')
    return Markup(f"{float(value):.{digits}f}")


def sort_key(value: object) -> str:
    return "" if value is None else str(value)
