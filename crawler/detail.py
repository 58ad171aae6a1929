"""Facts a posting's detail page adds: metadata block, full title, what the text cites.

The metadata block is read as label:value pairs from the page's visible text laid out cell by
cell, which covers `<td>label</td><td>value</td>`, `<li><b>label：</b>value</li>`,
`<span>label：value</span>`, `<dt>/<dd>` and plain "发布时间：2025-03-11 来源：…" lines alike.
Comments, scripts and styles are removed first: what the reader does not see is not metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import lxml.etree

from crawler.dates import parse_date
from crawler.listing.html import (
    ParsedPage,
    absolute_url,
    class_tokens,
    document_base,
    element_text,
    inside_chrome,
    normalize_space,
    parse_html,
)
from crawler.listing.rows import is_pager_text

MAX_VALUE_CHARS = 120
MAX_LINEAR_CHARS = 400_000
MAX_CITED = 200
MAX_NAME_CHARS = 100
MIN_CONTENT_CHARS = 5
MIN_TITLE_CHARS = 4
_TITLE_TOKENS = frozenset({"title", "bt", "tit", "biaoti", "wzbt", "headline"})
# Metadata sits near the top; a page repeating a label thousands of times gets no more attention.
MAX_LABEL_OCCURRENCES = 50

# Labels by fact, most wanted first. Matching allows spaces between characters (索 引 号).
LABELS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号",),
    "publisher": ("发布机构", "发文机关", "发布单位", "发布机关", "信息来源", "来源"),
    "written": ("成文日期", "成文时间"),
    "published": ("发布日期", "发布时间", "公开日期", "公开时间", "日期"),
    "doc_no": ("发文字号", "发文文号", "文号"),
    "title": ("文件名称", "标题", "名称"),
}
META_DATE_NAMES = ("pubdate", "firstpublishedtime", "publishdate")
META_TITLE_NAMES = ("articletitle", "og:title")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_CHROME_TOKENS = frozenset({"nav", "navbar", "menu", "footer", "foot", "header", "breadcrumb", "crumb",
                            "copyright", "yqlj", "friendlink", "position", "location", "share", "topbar"})
_CHROME_TAGS = frozenset({"nav", "header", "footer"})
_CONTENT_MARKERS = re.compile(r"trs_editor|trs_paper|\bzoom\b|article[_-]?con|pages?[_-]content|\bzw\b|zhengwen|"
                              r"con[_-]?text|art[_-]?con|detail[_-]?content|view[_-]?content|xxgk[_-]?content",
                              re.I)
_NAME = re.compile(r"《([^《》\n]{1," + str(MAX_NAME_CHARS) + r"})》")
_DOC_NO = re.compile(
    r"([\u4e00-\u9fff]{1,16})\s?[〔\[【(（﹝［]\s?((?:19|20)\d{2})\s?[〕\]】)）﹞］]\s?(\d{1,5})\s?号"
)
_DOC_NO_STOP = re.compile(r".*[的据照按和及与号见于是为在将把对经由自以即了等到]")
# Words that come before a 文号 in a sentence ("近日，西山市印发西政规〔2025〕18号"): the number's
# prefix starts after the last of them.
_DOC_NO_VERBS = re.compile(r".*(?:根据|按照|依据|依照|参照|贯彻|落实|转发|印发|下发|出台|制定|执行|结合|对照|关于|附件|详见|解读|学习)")
_RELATED_LABELS = re.compile(r"相关文件|原文链接|政策原文|文件原文|相关政策|相关链接|相关解读|政策解读|原文")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_BLANK_VALUES = frozenset({"无", "空", "-", "—", "——", "/", "暂无", "null", "none"})


@dataclass(frozen=True)
class DetailFacts:
    title: str | None
    published_date: date | None
    written_date: date | None
    doc_no: str | None
    publisher: str | None
    index_no: str | None
    date_source: str | None  # "detail_table" (label:value block) | "detail_meta" (<meta>) | None
    cited_urls: list[str] = field(default_factory=list)
    cited_names: list[str] = field(default_factory=list)
    cited_doc_nos: list[str] = field(default_factory=list)
    text_chars: int = 0


# --- the page as cells of text -------------------------------------------------------------------


def linear_text(root: lxml.etree._Element) -> str:
    """Visible text with a newline at every block or cell boundary, spaces collapsed."""
    return linear_texts(root, root)[0]


def linear_texts(root: lxml.etree._Element, inner: lxml.etree._Element) -> tuple[str, str]:
    """``linear_text`` of ``root`` and of ``inner``, an element inside it, from one walk of the tree
    (the page's text and its article's are both needed, and the walk is most of their cost)."""
    parts: list[str] = []
    size = 0
    start: int | None = None
    span: tuple[int, int] | None = None
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        # Inline elements get a space: "<span>单位：X</span><span>成文日期：…" are two fields.
        edge = "\n" if el.tag in _BLOCK_TAGS else " "
        if event == "start":
            if el is inner:
                start = len(parts)
            parts.append(edge)
            parts.append(el.text or "")
        else:
            parts.append(edge)
            parts.append(el.tail or "")
            if el is inner and start is not None:
                span = (start, len(parts))
            size += len(el.text or "") + len(el.tail or "")
            if size > MAX_LINEAR_CHARS:
                break
    whole = _collapse("".join(parts))
    if span is None:  # the walk stopped at the size bound before reaching inner's end
        return whole, (linear_text(inner) if inner is not root else whole)
    return whole, _collapse("".join(parts[span[0] : span[1]]))


def _collapse(text: str) -> str:
    text = re.sub(r"[ \t\r\f\v\u3000\u00a0\u200b\ufeff]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _label_pattern(labels: tuple[str, ...]) -> str:
    return "|".join(r"\s?".join(map(re.escape, label)) for label in sorted(labels, key=len, reverse=True))


_ALL_LABELS = _label_pattern(tuple(label for labels in LABELS.values() for label in labels))
# Another label (known, or any short word before a colon) ends a value.
_VALUE_END = re.compile(r"\n|(?:" + _ALL_LABELS + r")\s?[:：]|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,6}\s?[:：]")
_LABEL_AT = {
    key: re.compile(r"(?<![\u4e00-\u9fff])(?:" + _label_pattern(labels) + r")\s?(?:[:：]\s?\n?|\n)")
    for key, labels in LABELS.items()
}


def _label_values(text: str, key: str) -> list[tuple[str, str]]:
    """(label, value) for every occurrence of the fact's labels, in page order of label priority."""
    found: list[tuple[int, int, str, str]] = []
    for count, m in enumerate(_LABEL_AT[key].finditer(text)):
        if count >= MAX_LABEL_OCCURRENCES:
            break
        label = re.sub(r"\s|[:：]", "", m[0])
        rest = text[m.end() : m.end() + MAX_VALUE_CHARS * 2]
        end = _VALUE_END.search(rest)
        value = normalize_space(rest[: end.start()] if end else rest)[:MAX_VALUE_CHARS]
        value = _CJK_GAP.sub("", value)  # inline tags inside a value were spaced apart above
        priority = LABELS[key].index(label) if label in LABELS[key] else len(LABELS[key])
        found.append((priority, m.start(), label, value))
    return [(label, value) for _, _, label, value in sorted(found)]


