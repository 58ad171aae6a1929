"""The repeated block of postings on any list page, found without per-site selectors.

Candidates are groups of sibling elements with the same tag (li, tr, dd, div, p, dl, a …) under
one parent, each holding one main link with real text. The group with the best score wins (rows
with dates count most, then title length), together with its look-alike sibling groups (one list
split over several <ul>). Navigation, headers and footers are never candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

from crawler.listing.html import class_tokens, inside_chrome
from crawler.listing.model import ListRow
from crawler.listing.rows import build_row

MAX_ROWS_PER_PAGE = 500
MAX_ELEMENTS_SCANNED = 40_000
# "table" and "ul": old sites give every posting a table (or a list) of its own.
ROW_TAGS = frozenset(
    {"li", "tr", "dd", "dt", "div", "p", "dl", "a", "article", "section", "span", "h3", "h4", "table", "ul"}
)
_CHROME_TOKENS = frozenset(
    {"nav", "navbar", "menu", "submenu", "footer", "foot", "header", "breadcrumb", "crumb", "copyright",
     "yqlj", "friendlink", "topbar", "pager", "pagination", "fenye",
     # side boxes of other postings (相关信息, 排行, 推荐) are not the column's list
     "sidebar", "aside", "related", "recommend", "ranking", "rank", "phb", "xgxx", "xgwz", "tuijian"}
)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
_INLINE_ROW_TAGS = frozenset({"a", "span"})
# An undated group must look like titles, not like a menu (短 labels such as 首页 / 机构概况).
MIN_MEAN_TITLE_UNDATED = 8
MIN_ROWS_UNDATED = 2


@dataclass
class Block:
    parent: lxml.etree._Element
    tag: str
    rows: list[ListRow]
    score: float

    def signature(self) -> tuple[object, str, str, str]:
        grandparent = self.parent.getparent()
        return (grandparent, self.parent.tag, self.parent.get("class", ""), self.tag)


def _is_chrome(el: lxml.etree._Element) -> bool:
    """Inside a nav bar, header, footer, breadcrumb or pager (checked on up to 8 ancestors)."""
    return inside_chrome(el, _CHROME_TAGS, _CHROME_TOKENS, max_depth=8)


def text_outside_chrome(root: lxml.etree._Element) -> str:
    """The page's text without navigation, header, footer and pager (for notices like 暂无信息,
    which a sidebar widget may show while the main list says nothing)."""
    texts: list[str] = []
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if el.tag in _CHROME_TAGS or class_tokens(el) & _CHROME_TOKENS:
                walker.skip_subtree()
                continue
            texts.append(el.text or "")
        elif el is not root:
            texts.append(el.tail or "")
    return "".join(texts)


def _score(rows: list[ListRow]) -> float:
    dated = sum(1 for r in rows if r.date or r.month_day)
    mean_title = sum(min(len(r.title), 40) for r in rows) / len(rows)
    if dated == 0 and (len(rows) < MIN_ROWS_UNDATED or mean_title < MIN_MEAN_TITLE_UNDATED):
        return 0.0
    if dated and dated * 2 < len(rows) and mean_title < MIN_MEAN_TITLE_UNDATED:
        return 0.0
    return dated * 3 + len(rows) + mean_title / 4 * min(len(rows), 10) / 10


def _candidate_blocks(root: lxml.etree._Element, page_url: str, base: str) -> list[Block]:
    blocks: list[Block] = []
    scanned = 0
    for parent in root.iter():
        scanned += 1
        if scanned > MAX_ELEMENTS_SCANNED:
            break
        if not isinstance(parent.tag, str) or len(parent) == 0:
            continue
        groups: dict[str, list[lxml.etree._Element]] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag in ROW_TAGS:
                groups.setdefault(child.tag, []).append(child)
        # A lone link or span: the parent is a row of its own parent's group already.
        groups = {tag: children for tag, children in groups.items()
                  if len(children) > 1 or tag not in _INLINE_ROW_TAGS}
        if not groups or _is_chrome(parent):
            continue
        for tag, children in groups.items():
            rows: list[ListRow] = []
            seen: set[str] = set()
            for child in children[: MAX_ROWS_PER_PAGE * 2]:
                if child.find(".//a") is None and child.tag != "a" or class_tokens(child) & _CHROME_TOKENS:
                    continue
                row = build_row(child, page_url, base)
                if row and row.url not in seen:
                    seen.add(row.url)
                    rows.append(row)
            if rows:
                score = _score(rows)
                if score > 0:
                    blocks.append(Block(parent, tag, rows, score))
    return blocks


def find_rows(root: lxml.etree._Element, page_url: str, base: str) -> list[ListRow]:
    """The postings of the page's main list, in page order (at most MAX_ROWS_PER_PAGE)."""
    blocks = _candidate_blocks(root, page_url, base)
    if not blocks:
        return []
    best = max(blocks, key=lambda b: b.score)
    signature = best.signature()
    rows: list[ListRow] = []
    seen: set[str] = set()
    for block in blocks:  # document order
        if block is not best and block.signature() != signature:
            continue
        for row in block.rows:
            if row.url not in seen:
                seen.add(row.url)
                rows.append(row)
    return rows[:MAX_ROWS_PER_PAGE]
