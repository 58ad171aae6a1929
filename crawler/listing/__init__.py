"""List pages of any portal → rows and further list pages.

`extract_list` tries the CMS recognisers in order (Hanweb datastore, TRS createPageHTML, JSON
shell, headed table) and falls back on the generic repeated-block finder; a family's pagination
is combined with the rows the generic finder (or the table reader) sees.
"""

from __future__ import annotations

from crawler.listing.generic import MAX_ROWS_PER_PAGE, find_rows, text_outside_chrome
from crawler.listing.hanweb import extract_hanweb, parse_hanweb_proxy
from crawler.listing.html import ParsedPage, document_base, parse_page
from crawler.listing.jsonlist import discover_json_api, parse_json_list
from crawler.listing.model import ListPage, ListRow, PageRequest
from crawler.listing.notices import has_empty_notice
from crawler.listing.pager import next_pages
from crawler.listing.select import SelectorCountError, select_rows
from crawler.listing.table import find_table_rows
from crawler.listing.trs import trs_pages

__all__ = [
    "MAX_ROWS_PER_PAGE",
    "ListPage",
    "ListRow",
    "PageRequest",
    "SelectorCountError",
    "extract_list",
    "parse_hanweb_proxy",
    "parse_json_list",
    "select_rows",
]


def extract_list(body: str, url: str, page: int | None = None, parsed: ParsedPage | None = None) -> ListPage:
    """Rows, further list pages and notices of one list page.

    `url` is the page's final URL; `page`, when known, is the 1-based number it was requested as
    (it numbers a "下一页" link when the URL itself carries no page parameter). `parsed` is the
    page already parsed (``parse_page(body)``), if the caller has it.
    """
    hanweb = extract_hanweb(body, url)
    if hanweb is not None:
        return hanweb
    base = document_base(body, url)
    parsed = parsed if parsed is not None else parse_page(body)
    scripts, root = parsed.scripts, parsed.root

    table_rows = find_table_rows(root, url, base)
    generic_rows = find_rows(root, url, base)
    # A headed table names its columns (文号, 发布日期): prefer it unless it is a side table.
    if table_rows and len(table_rows) * 2 >= len(generic_rows):
        rows, family = table_rows, "table"
    else:
        rows, family = generic_rows, "generic"

    # every TRS page declares all pages: the column's first page has queued them
    trs = trs_pages("\n".join(scripts), url, declare=page is None or page <= 1)
    if trs is not None:
        pages, total_pages = trs
        family = "trs"
    else:
        pages, total_pages = next_pages(root, url, base, page)

    json_api = None
    if not rows:
        json_api = discover_json_api(scripts, url)
        if json_api is not None:
            family = "json"
    empty_notice = not rows and has_empty_notice(text_outside_chrome(root))
    return ListPage(family, rows, pages, total_pages, empty_notice, json_api)
