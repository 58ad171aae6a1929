"""Lists laid out as a table with a header row (序号 | 标题 | 文号 | 发布日期 …).

The header names the columns, so the 文号 and 索引号 go to `extra` and the right date column is
used (发布日期 before 成文日期).
"""

from __future__ import annotations

import lxml.etree

from crawler.dates import DateMatch, find_dates
from crawler.listing.generic import MAX_ROWS_PER_PAGE
from crawler.listing.html import element_text
from crawler.listing.model import ListRow
from crawler.listing.rows import build_row, make_row

TITLE_HEADERS = ("标题", "名称", "文件名称", "主题", "事项")
EXTRA_HEADERS = {
    "doc_no": ("文号", "发文字号", "发文文号", "文件编号"),
    "index_no": ("索引号",),
    "publisher": ("发布机构", "发文机关", "发布单位", "来源", "发文单位"),
}
# Most wanted first: the published date is the posting's date.
DATE_HEADERS = (("发布日期", "发布时间", "公开日期", "公开时间", "发文日期", "日期", "时间"), ("成文日期", "成文时间"))
MAX_HEADER_CHARS = 20
# Cells that say "none": not a value.
BLANK_VALUES = frozenset({"无", "空", "-", "—", "——", "/", "暂无", "null", "none"})


def _cells(row: lxml.etree._Element) -> list[lxml.etree._Element]:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _header_map(header: list[str]) -> dict[str, int] | None:
    """Column indexes by role ('title', 'date', 'doc_no', …), or None if this is not a header."""
    if not header or any(len(h) > MAX_HEADER_CHARS for h in header):
        return None
    roles: dict[str, int] = {}
    for index, label in enumerate(header):
        if "title" not in roles and any(word in label for word in TITLE_HEADERS):
            roles["title"] = index
    for rank, words in enumerate(DATE_HEADERS):
        for index, label in enumerate(header):
            written = "成文" in label
            if f"date{rank}" not in roles and any(word in label for word in words) and written == (rank == 1):
                roles[f"date{rank}"] = index
    for key, words in EXTRA_HEADERS.items():
        for index, label in enumerate(header):
            if key not in roles and any(word in label for word in words) and index not in roles.values():
                roles[key] = index
    return roles if "title" in roles and len(roles) >= 2 else None


def _date_in(cell: lxml.etree._Element | None) -> DateMatch | None:
    if cell is None:
        return None
    matches = find_dates(element_text(cell)[:100])
    return matches[0] if matches else None


def _table_rows(table: lxml.etree._Element, page_url: str, base: str) -> list[ListRow] | None:
    trs = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    header_at, roles = next(
        ((i, r) for i, tr in enumerate(trs[:3]) if (r := _header_map([element_text(c) for c in _cells(tr)]))),
        (0, None),
    )
    if roles is None:
        return None
    rows: list[ListRow] = []
    seen: set[str] = set()
    for tr in trs[header_at + 1 : header_at + 1 + MAX_ROWS_PER_PAGE]:
        cells = _cells(tr)
        if len(cells) <= roles["title"]:
            continue
        title_row = build_row(cells[roles["title"]], page_url, base)
        if title_row is None or title_row.url in seen:
            continue
        seen.add(title_row.url)

        def cell(role: str, cells: list[lxml.etree._Element] = cells) -> lxml.etree._Element | None:
            index = roles.get(role)
            return cells[index] if index is not None and index < len(cells) else None

        picked = _date_in(cell("date0")) or _date_in(cell("date1"))
        extra = {key: element_text(c)[:100] for key in EXTRA_HEADERS if (c := cell(key)) is not None}
        rows.append(
            make_row(
                title_row.url,
                page_url,
                title=title_row.title,
                title_truncated=title_row.title_truncated,
                picked=picked,
                pinned=title_row.pinned or "置顶" in element_text(tr)[:50],
                extra={k: v for k, v in extra.items() if v and v.lower() not in BLANK_VALUES},
            )
        )
    return rows


def find_table_rows(root: lxml.etree._Element, page_url: str, base: str) -> list[ListRow] | None:
    """Rows of the largest headed table of postings, or None when the page has none."""
    best: list[ListRow] | None = None
    for table in root.iter("table"):
        rows = _table_rows(table, page_url, base)
        if rows and (best is None or len(rows) > len(best)):
            best = rows
    return best
