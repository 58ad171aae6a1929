"""JSON list APIs: discovering the request behind a list shell, reading the answer."""

import json
from datetime import date
from pathlib import Path

from crawler.listing import PageRequest, extract_list, parse_json_list
from crawler.listing.jsonlist import discover_json_api

PAGES = Path(__file__).parent / "pages"
SITE = "http://127.0.0.13:18003"
API_PAGE_1 = f"{SITE}/api/content/list?channelId=zcwj&pageNo=1&pageSize=15"


def test_shell_page_names_its_api() -> None:
    page = extract_list((PAGES / "json_shell.html").read_text("utf-8"), f"{SITE}/zwgk/zcwj/")
    assert page.family == "json"
    assert page.rows == []
    assert not page.empty_notice
    assert page.json_api == PageRequest(API_PAGE_1, 1)


def test_answer_rows_and_pages() -> None:
    data = json.loads((PAGES / "json_api_page1.json").read_text("utf-8"))
    page = parse_json_list(data, API_PAGE_1, 1)
    assert page.family == "json"
    assert [(r.url, r.title, r.date, r.pinned, r.external, r.attachment, r.extra) for r in page.rows] == [
        (f"{SITE}/content/2025/03/11/12345.html", "江城区人民政府关于印发江城区2025年国民经济和社会发展计划的通知",
         date(2025, 3, 11), False, False, False, {"doc_no": "江府发〔2025〕3号"}),
        (f"{SITE}/content/2025/01/02/12301.html", "江城区人民政府办公室关于加强安全生产工作的通知",
         date(2025, 1, 2), False, False, False, {}),
        ("https://www.gov.cn/zhengce/content/2024-12/31/content_1.htm", "国务院关于印发《全国国土规划纲要》的通知",
         date(2024, 12, 31), False, True, False, {}),
        # 02:00 UTC is 10:00 in Shanghai, the same day
        (f"{SITE}/upload/2025/01/budget.pdf", "江城区2025年财政预算草案", date(2025, 1, 20), True, False, True, {}),
    ]
    assert page.total_pages == 6  # ceil(87 / 15)
    assert page.pages == [
        PageRequest(f"{SITE}/api/content/list?channelId=zcwj&pageNo={n}&pageSize=15", n) for n in range(2, 7)
    ]


def test_epoch_milliseconds_are_shanghai_days() -> None:
    # 2025-03-10T16:30:00Z is already 11 March in Shanghai.
    data = {"rows": [{"name": "某某通知的标题", "link": "/a.html", "pubDate": 1741624200000}], "total": 1}
    page = parse_json_list(data, "http://h/api/list?page=1", 1)
    assert [r.date for r in page.rows] == [date(2025, 3, 11)]
    assert page.pages == [] and page.total_pages == 1


def test_page_parameter_named_by_the_answer() -> None:
    data = {"result": {"records": [{"docTitle": f"标题{i}号文件", "docUrl": f"/c/{i}.html", "docPubTime": "2025-06-01"}
                                   for i in range(10)], "current": 1, "pages": 3}}
    page = parse_json_list(data, "http://h/api/search?channel=7", 1)
    assert page.total_pages == 3
    assert [p.url for p in page.pages] == ["http://h/api/search?channel=7&current=2", "http://h/api/search?channel=7&current=3"]


def test_unknown_total_asks_for_the_next_page_while_pages_are_full() -> None:
    full = {"list": [{"title": f"第{i}条信息标题", "url": f"/c/{i}.html"} for i in range(15)], "pageSize": 15}
    page = parse_json_list(full, "http://h/api/list?pageNo=2&pageSize=15", 2)
    assert page.pages == [PageRequest("http://h/api/list?pageNo=3&pageSize=15", 3)]
    short = {"list": full["list"][:4], "pageSize": 15}
    assert parse_json_list(short, "http://h/api/list?pageNo=3&pageSize=15", 3).pages == []


def test_answer_without_postings() -> None:
    page = parse_json_list({"code": 0, "data": {"total": 0, "list": []}}, "http://h/api/list", 1)
    assert page.rows == [] and page.pages == [] and page.empty_notice
    assert parse_json_list({"menu": [{"name": "首页"}]}, "http://h/api/x", 1).rows == []


def test_discovery_needs_an_api_like_config() -> None:
    assert discover_json_api(["var cfg = {url: '/zwgk/index.html', pageSize: 10};"], "http://h/") is None
    assert discover_json_api(["$.ajax({url: location.href});"], "http://h/") is None
    post = discover_json_api(["loadList({apiUrl: '/open/list.do', method: 'POST', catId: 42, page: 1})"], "http://h/a/")
    assert post == PageRequest("http://h/open/list.do", 1, "POST", (("catId", "42"), ("page", "1")))
