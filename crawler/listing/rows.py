"""Turning one row element of a list (li, tr, dd, div, …) into a ListRow.

A row has one main link with real text; its date sits beside the link (span, em, b, td) or inside
it (<a>标题<i>2025-03-11</i></a>), and must never end up in the title.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import lxml.etree

from crawler.dates import DateMatch, find_dates, resolve_year, year_month_from_url
from crawler.listing.html import (
    MAX_TITLE_CHARS,
    absolute_url,
    class_tokens,
    host_of,
    normalize_space,
)
from crawler.listing.model import ListRow

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".wps", ".zip", ".rar", ".et")
PAGER_TEXTS = frozenset(
    "首页 上一页 下一页 尾页 末页 上页 下页 前页 后页 最后一页 第一页 跳转 go 确定 更多 more 更多>> >> << > < » « ‹ ›"
    " 上一篇 下一篇 返回 返回顶部 打印 关闭 关闭窗口 收藏 分享 english 无障碍 登录 注册".split()
)
# A row with more distinct links than this is a menu or a box of links, not one posting.
MAX_LINKS_PER_ROW = 4
# Links with at least this much text are titles: a row holds one posting, so one such link
# (a second one with the same URL, e.g. an image link, is fine).
TITLE_LIKE_CHARS = 8
MIN_TITLE_CHARS = 2

_ELLIPSIS = re.compile(r"(?:…+|\.{3,}|。{3,})\s*$")
_PINNED_MARK = re.compile(r"^\s*置顶\s*|[\[【(（]\s*置顶\s*[\]】)）]")
_LEADING_BULLETS = re.compile(r"^[·•●○■□◆◇▪▫►▶>\-\s]+")
_BRACKETED_DATE_EDGE = re.compile(r"^[\s\[【(（]+|[\s\]】)）]+$")
# Link texts that say "open it" rather than name the posting; the row's heading names it.
GENERIC_LINK_TEXTS = frozenset({"详情", "详细", "查看详情", "阅读全文", "查看全文", "全文", "more", "详细信息", "点击查看"})
_PINNED_CLASSES = frozenset({"top", "zd", "zhiding", "istop", "settop", "ding", "pinned", "sticky"})
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
# Cheap tests before looking for dates: a date that opens a title starts with a digit right after
# brackets; one that closes it ends with a digit, 日 or 号 before brackets (a time also ends in a digit).
_MAY_OPEN_WITH_DATE = re.compile(r"[\s\[【(（\]】)）]*\d")
_MAY_CLOSE_WITH_DATE = re.compile(r"[\d日号][\s\[【(（\]】)）]*$")


def link_targets(row: lxml.etree._Element, base: str) -> list[tuple[lxml.etree._Element, str]]:
    anchors = [row] if row.tag == "a" else list(row.iter("a"))
    targets: list[tuple[lxml.etree._Element, str]] = []
    for anchor in anchors:
        url = absolute_url(base, anchor.get("href"))
        if url:
            targets.append((anchor, url))
    return targets


def _is_date_text(text: str) -> DateMatch | None:
    """The date when `text` holds nothing but one date token (brackets and a time allowed)."""
    stripped = _BRACKETED_DATE_EDGE.sub("", text)
    if not stripped or len(stripped) > 40:
        return None
    matches = find_dates(stripped)
    if len(matches) != 1 or matches[0].start != 0:
        return None
    rest = stripped[matches[0].end :].strip()
    return matches[0] if not rest or _TIME.fullmatch(rest) else None


def _anchor_parts(anchor: lxml.etree._Element) -> tuple[str, list[DateMatch]]:
    """The anchor's visible text with date-only child elements taken out, and those dates."""
    pieces: list[str] = [anchor.text or ""]
    dates: list[DateMatch] = []
    for child in anchor:
        if not isinstance(child.tag, str):
            pieces.append(child.tail or "")
            continue
        child_text = normalize_space("".join(child.itertext()))
        match = _is_date_text(child_text) if child_text else None
        if match:
            dates.append(match)
        else:
            pieces.append("".join(child.itertext()))
        pieces.append(child.tail or "")
    return normalize_space(" ".join(pieces)), dates


