"""Hanweb (大汉): records inside <datastore>, later groups by POST to dataproxy.jsp."""

from datetime import date
from pathlib import Path

from crawler.listing import extract_list, parse_hanweb_proxy

PAGES = Path(__file__).parent / "pages"
LIST_URL = "http://127.0.0.12:18002/col/col4361021/index.html"
PROXY = "http://127.0.0.12:18002/module/web/jpage/dataproxy.jsp"
FORM = (
    ("col", "1"), ("appid", "1"), ("webid", "3"), ("path", "/"), ("columnid", "4361021"),
    ("sourceContentType", "1"), ("unitid", "8801"), ("webname", "南山区人民政府"), ("permissiontype", "0"),
)


def _list_page():
    # Saved as the site serves it: GBK.
    return extract_list((PAGES / "hanweb_list.html").read_bytes().decode("gbk"), LIST_URL)


def test_hanweb_rows_come_from_the_datastore() -> None:
    page = _list_page()
    assert page.family == "hanweb"
    assert [(r.url, r.title, r.date, r.external, r.attachment) for r in page.rows] == [
        ("http://127.0.0.12:18002/art/2025/3/11/art_4361021_123.html",
         "南山区人民政府关于印发南山区2025年政务公开工作要点的通知", date(2025, 3, 11), False, False),
        ("http://127.0.0.12:18002/art/2025/2/27/art_4361021_122.html",
         "南山区人民政府办公室关于加强城市管理的通知", date(2025, 2, 27), False, False),
        ("http://www.sz.gov.cn/zfgb/2025/gb1300/content/post_1.html",
         "深圳市人民政府关于印发若干措施的通知", date(2025, 2, 20), True, False),
        ("http://127.0.0.12:18002/module/download/downfile.jsp?classid=0&filename=a.pdf",
         "南山区2025年财政预算报告", date(2025, 2, 10), False, True),
        ("http://127.0.0.12:18002/art/2025/1/6/art_4361021_120.doc",
         "南山区政府规章制定计划", date(2025, 1, 6), False, True),
    ]
    assert not any(r.title_truncated for r in page.rows)


def test_hanweb_group_requests() -> None:
    page = _list_page()
    assert page.total_pages == 18  # ceil(256 / 15)
    ranges = [(p.url.split("?", 1)[1], p.page) for p in page.pages]
    assert ranges == [
        ("startrecord=46&endrecord=90&perpage=15", 4),
        ("startrecord=91&endrecord=135&perpage=15", 7),
        ("startrecord=136&endrecord=180&perpage=15", 10),
        ("startrecord=181&endrecord=225&perpage=15", 13),
        ("startrecord=226&endrecord=256&perpage=15", 16),
    ]
    for request in page.pages:
        assert request.method == "POST"
        assert request.url.startswith(PROXY + "?")
        assert request.formdata == FORM


def test_hanweb_fields_from_nextgroup_and_defaults() -> None:
    """An older page: no ajaxParam, groupSize or proxyUrl; the <nextgroup> link names the proxy and fields."""
    body = (
        '<div id="9"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/jslib/jquery/jpage/'
        'dataproxy.jsp?page=1&amp;webid=7&amp;path=/&amp;columnid=9&amp;unitid=12&amp;webname=X"></a>]]>'
        "</nextgroup><recordset>"
        + "".join(
            f'<record><![CDATA[<li><a href="/art/2025/1/{d}/art_9_{d}.html">第{d}条测试信息标题</a>'
            f"<span>2025-01-{d:02d}</span></li>]]></record>"
            for d in range(1, 31)
        )
        + "</recordset></datastore></script></div>"
        "<script>$('#9').jpage({totalRecord: 70, perPage: 10});</script>"
    )
    page = extract_list(body, "http://h/col/col9/index.html")
    assert len(page.rows) == 30
    assert [(p.url, p.page) for p in page.pages] == [
        ("http://h/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10", 4),
        ("http://h/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=61&endrecord=70&perpage=10", 7),
    ]
    assert page.pages[0].formdata == (
        ("webid", "7"), ("path", "/"), ("columnid", "9"), ("unitid", "12"), ("webname", "X")
    )


def test_hanweb_small_column_has_no_further_groups() -> None:
    body = (
        '<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/2025/5/1/art_1_1.html">'
        "唯一的一条公开信息</a><span>2025-05-01</span></li>]]></record></recordset></datastore></script>"
        "<script>$('#1').jpage({totalRecord: 1, perPage: 15, groupSize: 3});</script>"
    )
    page = extract_list(body, "http://h/col/col1/index.html")
    assert [r.date for r in page.rows] == [date(2025, 5, 1)]
    assert page.pages == [] and page.total_pages == 1


def test_hanweb_empty_datastore_is_an_empty_notice() -> None:
    body = (
        '<div id="5"><script type="text/xml"><datastore><recordset></recordset></datastore></script></div>'
        "<script>$('#5').jpage({totalRecord: 0, perPage: 15, groupSize: 3});</script>"
    )
    page = extract_list(body, "http://h/col/col5/index.html")
    assert page.rows == [] and page.empty_notice and page.pages == []


def test_hanweb_proxy_answer() -> None:
    body = (PAGES / "hanweb_proxy.xml").read_bytes().decode("gbk")
    page = parse_hanweb_proxy(body, PROXY + "?startrecord=46&endrecord=90&perpage=15")
    assert page.family == "hanweb"
    assert page.total_pages == 18
    assert page.pages == []
    assert [(r.url, r.title, r.date, r.title_truncated) for r in page.rows] == [
        ("http://127.0.0.12:18002/art/2024/11/20/art_4361021_80.html",
         "南山区人民政府关于调整区级专项资金的通知", date(2024, 11, 20), False),
        ("http://127.0.0.12:18002/art/2024/11/18/art_4361021_79.html",
         "南山区应急管理局2024年安全生产检查计划", date(2024, 11, 18), False),
    ]
