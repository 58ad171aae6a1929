"""URL hygiene: canonical forms that defeat session-id and query-order traps; what is never fetched."""

from __future__ import annotations

from crawler.urls import MAX_URL_LENGTH, canonical, is_attachment, is_crawlable


def test_session_ids_fragments_and_query_order_do_not_make_new_pages() -> None:
    base = canonical("http://127.0.0.1:8000/list/index.html?page=2&col=5")
    assert canonical("http://127.0.0.1:8000/list/index.html?col=5&page=2#top") == base
    assert canonical("http://127.0.0.1:8000/list/index.html;jsessionid=ABC123?page=2&col=5") == base
    assert canonical("http://127.0.0.1:8000/list/index.html?col=5&JSESSIONID=x&page=2&sid=9") == base
    assert canonical("HTTP://127.0.0.1:8000/list/index.html?page=2&col=5") == base


def test_off_site_attachments_and_growing_urls_are_not_crawled() -> None:
    host = "127.0.0.1:8000"
    assert is_crawlable("http://127.0.0.1:8000/a.html", host)
    assert not is_crawlable("http://www.gov.cn/zhengce/a.html", host)
    assert not is_crawlable("https://mp.weixin.qq.com/s/abc", host)
    assert not is_crawlable("http://127.0.0.1:8000/files/plan.pdf", host)
    assert not is_crawlable("javascript:void(0)", host)
    assert not is_crawlable("http://127.0.0.1:8000/search?q=" + "x" * MAX_URL_LENGTH, host)
    assert is_attachment("http://127.0.0.1:8000/a/B.DOCX") and is_attachment("http://h/x.ofd")
    assert not is_attachment("http://h/x.html")