def _first_value(text: str, key: str) -> str | None:
    for _, value in _label_values(text, key):
        value = value.strip(" |｜,，;；")
        if value and value.lower() not in _BLANK_VALUES:
            return value
    return None


def _first_date(text: str, key: str) -> date | None:
    for _, value in _label_values(text, key):
        day = parse_date(value[:40])
        if day:
            return day
    return None


# --- the article body ----------------------------------------------------------------------------


def _is_chrome(el: lxml.etree._Element) -> bool:
    return inside_chrome(el, _CHROME_TAGS, _CHROME_TOKENS, max_depth=10)


def content_element(root: lxml.etree._Element) -> lxml.etree._Element:
    """The element holding the article text: a known CMS content container, else the element
    whose paragraphs hold the most text."""
    marked = [
        el for el in root.iter("div", "td", "article", "section")
        if _CONTENT_MARKERS.search(f"{el.get('class', '')} {el.get('id', '')}"[:300]) and not _is_chrome(el)
    ]
    marked = [el for el in marked if len(element_text(el)) >= MIN_CONTENT_CHARS]
    if marked:
        # The innermost marked container that still holds most of the marked text.
        largest = max(len(element_text(el)) for el in marked)
        fitting = [el for el in marked if len(element_text(el)) >= 0.7 * largest]
        return min(fitting, key=lambda el: sum(1 for _ in el.iter()))
    scores: dict[lxml.etree._Element, float] = {}
    for paragraph in root.iter("p", "br"):
        block = paragraph if paragraph.tag == "p" else paragraph.getparent()
        if block is None:
            continue
        length = len(element_text(block)) if paragraph.tag == "p" else len(normalize_space(paragraph.tail))
        parent = block.getparent() if paragraph.tag == "p" else block
        if parent is None or _is_chrome(parent):
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    if scores:
        return max(scores, key=lambda el: scores[el])
    body = root.find("body")
    return body if body is not None else root