def _split_trailing_date(text: str) -> tuple[str, DateMatch | None]:
    """'标题 2025-03-11' → ('标题', match). A date inside a title stays, and so does a text that is
    only a date; a year-less date must be set apart ('标题 [12-30]', not '会议于3月11日')."""
    if not _MAY_CLOSE_WITH_DATE.search(text):
        return text, None
    offset = max(len(text) - 60, 0)
    matches = find_dates(text[offset:])
    if not matches:
        return text, None
    last = matches[-1]
    start = offset + last.start
    tail = _BRACKETED_DATE_EDGE.sub("", text[offset + last.end :])
    if tail and not _TIME.fullmatch(tail):
        return text, None
    if last.date is None and start > 0 and not re.match(r"[\s\[【]", text[start - 1]):
        return text, None
    head = normalize_space(re.sub(r"[\s\[【(（]+$", "", text[:start]))
    if not head:
        return text, None
    return head, last


def _split_leading_date(text: str) -> tuple[str, DateMatch | None]:
    """'[03-11] 标题' or '2025-03-11 标题' → ('标题', match). Dates written in words open many
    news titles ('3月11日，市长…') and stay."""
    if not _MAY_OPEN_WITH_DATE.match(text):
        return text, None
    matches = find_dates(text[:40])
    if not matches or not matches[0].raw[:1].isdigit() or "月" in matches[0].raw:
        return text, None
    first = matches[0]
    if _BRACKETED_DATE_EDGE.sub("", text[: first.start]):
        return text, None
    rest = re.sub(r"^[\s\]】)）|｜:：·•\-]+", "", text[first.end :])
    rest = re.sub(r"^\d{1,2}:\d{2}(?::\d{2})?\s*", "", rest)
    if not rest:
        return text, None
    return rest, first


