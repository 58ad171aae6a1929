"""Reading a page never raises into the spider: a parser failure comes back as a verdict with its reason."""

from __future__ import annotations

from crawler.reading import read_detail_page, read_list_page

URL = "http://127.0.0.1:8000/xxgk/zcwj/index.html"
LIST = ('<html><body><ul class="list">'
        + "".join(f'<li><a href="/a/{i}.html">关于第{i}项工作的通知</a><span>2025-03-{10 + i}</span></li>'
                  for i in range(5))
        + "</ul></body></html>")


def test_a_list_page_is_read() -> None:
    reading = read_list_page(LIST, 200, URL, URL, 1, None, None)
    assert reading.verdict == "ok" and reading.listing is not None and len(reading.listing.rows) == 5


def test_broken_json_is_an_error_not_an_exception() -> None:
    reading = read_list_page("{not json", 200, URL, URL, 1, "json", None)
    assert reading.verdict == "error" and reading.listing is None
    assert "JSONDecodeError" in (reading.error or "")


def test_selector_matching_an_unexpected_count_fails_loudly() -> None:
    reading = read_list_page(LIST, 200, URL, URL, 1, None, ("ul.list > li", 10, 30))
    assert reading.verdict == "error"
    assert "ul.list > li" in (reading.error or "")


def test_soft_404_and_block_pages_are_named() -> None:
    soft = "<html><body><h1>404</h1><p>您访问的页面不存在</p></body></html>"
    assert read_list_page(soft, 200, URL, URL, 1, None, None).verdict == "not_found_text"
    facts, problem = read_detail_page(soft, 200, URL, URL)
    assert facts is None and problem == "not_found_text"
