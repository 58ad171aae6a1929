"""Hanweb (大汉) lists: records inside `<script type="text/xml"><datastore>`, the rest by POST.

The page embeds the first perPage × groupSize records as CDATA. Later groups come from
`POST {proxyUrl}?startrecord=46&endrecord=90&perpage=15` (1-based, inclusive) with the jpage
ajaxParam fields (or, on older sites, the fields of the <nextgroup> link) as form data. The
dataproxy answer is the same XML: `<datastore><totalrecord>…<recordset><record>…`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from crawler.listing.generic import MAX_ROWS_PER_PAGE
from crawler.listing.html import MAX_BODY_CHARS, document_base, parse_fragment
from crawler.listing.model import ListPage, ListRow, PageRequest
from crawler.listing.notices import has_empty_notice
from crawler.listing.rows import build_row

DEFAULT_PROXY_URL = "/module/web/jpage/dataproxy.jsp"
DEFAULT_GROUP_SIZE = 3
DEFAULT_PER_PAGE = 15
MAX_GROUPS = 2000
MAX_RECORD_CHARS = 20_000

MAX_RECORDS = 2000
_HREF = re.compile(r"""href\s*=\s*["']([^"']{1,2000})["']""", re.I)
_TAG_NUMBER = {
    "totalrecord": re.compile(r"<totalrecord>\s*(\d{1,9})\s*</totalrecord>", re.I),
    "totalpage": re.compile(r"<totalpage>\s*(\d{1,7})\s*</totalpage>", re.I),
}
_JPAGE_CALL = re.compile(r"\.jpage\s*\(\s*\{")
_CONFIG_NUMBER = re.compile(r"""["']?\b(totalRecord|perPage|groupSize|totalPage)\b["']?\s*:\s*["']?(\d{1,9})""")
_CONFIG_PROXY = re.compile(r"""["']?\bproxyUrl\b["']?\s*:\s*["']([^"']{1,500})["']""")
_CONFIG_AJAX = re.compile(r"""["']?\bajaxParam\b["']?\s*:\s*\{([^{}]{0,3000})\}""")
_CONFIG_PAIR = re.compile(r"""["']?([A-Za-z_]\w{0,40})["']?\s*:\s*(?:'([^']{0,300})'|"([^"]{0,300})"|([^,\s{}'"]{1,100}))""")
_NEXTGROUP_IGNORED = frozenset({"page", "startrecord", "endrecord", "perpage"})


@dataclass(frozen=True)
class JpageConfig:
    total_record: int | None
    per_page: int
    group_size: int
    proxy_url: str
    fields: tuple[tuple[str, str], ...]


def _elements(text: str, tag: str, limit: int) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each <tag>…</tag>, found with str.find: linear in the text even
    when closing tags are missing (a lazy regex would rescan to the end from every opening)."""
    lowered = text.lower()
    opening, closing = f"<{tag}>", f"</{tag}>"
    found: list[tuple[int, int, str]] = []
    position = 0
    while len(found) < limit:
        start = lowered.find(opening, position)
        if start < 0:
            break
        end = lowered.find(closing, start)
        if end < 0:
            break
        found.append((start, end + len(closing), text[start + len(opening) : end]))
        position = end + len(closing)
    return found


def _unwrap_cdata(inner: str) -> str:
    inner = inner.strip()
    if inner.startswith("<![CDATA[") and inner.endswith("]]>"):
        return inner[len("<![CDATA[") : -len("]]>")]
    return inner


def _records(xml: str) -> list[str]:
    return [_unwrap_cdata(inner)[:MAX_RECORD_CHARS] for _, _, inner in _elements(xml, "record", MAX_RECORDS)]


def _rows_from_records(records: list[str], url: str, base: str) -> list[ListRow]:
    rows: list[ListRow] = []
    seen: set[str] = set()
    for record in records[:MAX_ROWS_PER_PAGE]:
        if not record.strip():
            continue
        row = build_row(parse_fragment(record), url, base)
        if row and row.url not in seen:
            seen.add(row.url)
            rows.append(row)
    return rows


def _nextgroup_link(xml: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The proxy path and the form fields named by the <nextgroup> link, if there is one."""
    groups = _elements(xml, "nextgroup", 1)
    href = _HREF.search(_unwrap_cdata(groups[0][2])[:5000]) if groups else None
    if not href:
        return None, []
    parts = urlsplit(href[1].replace("&amp;", "&"))
    fields = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _NEXTGROUP_IGNORED]
    return parts.path or None, fields


def _jpage_config(body: str, after: int, nextgroup: tuple[str | None, list[tuple[str, str]]]) -> JpageConfig:
    """The jpage({...}) settings following the datastore (or anywhere), merged over <nextgroup>."""
    calls = list(_JPAGE_CALL.finditer(body))
    chosen = next((c for c in calls if c.start() >= after), calls[0] if calls else None)
    text = body[chosen.end() : chosen.end() + 5000] if chosen else ""
    numbers: dict[str, int] = {}
    for m in _CONFIG_NUMBER.finditer(text):
        numbers.setdefault(m[1], int(m[2]))
    proxy = _CONFIG_PROXY.search(text)
    fields: dict[str, str] = {}
    ajax = _CONFIG_AJAX.search(text)
    if ajax:
        for m in _CONFIG_PAIR.finditer(ajax[1]):
            fields[m[1]] = next(v for v in (m[2], m[3], m[4]) if v is not None)
    nextgroup_path, nextgroup_fields = nextgroup
    for key, value in nextgroup_fields:  # older pages name some fields only in the <nextgroup> link
        fields.setdefault(key, value)
    return JpageConfig(
        total_record=numbers.get("totalRecord"),
        per_page=numbers.get("perPage") or DEFAULT_PER_PAGE,
        group_size=numbers.get("groupSize") or DEFAULT_GROUP_SIZE,
        # The proxy lives at /module/web/jpage/, /module/jpage/ or /module/jslib/jquery/jpage/.
        proxy_url=proxy[1] if proxy else nextgroup_path or DEFAULT_PROXY_URL,
        fields=tuple(fields.items()),
    )


def group_requests(url: str, config: JpageConfig, embedded: int) -> list[PageRequest]:
    """POST requests for every record group after the embedded one.

    Groups are perPage × groupSize records: 1–45, 46–90, …, the last ending at totalRecord.
    Without a total, one more group is asked for when the embedded group is full.
    """
    group = config.per_page * config.group_size
    if config.total_record is not None:
        total = config.total_record
    else:
        total = 2 * group if embedded >= group else 0
    proxy = urljoin(url, config.proxy_url)
    joiner = "&" if "?" in proxy else "?"
    requests: list[PageRequest] = []
    for start in range(group + 1, total + 1, group):
        if len(requests) >= MAX_GROUPS:
            break
        end = min(start + group - 1, total)
        requests.append(
            PageRequest(
                f"{proxy}{joiner}startrecord={start}&endrecord={end}&perpage={config.per_page}",
                page=(start - 1) // config.per_page + 1,
                method="POST",
                formdata=config.fields,
            )
        )
    return requests


def extract_hanweb(body: str, url: str) -> ListPage | None:
    """The Hanweb list a page embeds, or None when it has no <datastore>."""
    body = body[:MAX_BODY_CHARS]
    stores = _elements(body, "datastore", 50)
    if not stores:
        return None
    _, store_end, store = max(stores, key=lambda found: found[2].count("<record"))
    records = _records(store)
    rows = _rows_from_records(records, url, document_base(body, url))
    config = _jpage_config(body, store_end, _nextgroup_link(store))
    if config.total_record is None:
        declared = _TAG_NUMBER["totalrecord"].search(store)
        if declared:
            config = JpageConfig(int(declared[1]), config.per_page, config.group_size, config.proxy_url, config.fields)
    total_pages = math.ceil(config.total_record / config.per_page) if config.total_record is not None else None
    return ListPage(
        family="hanweb",
        rows=rows,
        pages=group_requests(url, config, len(records)),
        total_pages=total_pages,
        empty_notice=not rows and (has_empty_notice(body) or config.total_record == 0),
    )


def parse_hanweb_proxy(body: str, url: str) -> ListPage:
    """A dataproxy.jsp answer (XML). The page requests were all made from the first page."""
    body = body[:MAX_BODY_CHARS]
    rows = _rows_from_records(_records(body), url, url)
    total_page = _TAG_NUMBER["totalpage"].search(body)
    total_record = _TAG_NUMBER["totalrecord"].search(body)
    return ListPage(
        family="hanweb",
        rows=rows,
        pages=[],
        total_pages=int(total_page[1]) if total_page else None,
        empty_notice=not rows and total_record is not None and int(total_record[1]) == 0,
    )
