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


def test_the_fast_path_for_plain_urls_agrees_with_the_full_canonicalisation() -> None:
    import random

    from crawler import urls

    slow = urls.canonical.__wrapped__  # type: ignore[attr-defined]
    rng = random.Random(7)
    alphabet = "abcXYZ019._~-/"
    samples = ["http://127.0.0.1:8000/", "https://www.gov.cn/zhengce/content/202502/content_7000001.htm",
               "http://h.gov.cn/xxgk/zcwj/202503/t20250311_1234567.html", "http://h/a//b/./c/../d.html",
               "http://h:80/x", "https://h.example.cn:8443/~user/a-b_c.shtml"]
    samples += ["http://h" + str(rng.randrange(10)) + ".gov.cn/" + "".join(rng.choice(alphabet) for _ in range(30))
                for _ in range(2000)]
    fast = 0
    for url in samples:
        if urls._PLAIN_URL.fullmatch(url):
            fast += 1
            original = urls._PLAIN_URL
            urls._PLAIN_URL = __import__("re").compile(r"(?!)")  # force the slow path for the same URL
            try:
                assert slow(url) == url, url
            finally:
                urls._PLAIN_URL = original
    assert fast > 1000


def test_request_fingerprint_is_stable_and_tells_requests_apart() -> None:
    """Stored runs are matched by this value (--resume, --reuse-run): it must not drift between versions."""
    from crawler import urls

    get = urls.request_fingerprint("GET", "http://127.0.0.1/a.html")
    assert get == "a772e1e817ca1c8b6d3750e391e5d4efa865191e"  # sha1 of b"GET http://127.0.0.1/a.html\n"
    post = urls.request_fingerprint("POST", "http://127.0.0.1/a.html", b"startrecord=1&endrecord=45")
    assert len({get, post, urls.request_fingerprint("POST", "http://127.0.0.1/a.html", b"startrecord=46"),
                urls.request_fingerprint("GET", "http://127.0.0.1/b.html")}) == 4
    assert urls.request_fingerprint("GET", "http://127.0.0.1/政务公开/") == urls.request_fingerprint(
        "GET", "http://127.0.0.1/政务公开/")