def _related_anchors(root: lxml.etree._Element) -> list[lxml.etree._Element]:
    """Anchors introduced by 相关文件/原文链接/相关解读 … ("相关文件：<a>…</a>"), or that say 原文
    themselves; a menu entry that merely reads 政策解读 is not one."""
    found: list[lxml.etree._Element] = []
    parent_texts: dict[lxml.etree._Element, str] = {}
    for anchor in root.iter("a"):
        parent = anchor.getparent()
        if parent is None or _is_chrome(anchor):
            continue
        if parent not in parent_texts:
            parent_texts[parent] = element_text(parent)[:300]
        own = element_text(anchor)[:100]
        context = parent_texts[parent].replace(own, " ", 1) if own else parent_texts[parent]
        if _RELATED_LABELS.search(context) or "原文" in own:
            found.append(anchor)
    return found


def _cited_urls(root: lxml.etree._Element, content: lxml.etree._Element, base: str, page_url: str) -> list[str]:
    """Links in the article text, plus "相关文件/原文链接" links next to it (never nav or footer)."""
    urls: list[str] = []
    here = page_url.split("#", 1)[0]
    in_content = [a for a in content.iter("a") if not _is_chrome(a)]
    for anchor in [*in_content, *_related_anchors(root)]:
        url = absolute_url(base, anchor.get("href"))
        if url and url != here and url not in urls and not is_pager_text(element_text(anchor)):
            urls.append(url)
        if len(urls) >= MAX_CITED:
            break
    return urls


def _ordered_unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))[:MAX_CITED]


def normalize_doc_no(text: str) -> str:
    """青政办发[2025]12号 / 【2025】 / (2025) → 青政办发〔2025〕12号; spaces removed."""
    text = re.sub(r"\s", "", text)
    return re.sub(r"[\[【(（﹝［]((?:19|20)\d{2})[\]】)）﹞］]", r"〔\1〕", text)


def cited_doc_nos(text: str) -> list[str]:
    """Document numbers cited in a text, normalised, in order."""
    found: list[str] = []
    for m in _DOC_NO.finditer(text[:MAX_LINEAR_CHARS]):
        prefix = _DOC_NO_STOP.sub("", m[1])
        prefix = _DOC_NO_VERBS.sub("", prefix)
        if len(prefix) >= 2:
            found.append(f"{prefix}〔{m[2]}〕{int(m[3])}号")
    return _ordered_unique(found)


