"""Parsing hostile HTML into an lxml tree, and the small text/URL helpers every family shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.etree
from w3lib.html import get_base_url
from w3lib.url import safe_url_string

MAX_BODY_CHARS = 3_000_000
MAX_TITLE_CHARS = 500
MAX_URL_CHARS = 2000

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_BASE_TAG = re.compile(r"<base[\s>/]", re.IGNORECASE)
_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:")


def parse_html(body: str, *, keep_scripts: bool = False) -> lxml.etree._Element:
    """The document tree without comments (never shown, so never real) and, unless asked,
    without <script>/<style>. An empty or unparsable body gives an empty <html>.

    Plain lxml.etree elements: lxml.html's per-element class lookup costs more than the parse."""
    body = _XML_DECLARATION.sub("", body[:MAX_BODY_CHARS], count=1)
    try:
        # lxml's default HTML parser (recovering, no network) is per thread; a shared custom one is not.
        root = lxml.etree.HTML(body) if body.strip() else None
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        return lxml.etree.Element("html")
    for el in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        drop_keeping_tail(el)
    if not keep_scripts:
        remove_scripts(root)
    return root


@dataclass(frozen=True)
class ParsedPage:
    """A page parsed once for every reader: the tree without scripts, and what the scripts said."""

    root: lxml.etree._Element  # comments, <script>, <style>, <noscript>, <template> removed
    scripts: list[str]  # inline script texts, in page order
    has_script: bool  # any <script>, inline or src=
    noscript: str  # the <noscript> text: what a crawler without JavaScript is shown


def parse_page(body: str) -> ParsedPage:
    root = parse_html(body, keep_scripts=True)
    scripts = [el.text or "" for el in root.iter("script") if not el.get("src")]
    has_script = root.find(".//script") is not None
    noscript = " ".join(element_text(el) for el in root.iter("noscript"))
    remove_scripts(root)
    return ParsedPage(root, scripts, has_script, noscript)


def remove_scripts(root: lxml.etree._Element) -> None:
    """Drop <script>, <style>, <noscript> and <template>: none of it is page text."""
    for el in list(root.iter("script", "style", "noscript", "template")):
        drop_keeping_tail(el)


def parse_fragment(markup: str) -> lxml.etree._Element:
    """An HTML fragment (a Hanweb record) inside a <div>."""
    root = parse_html(f"<html><body><div>{markup}</div></body></html>")
    div = root.find("body/div")
    return div if div is not None else lxml.etree.Element("div")


def drop_keeping_tail(el: lxml.etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def normalize_space(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def element_text(el: lxml.etree._Element) -> str:
    return normalize_space("".join(el.itertext()))


def document_base(body: str, url: str) -> str:
    """The URL relative links resolve against (honours <base href>)."""
    if _PLAIN_BASE.fullmatch(url) and not _BASE_TAG.search(body, 0, 20000):
        return url  # what w3lib gives back for a plain URL and no <base>, without its escaping pass
    try:
        return get_base_url(body[:20000], url)
    except (ValueError, UnicodeError):
        return url


# The common case, checked equal to the full path by tests/test_html_urls.py: a base of plain characters
# (lower-case host, no escapes or fragment) and an href that is a path of plain characters with at most
# a simple query. Their join needs no fragment split, scheme check or escaping (w3lib's escaping was a
# fifth of the time it takes to read a list page).
_PLAIN_BASE = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?/[A-Za-z0-9._~/-]*(?:\?[A-Za-z0-9._~=&-]*)?")
_PLAIN_HREF = re.compile(r"(?!//)[A-Za-z0-9._~/-]*(?:\?[A-Za-z0-9._~=&-]*)?")


@lru_cache(maxsize=1024)
def _base_parts(base: str) -> tuple[str, str, str] | None:
    """(origin, base without its query, base's directory), or None when its path has dot segments."""
    path_start = base.index("/", base.index("//") + 2)
    without_query = base.split("?", 1)[0]
    if "/." in without_query[path_start:] or "//" in without_query[path_start:]:
        return None
    return base[:path_start], without_query, without_query[: without_query.rindex("/") + 1]


def _join_plain(base: str, href: str) -> str:
    """urljoin for plain bases and hrefs, without its general machinery where no dot segment or
    empty segment needs resolving."""
    parts = _base_parts(base)
    if parts is not None and "//" not in href and not href.endswith("?"):
        origin, without_query, directory = parts
        if href.startswith("/"):
            if "/." not in href:
                return origin + href
        elif href.startswith("?"):
            return without_query + href
        else:
            rest = href
            while rest.startswith("./"):
                rest = rest[2:]
            if not rest.startswith(".") and "/." not in rest:
                return directory + rest
    return urljoin(base, href)


@lru_cache(maxsize=32768)  # a site's navigation links repeat on every one of its pages
def absolute_url(base: str, href: str | None) -> str | None:
    """An absolute http(s) URL without fragment, or None for javascript:, mailto:, '#' and the like."""
    href = normalize_space(href)
    if not href or href.startswith("#") or len(href) > MAX_URL_CHARS:
        return None
    if _PLAIN_HREF.fullmatch(href) and _PLAIN_BASE.fullmatch(base):
        url = _join_plain(base, href)
        return url if len(url) <= MAX_URL_CHARS else None
    if href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    try:
        joined = urldefrag(urljoin(base, href))[0]
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    url = safe_url_string(joined)
    return url if len(url) <= MAX_URL_CHARS else None  # growing-URL traps end here (no UrlLengthMiddleware)


_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?::[0-9]{1,5})?(?=[/?#]|$)")


def host_of(url: str) -> str:
    plain = _PLAIN_HOST.match(url)  # no user info, IPv6 or escapes: the host is what the regex saw
    if plain:
        return plain[1].lower()
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def class_tokens(el: lxml.etree._Element) -> set[str]:
    """Words of an element's class and id: "list-box news_top" → {list, box, news, top}."""
    classes, ident = el.get("class"), el.get("id")
    if not classes and not ident:
        return set()
    value = f"{classes or ''} {ident or ''}"[:300].lower()
    return set(value.replace("_", " ").replace("-", " ").split())


def inside_chrome(el: lxml.etree._Element | None, tags: frozenset[str], tokens: frozenset[str],
                  max_depth: int) -> bool:
    """Whether ``el`` or one of its ``max_depth`` nearest ancestors is page chrome (nav bar, header,
    footer, breadcrumb, …) by tag or class token."""
    depth = 0
    while el is not None and depth < max_depth:
        if el.tag in tags or class_tokens(el) & tokens:
            return True
        el = el.getparent()
        depth += 1
    return False
