"""Lists served as JSON: finding the API behind an empty list shell, and reading its answer.

The answer's shape is not known in advance: the postings are the largest array of objects having
a title-like, a URL-like and (usually) a date-like key; the totals sit beside that array or above.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from w3lib.html import remove_tags, replace_entities
from w3lib.url import add_or_replace_parameter

from crawler.dates import date_from_epoch_ms, parse_datetime_text
from crawler.listing.generic import MAX_ROWS_PER_PAGE
from crawler.listing.html import MAX_TITLE_CHARS, absolute_url, host_of, normalize_space
from crawler.listing.model import ListPage, ListRow, PageRequest
from crawler.listing.pager import PAGE_PARAMETERS
from crawler.listing.rows import is_attachment

MAX_DEPTH = 8
MAX_NODES = 50_000
MAX_PAGES = 2000
DEFAULT_PAGE_PARAMETER = "pageNo"

TITLE_KEYS = ("title", "doctitle", "articletitle", "infotitle", "name", "subject", "biaoti", "wzbt", "filename")
URL_KEYS = ("url", "docurl", "linkurl", "link", "href", "htmlurl", "pageurl", "articleurl", "detailurl",
            "visiturl", "path", "wzdz")
DATE_KEYS = ("publishtime", "publishdate", "pubdate", "pubtime", "releasedate", "releasetime", "docpubtime",
             "docreltime", "fbrq", "fbsj", "issuedate", "displaytime", "showtime", "date", "time", "createtime",
             "createdate", "inputtime", "crtime", "updatetime")
EXTRA_KEYS = {
    "doc_no": ("docno", "fileno", "wh", "wenhao", "documentno", "docnumber", "fwzh"),
    "index_no": ("indexno", "syh", "indexnumber"),
    "publisher": ("publisher", "publishorg", "fbjg", "source", "orgname", "deptname"),
}
PINNED_KEYS = ("istop", "top", "zd", "settop", "sticky")
TOTAL_KEYS = ("total", "totalcount", "totalrecord", "totalrecords", "totalelements", "recordcount",
              "totalnum", "totalsize", "count")
PAGE_SIZE_KEYS = ("pagesize", "size", "perpage", "limit", "rows")
TOTAL_PAGE_KEYS = ("totalpage", "totalpages", "pages", "pagetotal", "pagecount")
_TRUE_VALUES = {"1", "true", "y", "yes", "是"}


def _walk(data: Any) -> Iterator[tuple[list[Any], list[dict[str, Any]]]]:
    """Every list in the document with the chain of objects above it (nearest last)."""
    stack: list[tuple[Any, list[dict[str, Any]], int]] = [(data, [], 0)]
    nodes = 0
    while stack and nodes < MAX_NODES:
        node, ancestors, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, dict):
            for value in node.values():
                if isinstance(value, dict | list):
                    stack.append((value, [*ancestors, node], depth + 1))
        elif isinstance(node, list):
            yield node, ancestors
            for value in node[:MAX_ROWS_PER_PAGE]:
                if isinstance(value, dict | list):
                    stack.append((value, ancestors, depth + 1))


def _pick_key(items: list[dict[str, Any]], preferred: tuple[str, ...], contains: tuple[str, ...]) -> str | None:
    keys: dict[str, str] = {}
    for item in items[:20]:
        for key in item:
            if isinstance(key, str):
                keys.setdefault(key.lower(), key)
    for wanted in preferred:
        if wanted in keys:
            return keys[wanted]
    for lower, original in keys.items():
        if any(part in lower for part in contains):
            return original
    return None


def _json_date(value: Any) -> date | None:
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return date_from_epoch_ms(value) if value > 1e8 else None
        if isinstance(value, str):
            text = value.strip()[:60]
            if text.isdigit() and len(text) in (10, 13):
                return date_from_epoch_ms(text)
            return parse_datetime_text(text)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    return None


def _find_number(objects: list[dict[str, Any]], keys: tuple[str, ...]) -> int | None:
    for obj in reversed(objects):  # nearest first
        lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
        for key in keys:
            number = _number(lowered.get(key))
            if number is not None:
                return number
    return None


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return normalize_space(replace_entities(remove_tags(str(value)[:2000])))


def _build_row(item: dict[str, Any], keys: dict[str, str | None], api_url: str, site_url: str) -> ListRow | None:
    title = _text(item.get(keys["title"] or ""))[:MAX_TITLE_CHARS]
    url = absolute_url(api_url, _text(item.get(keys["url"] or "")))
    if not title or not url:
        return None
    raw_date = item.get(keys["date"]) if keys["date"] else None
    day = _json_date(raw_date)
    extra = {}
    for name, wanted in EXTRA_KEYS.items():
        key = _pick_key([item], wanted, ())
        if key and _text(item[key]):
            extra[name] = _text(item[key])[:200]
    pin_key = _pick_key([item], PINNED_KEYS, ())
    pinned = bool(pin_key) and str(item.get(pin_key)).strip().lower() in _TRUE_VALUES
    return ListRow(
        url=url,
        title=title,
        title_truncated=False,
        date=day,
        month_day=None,
        date_raw=str(raw_date)[:60] if raw_date is not None else None,
        pinned=pinned,
        external=host_of(url) != host_of(site_url),
        attachment=is_attachment(url),
        extra=extra,
    )


def _postings_array(data: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str | None]] | None:
    best = None
    best_size = 0
    for array, ancestors in _walk(data):
        head = array[: MAX_ROWS_PER_PAGE * 2]
        items = [x for x in head if isinstance(x, dict)]
        if not items or len(items) * 2 < len(head):
            continue
        keys = {
            "title": _pick_key(items, TITLE_KEYS, ("title",)),
            "url": _pick_key(items, URL_KEYS, ("url", "link", "href")),
            "date": _pick_key(items, DATE_KEYS, ("date", "time")),
        }
        if not keys["title"] or not keys["url"]:
            continue
        size = len(items) + (0.5 if keys["date"] else 0)
        if size > best_size:
            best, best_size = (items, ancestors, keys), size
    return best


def _declares_nothing(data: Any) -> bool:
    """An empty array beside a total of 0: the API's way of saying 暂无信息."""
    return any(not array and _find_number(ancestors, TOTAL_KEYS) == 0 for array, ancestors in _walk(data))