def _texts_outside(row: lxml.etree._Element, anchor: lxml.etree._Element) -> list[str]:
    """Text of the row in document order, skipping the anchor's own subtree (not its tail)."""
    if row is anchor:
        return []
    texts: list[str] = []
    walker = lxml.etree.iterwalk(row, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            if el is anchor:
                walker.skip_subtree()
            elif isinstance(el.tag, str):
                texts.append(el.text or "")
        elif el is not row:
            texts.append(el.tail or "")
    return texts


def _choose_date(outside: list[DateMatch], inside: list[DateMatch]) -> DateMatch | None:
    """A full date beats a year-less one; beside the link beats inside it; the last one wins
    (lists put 发布日期 after 成文日期)."""
    for group in (outside, inside):
        full = [m for m in group if m.date is not None]
        if full:
            return full[-1]
    for group in (outside, inside):
        partial = [m for m in group if m.month_day is not None]
        if partial:
            return partial[-1]
    return None


def _clean_title(text: str) -> str:
    text = _PINNED_MARK.sub(" ", text) if "置顶" in text else text  # the marker, not a title word
    text = _LEADING_BULLETS.sub("", normalize_space(text))
    return text[:MAX_TITLE_CHARS]


def _title_from_attribute(anchor: lxml.etree._Element, shown: str) -> str | None:
    """The anchor's title= when it is the full form of the shown text (not '点击查看' or a tooltip)."""
    attr = _clean_title(anchor.get("title") or "")
    if not attr:
        return None
    attr, _ = _split_trailing_date(attr)
    shown_head = _ELLIPSIS.sub("", shown)
    if not shown_head:
        return attr
    prefix = shown_head[: min(len(shown_head), 6)]
    if attr.startswith(prefix) or shown_head in attr:
        return attr
    return None


def _is_generic_link_text(text: str) -> bool:
    return _BRACKETED_DATE_EDGE.sub("", text).strip("[]【】>》»").lower() in GENERIC_LINK_TEXTS


def is_pager_text(text: str) -> bool:
    text = normalize_space(text).lower()
    return text in PAGER_TEXTS or bool(_PAGE_NUMBER.match(text)) or text.startswith(("第", "共")) and text.endswith("页")


def is_pinned(row: lxml.etree._Element, outside_text: str, anchor_text: str) -> bool:
    if "置顶" in outside_text or re.match(r"^\s*[\[【(（]\s*置顶", anchor_text):
        return True
    for el in row.iter():
        if not isinstance(el.tag, str):
            continue
        if el is row or el.tag in ("span", "i", "em", "b", "img", "font", "label"):
            if class_tokens(el) & _PINNED_CLASSES:
                return True
            if el.tag == "img" and _is_pin_image(el):
                return True
    return False


def _is_pin_image(img: lxml.etree._Element) -> bool:
    """<img alt="置顶"> or an icon named like /images/top.gif, zhiding.png."""
    if "置顶" in img.get("alt", "") + img.get("title", ""):
        return True
    name = (img.get("src") or "").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return bool(set(re.split(r"[\W_\-]+", name)) & _PINNED_CLASSES)


def is_attachment(url: str) -> bool:
    """A document file by its path, or a download script naming one (downfile.jsp?filename=a.pdf)."""
    if "?" not in url and "#" not in url:  # no query to name a file: the path is all there is
        scheme_end = url.find("//")
        path_start = url.find("/", scheme_end + 2) if scheme_end >= 0 else -1
        return path_start >= 0 and url[path_start:].lower().endswith(ATTACHMENT_EXTENSIONS)
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.path.lower().endswith(ATTACHMENT_EXTENSIONS):
        return True
    return any(value.lower().endswith(ATTACHMENT_EXTENSIONS) for _, value in parse_qsl(parts.query[:1000]))


def _main_link(
    targets: list[tuple[lxml.etree._Element, str]],
) -> tuple[lxml.etree._Element, str, str, list[DateMatch], str | None] | None:
    """The link with the longest real text: (anchor, url, shown text, dates inside, title attr)."""
    best = None
    best_length = 0
    for anchor, url in targets:
        shown, inner_dates = _anchor_parts(anchor)
        shown, trailing = _split_trailing_date(shown)
        shown, leading = _split_leading_date(shown)
        inner_dates += [m for m in (leading, trailing) if m]
        shown = _clean_title(shown)
        full = _title_from_attribute(anchor, shown)
        length = len(full or shown)
        if is_pager_text(shown) and not full:
            continue
        if length > best_length:
            best, best_length = (anchor, url, shown, inner_dates, full), length
    return best


def build_row(row: lxml.etree._Element, page_url: str, base: str) -> ListRow | None:
    """The posting a row element holds, or None when it is not one (no link, menu, pager)."""
    raw_hrefs = {a.get("href") for a in ([row] if row.tag == "a" else row.iter("a")) if a.get("href")}
    if not raw_hrefs or len(raw_hrefs) > MAX_LINKS_PER_ROW:
        return None
    targets = link_targets(row, base)
    if not targets or len({url for _, url in targets}) > MAX_LINKS_PER_ROW:
        return None
    title_like = {url for anchor, url in targets if len(normalize_space("".join(anchor.itertext()))) >= TITLE_LIKE_CHARS}
    if len(title_like) > 1:
        return None
    chosen = _main_link(targets)
    if chosen is None:
        return None
    anchor, url, shown, inner_dates, full_title = chosen
    title = full_title or shown
    if _is_generic_link_text(title):
        heading = next((h for h in row.iter("h1", "h2", "h3", "h4", "h5", "strong") if normalize_space("".join(h.itertext()))), None)
        if heading is None:
            return None
        title, _ = _split_trailing_date(_clean_title("".join(heading.itertext())))
    if len(title) < MIN_TITLE_CHARS or is_pager_text(title):
        return None
    outside_text = normalize_space(" ".join(_texts_outside(row, anchor)))
    picked = _choose_date(find_dates(outside_text), inner_dates)
    return make_row(
        url,
        page_url,
        title=title,
        title_truncated=full_title is None and bool(_ELLIPSIS.search(shown)),
        picked=picked,
        pinned=is_pinned(row, outside_text, "".join(anchor.itertext())[:200]),
    )


def make_row(
    url: str,
    page_url: str,
    *,
    title: str,
    title_truncated: bool,
    picked: DateMatch | None,
    pinned: bool,
    extra: dict[str, str] | None = None,
) -> ListRow:
    """A ListRow with the flags that follow from the URLs; a year-less date takes the year the
    row's URL gives (/2025/12/, t20251230_…), else stays a month_day for the detail page to settle."""
    day = picked.date if picked else None
    month_day = picked.month_day if picked else None
    if day is None and month_day is not None:
        url_year_month = year_month_from_url(url)
        if url_year_month:
            day = resolve_year(*month_day, url_year_month=url_year_month)
    return ListRow(
        url=url,
        title=title,
        title_truncated=title_truncated,
        date=day,
        month_day=month_day,
        date_raw=picked.raw if picked else None,
        pinned=pinned,
        external=host_of(url) != host_of(page_url),
        attachment=is_attachment(url),
        extra=extra or {},
    )

