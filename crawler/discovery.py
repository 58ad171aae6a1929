"""Column discovery: navigation links of the homepage and the 信息公开 section → column list URLs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from lxml import html as lxml_html

from crawler.urls import canonical, is_crawlable

MAX_LINK_TEXT = 24
XXGK_EXACT = ("政府信息公开", "信息公开", "政务公开", "政府信息公开专栏", "信息公开专栏", "政务公开专栏",
              "法定主动公开内容", "主动公开", "政府信息公开平台", "信息公开目录", "法定主动公开")
XXGK_EXCLUDE = ("指南", "年报", "年度报告", "制度", "申请", "规定")
PUNCTUATION = re.compile(r"[\s\u3000·•>»›|/\\\-—_:：、，,。.()（）\[\]【】<>《》\"'“”‘’]+")


class ColumnLabels(Protocol):
    key: str
    labels: list[str]


@dataclass(frozen=True)
class NavLink:
    text: str
    url: str


@dataclass(frozen=True)
class FoundColumn:
    key: str
    label: str
    url: str


def normalise(text: str) -> str:
    return PUNCTUATION.sub("", text)


def parse_document(body: str) -> lxml_html.HtmlElement | None:
    if not body.strip():
        return None
    try:
        return lxml_html.document_fromstring(body)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def nav_links(body: str, page_url: str) -> list[NavLink]:
    """Every short-texted link on a page, absolute and canonical, in document order."""
    doc = parse_document(body)
    if doc is None:
        return []
    for bad in doc.xpath("//script|//style|//comment()"):
        bad.drop_tree()
    doc.make_links_absolute(page_url, resolve_base_href=True, handle_failures="discard")
    links: list[NavLink] = []
    for anchor in doc.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = " ".join(anchor.text_content().split()) or (anchor.get("title") or "").strip()
        if not text or len(text) > MAX_LINK_TEXT:
            continue
        links.append(NavLink(text=text, url=canonical(href.strip())))
    return links


def frame_urls(body: str, page_url: str, host: str) -> list[str]:
    doc = parse_document(body)
    if doc is None:
        return []
    doc.make_links_absolute(page_url, resolve_base_href=True, handle_failures="discard")
    urls = [canonical(src) for src in doc.xpath("//iframe/@src|//frame/@src")]
    return [u for u in urls if is_crawlable(u, host)]


def xxgk_urls(links: Iterable[NavLink], host: str) -> list[str]:
    """Links into the 政府信息公开 section, most specific first."""
    exact, partial = [], []
    for link in links:
        text = normalise(link.text)
        if not is_crawlable(link.url, host):
            continue
        if text in XXGK_EXACT:
            exact.append(link.url)
        elif ("信息公开" in text or "政务公开" in text) and not any(x in text for x in XXGK_EXCLUDE):
            partial.append(link.url)
    return list(dict.fromkeys(exact + partial))


def match_columns(
    links: Sequence[NavLink], columns: Sequence[ColumnLabels], host: str
) -> dict[str, FoundColumn]:
    """Match link texts against each column's labels: exact text first, then containment.

    A link serves one column only; longer (more specific) labels are matched first, so
    “政府信息公开指南” is the guide and not the 信息公开 section.
    """
    candidates = [(normalise(link.text), link) for link in links if is_crawlable(link.url, host)]
    wanted = [(normalise(label), column.key, label) for column in columns for label in column.labels]
    wanted.sort(key=lambda item: -len(item[0]))
    found: dict[str, FoundColumn] = {}
    used_urls: set[str] = set()
    for exact_pass in (True, False):
        for label_norm, key, _label in wanted:
            if key in found or not label_norm:
                continue
            for text, link in candidates:
                if link.url in used_urls:
                    continue
                hit = text == label_norm if exact_pass else (label_norm in text and len(text) <= 2 * len(label_norm) + 4)
                if hit:
                    found[key] = FoundColumn(key=key, label=link.text, url=link.url)
                    used_urls.add(link.url)
                    break
    return found
