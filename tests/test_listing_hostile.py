"""Crawled pages are hostile: malformed, huge or repetitive input must neither crash nor hang."""

import pytest

from crawler.detail import parse_detail
from crawler.listing import extract_list, parse_hanweb_proxy, parse_json_list
from crawler.pageclass import classify

HOSTILE = [
    "",
    "\x00\x01<ul><li><a href='/a'>标题标题标题</a>2025-01-01</li></ul>\x0b",
    '<?xml version="1.0" encoding="GBK"?><html><body><a href="/a">标题标题标题</a></body></html>',
    "<datastore><record>" * 3000,  # unclosed Hanweb tags
    "<datastore><record><![CDATA[" * 3000,
    "createPageHTML(" * 3000,
    "$('#1').jpage({" + "a:1," * 3000,
    "<div>" * 3000 + "<a href='/x'>标题标题标题标题</a>",
    "发布日期：" * 3000,
    "《" * 5000 + "〔2025〕" * 1000,
    "2025-" * 5000,
    "<a href='javascript:alert(1)'>点击查看详细内容</a><a href='mailto:a@b'>联系我们网站管理</a>",
]


@pytest.mark.parametrize("body", HOSTILE, ids=[f"case{i}" for i in range(len(HOSTILE))])
def test_hostile_bodies(body: str) -> None:
    page = extract_list(body, "http://h/a/")
    assert len(page.rows) <= 500 and all(r.url.startswith("http") for r in page.rows)
    parse_hanweb_proxy(body, "http://h/module/web/jpage/dataproxy.jsp")
    facts = parse_detail(body, "http://h/a/b.html")
    assert len(facts.cited_names) <= 200
    assert classify(body, 200, "http://h/a/b.html", "http://h/a/b.html") in {
        "ok", "not_found_text", "block_page", "stub", "redirect_home"
    }


def test_hostile_json() -> None:
    deep: dict = {}
    node = deep
    for _ in range(3000):
        node["a"] = [{"b": {}}]
        node = node["a"][0]["b"]
    assert parse_json_list(deep, "http://h/api", 1).rows == []
    many = {"list": [{"title": f"第{i}条", "url": f"/{i}", "time": 1741651200000} for i in range(20000)], "total": 20000}
    page = parse_json_list(many, "http://h/api?pageNo=1", 1)
    assert len(page.rows) == 500
    assert parse_json_list(["x", 1, None], "http://h/api", 1).rows == []
    assert parse_json_list({"list": [{"title": "标题", "url": "javascript:void(0)"}]}, "http://h/api", 1).rows == []


def test_links_longer_than_any_real_page_url_are_not_followed() -> None:
    from crawler.listing.html import MAX_URL_CHARS, absolute_url

    base = "http://h/" + "a/" * 600  # a long base: the joined URL, not only the href, is bounded
    assert absolute_url(base, "x" * 900 + ".html") is None
    assert absolute_url(base, "/ok.html") == "http://h/ok.html"
    assert absolute_url("http://h/a/", "?q=" + "中" * 700) is None  # escaped, it is far longer
    assert absolute_url("http://h/a/", "b" * (MAX_URL_CHARS - 20)) == "http://h/a/" + "b" * (MAX_URL_CHARS - 20)
    assert absolute_url("http://h/a/", "b" * (MAX_URL_CHARS - 5)) is None  # the href fits, the URL does not