def _page_parameter(url: str, objects: list[dict[str, Any]], page: int) -> str:
    """The query parameter that selects the page: already in the URL, else named by the answer."""
    query_keys = [k for k, _ in parse_qsl(urlsplit(url).query)]
    for key in query_keys:
        if key in PAGE_PARAMETERS:
            return key
    for obj in reversed(objects):
        for key, value in obj.items():
            if isinstance(key, str) and key in PAGE_PARAMETERS and _number(value) == page:
                return key
    return DEFAULT_PAGE_PARAMETER


def parse_json_list(data: Any, url: str, page: int) -> ListPage:
    """Rows and further page requests from a JSON list API's answer to `url` (page `page`)."""
    found = _postings_array(data)
    if found is None:
        return ListPage("json", [], [], None, empty_notice=_declares_nothing(data))
    items, ancestors, keys = found
    rows: list[ListRow] = []
    seen: set[str] = set()
    for item in items[:MAX_ROWS_PER_PAGE]:
        row = _build_row(item, keys, url, url)
        if row and row.url not in seen:
            seen.add(row.url)
            rows.append(row)
    total = _find_number(ancestors, TOTAL_KEYS)
    page_size = _find_number(ancestors, PAGE_SIZE_KEYS) or (len(items) if page == 1 and items else None)
    total_pages = _find_number(ancestors, TOTAL_PAGE_KEYS)
    if total is not None and page_size:
        total_pages = math.ceil(total / page_size)
    parameter = _page_parameter(url, ancestors, page)
    if total_pages is not None:
        numbers = range(page + 1, min(total_pages, page + MAX_PAGES) + 1)
    elif rows and (page_size is None or len(items) >= page_size):
        numbers = range(page + 1, page + 2)
    else:
        numbers = range(0)
    pages = [PageRequest(add_or_replace_parameter(url, parameter, str(n)), n) for n in numbers]
    return ListPage(
        "json", rows, pages, total_pages, empty_notice=not rows and (total == 0 or not items)
    )


# --- discovering the API of a list shell ---------------------------------------------------------

_OBJECT = re.compile(r"\{([^{}]{0,2000})\}")
_PAIR = re.compile(r"""["']?([A-Za-z_$][\w$]{0,40})["']?\s*:\s*(?:"([^"]{0,500})"|'([^']{0,500})'|(-?\d{1,10})(?![\w.]))""")
API_KEYS = ("api", "apiurl", "dataurl", "listurl", "ajaxurl", "requesturl", "url")
# Keys that configure the widget rather than the request.
_NOT_PARAMETERS = frozenset({"el", "container", "selector", "target", "template", "tpl", "pager", "pagerid",
                             "listid", "method", "type", "datatype", "async", "callback", "render", "id"})
_PAGE_KEYS_LOWER = frozenset(k.lower() for k in PAGE_PARAMETERS)
_NOT_ENDPOINT = re.compile(r"\.(?:html?|shtml|js|css|png|jpe?g|gif|svg)(?:$|\?)", re.I)


def _is_endpoint(key: str, value: str) -> bool:
    if not value or " " in value or _NOT_ENDPOINT.search(value):
        return False
    if not value.startswith(("/", "./", "../", "http://", "https://")):
        return False
    if key.lower() == "url":  # too common a name: only an obvious API path counts
        return "/api/" in value or value.endswith((".json", ".do", ".action"))
    return True


def discover_json_api(scripts: list[str], url: str) -> PageRequest | None:
    """The first-page request of a JSON list, from an inline config object naming the API.

    Reliable rule: an object literal with a key api/apiUrl/dataUrl/listUrl (or url with an /api/
    path) whose other scalar members become the query. A page parameter is added as pageNo=1
    when the config names none. None when no such object exists.
    """
    for script in scripts:
        for obj in _OBJECT.finditer(script[:100_000]):
            pairs = [(m[1], next(v for v in (m[2], m[3], m[4]) if v is not None)) for m in _PAIR.finditer(obj[1])]
            endpoint = next(
                (value for key, value in pairs if key.lower() in API_KEYS and _is_endpoint(key, value)), None
            )
            if endpoint is None:
                continue
            method = next((v.upper() for k, v in pairs if k.lower() in ("method", "type")), "GET")
            params = [
                (k, v) for k, v in pairs
                if k.lower() not in API_KEYS and k.lower() not in _NOT_PARAMETERS
            ]
            if not any(k.lower() in _PAGE_KEYS_LOWER for k, _ in params):
                params.insert(1 if params else 0, (DEFAULT_PAGE_PARAMETER, "1"))
            target = urljoin(url, endpoint)
            if method == "POST":
                return PageRequest(target, 1, "POST", tuple(params))
            joiner = "&" if "?" in target else "?"
            return PageRequest(f"{target}{joiner}{urlencode(params)}", 1)
    return None