def cited_names(*texts: str) -> list[str]:
    return _ordered_unique([normalize_space(m[1]) for text in texts for m in _NAME.finditer(text[:MAX_LINEAR_CHARS])])


# --- the title and the dates ---------------------------------------------------------------------


def _meta(root: lxml.etree._Element, names: tuple[str, ...]) -> str | None:
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in names:
            content = normalize_space(meta.get("content"))
            if content:
                return content
    return None


def _heading_candidates(root: lxml.etree._Element) -> list[str]:
    """Texts that may be the article's title, most likely first: h1, then elements whose class
    says title (class="title", "bt", "article-title"), then h2/h3; never in nav, header or a logo."""
    ranked: list[tuple[int, int, str]] = []
    for order, el in enumerate(root.iter("h1", "h2", "h3", "div", "p", "td", "span", "strong")):
        tokens = class_tokens(el)
        rank = {"h1": 0, "h2": 2, "h3": 3}.get(el.tag, 1 if tokens & _TITLE_TOKENS else None)
        if rank is None or tokens & {"logo"} or _is_chrome(el):
            continue
        text = element_text(el)
        if MIN_TITLE_CHARS <= len(text) <= 300:
            ranked.append((rank, order, text))
    return [text for _, _, text in sorted(ranked)]


def _page_title(root: lxml.etree._Element, linear: str) -> str | None:
    """<meta name="ArticleTitle">, a 标题/名称 field, the heading the <title> confirms, the best
    heading, or the first part of <title> ("标题_栏目_站点")."""
    title = _meta(root, META_TITLE_NAMES) or _first_value(linear, "title")
    if title:
        return title[:500]
    head_title = root.find(".//title")
    head = re.split(r"\s*[_|｜]\s*|\s+-\s+", element_text(head_title))[0] if head_title is not None else ""
    candidates = _heading_candidates(root)
    confirmed = next((c for c in candidates if head and (c == head or c.startswith(head) or head.startswith(c))), None)
    title = confirmed or (candidates[0] if candidates else head)
    return title[:500] if title else None


def parse_detail(body: str, url: str, parsed: ParsedPage | None = None) -> DetailFacts:
    """The facts of one detail page (body already decoded; `url` is its final URL; `parsed`, the
    page already parsed by ``parse_page``, if the caller has it)."""
    root = parsed.root if parsed is not None else parse_html(body)
    base = document_base(body, url)
    body_element = root.find("body")
    page_element = body_element if body_element is not None else root
    content = content_element(root)
    linear, content_text = linear_texts(page_element, content)

    published = _first_date(linear, "published")
    date_source = "detail_table" if published else None
    if published is None:
        meta_date = _meta(root, META_DATE_NAMES)
        # TRS writes firstpublishedtime as 2025-06-18-17:05:00: the day is the first ten characters.
        day_part = re.match(r"\d{4}-\d{1,2}-\d{1,2}", meta_date or "")
        published = parse_date(day_part[0] if day_part else (meta_date or "")[:40])
        date_source = "detail_meta" if published else None

    doc_no = _first_value(linear, "doc_no")
    doc_no = normalize_doc_no(doc_no)[:60] if doc_no else None
    index_no = _first_value(linear, "index_no")
    index_no = index_no.split(" ")[0][:80] if index_no else None
    publisher = _first_value(linear, "publisher")

    title = _page_title(root, linear)
    own_doc_nos = {doc_no} if doc_no else set()
    return DetailFacts(
        title=title,
        published_date=published,
        written_date=_first_date(linear, "written"),
        doc_no=doc_no,
        publisher=publisher[:80] if publisher else None,
        index_no=index_no,
        date_source=date_source,
        cited_urls=_cited_urls(root, content, base, url),
        cited_names=cited_names(title or "", content_text),
        cited_doc_nos=[d for d in cited_doc_nos(content_text) if d not in own_doc_nos],
        text_chars=len(re.sub(r"\s", "", content_text)),
    )
