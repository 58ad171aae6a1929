"""TRS lists: rows from the generic finder, pages from createPageHTML (both numbering schemes)."""

from datetime import date
from pathlib import Path

import pytest

from crawler.listing import PageRequest, extract_list
from crawler.listing.trs import trs_pages

PAGES = Path(__file__).parent / "pages"
ZERO_BASED_URL = "http://127.0.0.11:18001/xxgk/zcwj/index.html"
ONE_BASED_DIR = "http://127.0.0.21:18011/zwgk/tzgg/"


def test_trs_zero_based_rows() -> None:
    page = extract_list((PAGES / "trs_index.html").read_text("utf-8"), ZERO_BASED_URL)
    assert page.family == "trs"
    assert [(r.url, r.title, r.date, r.pinned, r.external, r.attachment, r.title_truncated) for r in page.rows] == [
        ("http://127.0.0.11:18001/xxgk/zcwj/202305/t20230502_1000001.html",
         "青州市人民政府关于进一步优化营商环境的若干意见", date(2023, 5, 2), True, False, False, False),
        ("http://127.0.0.11:18001/xxgk/zcwj/202503/t20250311_1234567.html",
         "青州市人民政府办公室关于印发青州市2025年政务公开工作要点的通知", date(2025, 3, 11), False, False, False, False),
        ("http://127.0.0.11:18001/xxgk/zcwj/202503/t20250305_1234560.html",
         "青州市人民政府关于公布行政规范性文件清理结果的决定", date(2025, 3, 5), False, False, False, False),
        ("http://www.gov.cn/zhengce/content/202502/content_7000001.htm",
         "国务院办公厅关于做好2025年政务公开工作的通知", date(2025, 2, 20), False, True, False, False),
        ("http://127.0.0.11:18001/xxgk/zcwj/202502/P020250214123456789012.pdf",
         "青州市2025年重点项目计划表", date(2025, 2, 14), False, False, True, False),
        ("http://127.0.0.11:18001/xxgk/zcwj/202501/t20250103_1234500.html",
         "青州市人民政府关于调整部分行政事业性收费的通知", date(2025, 1, 3), False, False, False, False),
    ]
    assert page.rows[1].date_raw == "2025-03-11"
    assert not page.empty_notice


def test_trs_zero_based_pages() -> None:
    page = extract_list((PAGES / "trs_index.html").read_text("utf-8"), ZERO_BASED_URL)
    assert page.total_pages == 7
    assert page.pages == [
        PageRequest(f"http://127.0.0.11:18001/xxgk/zcwj/index_{k}.html", k + 1) for k in range(1, 7)
    ]


def test_trs_zero_based_from_a_later_page_lists_the_first() -> None:
    body = '<script>createPageHTML(7, 3, "index", "html");</script>'
    pages, total = trs_pages(body, "http://h/col/index_3.html")
    assert total == 7
    assert [(p.page, p.url.rsplit("/", 1)[1]) for p in pages] == [
        (1, "index.html"), (2, "index_1.html"), (3, "index_2.html"),
        (5, "index_4.html"), (6, "index_5.html"), (7, "index_6.html"),
    ]


def test_trs_six_arguments_count_from_one() -> None:
    page = extract_list((PAGES / "trs_list_1based.shtml").read_text("utf-8"), ONE_BASED_DIR + "list.shtml")
    assert page.family == "trs"
    assert page.total_pages == 9
    assert page.pages == [PageRequest(f"{ONE_BASED_DIR}list_{k}.shtml", k) for k in range(2, 10)]
    assert [(r.url, r.date, r.external) for r in page.rows] == [
        ("http://127.0.0.21:18011/zwgk/tzgg/202512/t20251218_889001.shtml", date(2025, 12, 18), False),
        ("http://127.0.0.21:18011/zwgk/tzgg/202511/t20251102_889000.shtml", date(2025, 11, 2), False),
        ("https://mp.weixin.qq.com/s/AbCdEf123", date(2025, 10, 9), True),
    ]
    assert page.rows[2].title == "“白云发布”关于秋季防火的提示"


def test_trs_six_arguments_read_on_the_directory_url() -> None:
    pages, _ = trs_pages("createPageHTML('page_div', 9, 1, 'list', 'shtml', 170);", ONE_BASED_DIR)
    assert pages[0] == PageRequest(ONE_BASED_DIR + "list_2.shtml", 2)
    assert ONE_BASED_DIR + "list.shtml" not in [p.url for p in pages]


@pytest.mark.parametrize(
    ("call", "url", "expected_last"),
    [
        # current 1 on the first page: counts from 1 even with four arguments
        ('createPageHTML(5, 1, "index", "htm")', "http://h/a/index.htm", (5, "index_5.htm")),
        # current 0 on the first page: counts from 0 even with six arguments
        ("createPageHTML('pg', 5, 0, 'index', 'htm', 70)", "http://h/a/index.htm", (5, "index_4.htm")),
        # on list_5 with five pages only a 1-based pager is possible
        ('createPageHTML(5, 5, "list", "html")', "http://h/a/list_5.html", (4, "list_4.html")),
    ],
)
def test_trs_numbering_is_inferred_from_the_current_page(call: str, url: str, expected_last: tuple) -> None:
    pages, total = trs_pages(f"<script>{call};</script>", url)
    assert total == 5
    assert (pages[-1].page, pages[-1].url.rsplit("/", 1)[1]) == expected_last


def test_trs_arguments_given_as_variables() -> None:
    body = """<script>var currentPage = 0;//所在页从0开始
    var countPage = 3//共多少页
    function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}
    createPageHTML(countPage, currentPage, "index", "html");</script>"""
    pages, total = trs_pages(body, "http://h/x/index.html")
    assert total == 3
    assert [p.url for p in pages] == ["http://h/x/index_1.html", "http://h/x/index_2.html"]


def test_single_page_trs_list_has_no_further_pages() -> None:
    assert trs_pages('createPageHTML(1, 0, "index", "html")', "http://h/x/index.html") == ([], 1)


def test_trs_pages_are_declared_by_the_first_page_only() -> None:
    """Every TRS page declares all pages; a later page repeating them would only cost the crawl."""
    body = (PAGES / "trs_index.html").read_text("utf-8")
    later = extract_list(body, ZERO_BASED_URL.replace("index.html", "index_2.html"), page=3)
    assert later.family == "trs" and later.total_pages == 7 and later.pages == []
    assert len(extract_list(body, ZERO_BASED_URL, page=1).pages) == 6


@pytest.mark.parametrize("stem", ["../list", "sub/index", "a b", "javascript:x"])
def test_trs_page_names_that_are_not_plain_file_names_are_joined_as_urls(stem: str) -> None:
    from urllib.parse import urljoin

    url = "http://h/col/a/index.html"
    pages, _ = trs_pages(f'createPageHTML(3, 0, "{stem}", "html");', url)
    assert pages[-1].url == urljoin(url, f"{stem}_2.html")


def test_the_pager_function_own_definition_is_not_a_call() -> None:
    # Its parameter names are variables of the page too: read as a call, it would declare 9 pages.
    body = """<script>var _nPageCount = 9, _nCurrIndex = 0, _sPageName = "old", _sPageExt = "htm";
    function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) { }
    createPageHTML(3, 0, "index", "html");</script>"""
    pages, total = trs_pages(body, ZERO_BASED_URL)  # type: ignore[misc]
    assert total == 3
    assert [p.url.rsplit("/", 1)[1] for p in pages] == ["index_1.html", "index_2.html"]
