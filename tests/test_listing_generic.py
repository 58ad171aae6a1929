"""Lists without a CMS recogniser: the repeated-block finder, tables, short dates, pagers."""

import re
from datetime import date
from pathlib import Path

import pytest

from crawler.listing import PageRequest, SelectorCountError, extract_list, rows, select_rows

PAGES = Path(__file__).parent / "pages"


def _read(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


def test_dl_dd_rows_with_dates_inside_the_link() -> None:
    page = extract_list(_read("generic_dl.html"), "http://h/tzgg/?page=2")
    assert page.family == "generic"
    assert [(r.url, r.title, r.date, r.date_raw, r.title_truncated) for r in page.rows] == [
        ("http://h/tzgg/2025/c88.html", "关于开展2025年度政务公开第三方评估的通知", date(2025, 3, 11), "2025-03-11", False),
        ("http://h/tzgg/2025/c87.html", "市场监管局关于食品安全抽检结果的公告", date(2025, 2, 28), "2025/02/28", False),
        ("http://h/tzgg/2025/c86.html", "关于公开征求《江城区物业管理办法（征求意见稿）》意见的公告", date(2025, 2, 15),
         "2025年02月15日", False),
        ("http://h/tzgg/2024/c85.html", "2024年度行政事业性收费目录清单", date(2024, 12, 31), "2024-12-31", False),
    ]
    # the 索引号 beside the first row is not a date; the commented-out row is not a row
    assert page.total_pages == 12
    assert page.pages == [PageRequest("http://h/tzgg/?page=3", 3)]


def test_table_layout_reads_header_columns() -> None:
    page = extract_list(_read("table_list.html"), "http://h/zwgk/gfxwj/?page=1")
    assert page.family == "table"
    assert [(r.url, r.date, r.extra, r.title_truncated) for r in page.rows] == [
        ("http://h/zwgk/gfxwj/2025/0311/a101.html", date(2025, 3, 11), {"doc_no": "白政发〔2025〕3号"}, False),
        ("http://h/zwgk/gfxwj/2025/0120/a100.html", date(2025, 1, 20), {"doc_no": "白政发〔2025〕1号"}, False),
        ("http://h/zwgk/gfxwj/2024/1230/a099.html", date(2024, 12, 30), {"doc_no": "白府办〔2024〕20号"}, False),
    ]
    assert page.rows[2].title == "白云区人民政府办公室关于进一步规范行政执法工作的实施意见"
    assert page.total_pages == 3
    assert page.pages == [PageRequest("http://h/zwgk/gfxwj/?page=2", 2)]


def test_table_without_dates_leaves_them_to_the_detail_page() -> None:
    page = extract_list(_read("table_undated.html"), "http://h/zwgk/ghjh/")
    assert [(r.url, r.title, r.date, r.month_day, r.extra) for r in page.rows] == [
        ("http://h/zwgk/ghjh/b201.html", "白云区“十五五”规划编制工作方案", None, None, {"doc_no": "白府办函〔2025〕8号"}),
        ("http://h/zwgk/ghjh/b200.html", "白云区2025年重点工作计划", None, None, {}),
    ]
    assert page.pages == [PageRequest("http://h/zwgk/ghjh/?page=2", 2)]


def test_short_dates_take_the_year_from_the_url_only() -> None:
    page = extract_list(_read("short_dates.html"), "http://h/news/")
    assert [(r.url, r.title, r.month_day, r.date) for r in page.rows] == [
        ("http://h/news/2026/01/a1300.html", "区政府召开2026年第一次常务会议", (1, 3), date(2026, 1, 3)),
        ("http://h/news/2025/12/a1234.html", "区领导开展岁末年初安全生产检查", (12, 30), date(2025, 12, 30)),
        ("http://h/info/5678.html", "全区冬季森林防火工作会议召开", (1, 3), None),
        # a month-day inside the title is not the row's date
        ("http://h/info/5677.html", "关于3月11日停水的温馨提示", (12, 28), None),
    ]


def test_empty_column_notice() -> None:
    page = extract_list(_read("empty_column.html"), "http://h/xxgk/sjjg/")
    assert page.rows == [] and page.empty_notice and page.json_api is None


def test_navigation_alone_is_not_a_list() -> None:
    body = """<ul><li><a href="/">首页</a></li><li><a href="/a/">机构概况</a></li><li><a href="/b/">政策文件</a></li>
    <li><a href="/c/">通知公告</a></li></ul><p>欢迎访问</p>"""
    page = extract_list(body, "http://h/x/")
    assert page.rows == [] and not page.empty_notice


def test_a_single_dated_posting_is_found() -> None:
    body = """<div class="nav"><a href="/">首页</a><a href="/x/">政务公开</a></div>
    <div class="con"><ul><li><a href="/x/2025/a.html">关于2025年度部门预算公开的说明</a><span>2025-02-10</span></li></ul></div>"""
    page = extract_list(body, "http://h/x/")
    assert [(r.url, r.date) for r in page.rows] == [("http://h/x/2025/a.html", date(2025, 2, 10))]


def test_rows_as_bare_links_and_split_lists() -> None:
    rows = "".join(
        f'<a href="/n/{i}.html"><span class="t">第{i}期政务公开工作简报</span><span class="d">2025-0{i}-01</span></a>'
        for i in range(1, 4)
    )
    second = '<ul class="l"><li><a href="/n/9.html">关于某项工作的情况通报</a><em>2024-12-01</em></li></ul>'
    first = '<ul class="l"><li><a href="/n/8.html">关于另一项工作的情况通报</a><em>2024-12-05</em></li></ul>'
    page = extract_list(f'<div class="box">{rows}</div>', "http://h/n/")
    assert [(r.title, r.date) for r in page.rows] == [
        (f"第{i}期政务公开工作简报", date(2025, i, 1)) for i in range(1, 4)
    ]
    split = extract_list(f'<div class="c">{first}<div class="line"></div>{second}</div>', "http://h/n/")
    assert [r.url for r in split.rows] == ["http://h/n/8.html", "http://h/n/9.html"]


def test_rows_are_capped() -> None:
    items = "".join(f'<li><a href="/p/{i}.html">第{i}号公告标题文字</a><span>2025-01-01</span></li>' for i in range(700))
    assert len(extract_list(f"<ul>{items}</ul>", "http://h/p/").rows) == 500


def test_selector_override() -> None:
    body = _read("generic_dl.html")
    rows = select_rows(body, "http://h/tzgg/", "div.listbox dd", (3, 20))
    assert [r.url for r in rows] == [
        "http://h/tzgg/2025/c88.html", "http://h/tzgg/2025/c87.html", "http://h/tzgg/2025/c86.html",
        "http://h/tzgg/2024/c85.html",
    ]
    with pytest.raises(SelectorCountError) as error:
        select_rows(body, "http://h/tzgg/", "ul.news li", (1, 20))
    message = str(error.value)
    assert "ul.news li" in message and "http://h/tzgg/" in message and "1–20" in message and "matched 0" in message
    with pytest.raises(SelectorCountError) as error:
        select_rows(body, "http://h/tzgg/", "dd", (5, 20))
    # five <dd> match; the one holding only a javascript: link is no row
    assert (error.value.count, error.value.matched, error.value.expected) == (4, 5, (5, 20))
    with pytest.raises(ValueError):
        select_rows(body, "http://h/tzgg/", "dd[[", (1, 2))


def test_rows_whose_link_says_details_take_the_heading() -> None:
    items = "".join(
        f'<div class="item"><h3>关于第{i}项工作的情况通报</h3><p>摘要内容摘要内容摘要内容</p>'
        f'<span>2025-0{i}-02</span><a href="/n/{i}.html">[详情]</a></div>'
        for i in range(1, 3)
    )
    page = extract_list(f'<div class="list">{items}</div>', "http://h/n/")
    assert [(r.title, r.url, r.date) for r in page.rows] == [
        ("关于第1项工作的情况通报", "http://h/n/1.html", date(2025, 1, 2)),
        ("关于第2项工作的情况通报", "http://h/n/2.html", date(2025, 2, 2)),
    ]


def test_last_page_next_link_pointing_back_is_not_followed() -> None:
    rows = '<ul><li><a href="/n/1.html">某某工作的情况通报</a><span>2025-01-02</span></li></ul>'
    last = extract_list(f'{rows}<a href="?page=11">上一页</a><a href="?page=12">下一页</a>', "http://h/n/?page=12")
    assert last.pages == []
    middle = extract_list(f'{rows}<a href="index_3.html">下一页</a>', "http://h/n/index_2.html", page=3)
    assert middle.pages == [PageRequest("http://h/n/index_3.html", 4)]


def test_dates_at_either_end_of_the_link_text() -> None:
    rows = "".join([
        '<li><a href="/a/1.html">[03-11] 关于某项工作的通知文件</a></li>',
        '<li><a href="/a/2.html">2025-03-10 | 关于另一项工作的通知</a></li>',
        '<li><a href="/a/3.html">3月9日，市长主持召开常务会议</a><span>2025-03-09</span></li>',
        '<li><img src="/images/top.gif"><a href="/a/4.html">全市召开防汛工作会议（7月15日）</a><span>2024-07-15</span></li>',
        '<li><a href="/a/5.html">关于开展检查的通知（2025-03-01）</a></li>',
        '<li><a href="/a/6.html">关于开展检查的通知 [12-30]</a></li>',
    ])
    page = extract_list(f"<ul>{rows}</ul>", "http://h/a/")
    assert [(r.title, r.date, r.month_day, r.pinned) for r in page.rows] == [
        ("关于某项工作的通知文件", None, (3, 11), False),
        ("关于另一项工作的通知", date(2025, 3, 10), None, False),
        # a date written in words opens the news title and belongs to it
        ("3月9日，市长主持召开常务会议", date(2025, 3, 9), None, False),
        ("全市召开防汛工作会议（7月15日）", date(2024, 7, 15), None, True),  # pinned by its icon
        ("关于开展检查的通知", date(2025, 3, 1), None, False),
        ("关于开展检查的通知", None, (12, 30), False),
    ]


def test_old_layout_with_a_table_per_posting() -> None:
    tables = "".join(
        f'<table width="100%"><tr><td>·<a href="/news/{i}.asp">第{i}季度重点工作推进情况通报</a></td>'
        f"<td>2025-0{i}-15</td></tr></table>"
        for i in range(1, 4)
    )
    page = extract_list(f'<td class="main">{tables}</td>', "http://h/news/list.asp")
    assert [(r.url, r.title, r.date) for r in page.rows] == [
        (f"http://h/news/{i}.asp", f"第{i}季度重点工作推进情况通报", date(2025, i, 15)) for i in range(1, 4)
    ]


def test_empty_notice_only_counts_outside_navigation_and_footer() -> None:
    body = """<div class="nav"><a href="/">首页</a></div><div class="main"><div id="list"></div></div>
    <div class="footer">热点排行：暂无数据</div>"""
    page = extract_list(body, "http://h/x/")
    assert page.rows == [] and not page.empty_notice


def test_dated_side_box_does_not_beat_an_undated_list() -> None:
    main = "".join(f'<li><a href="/jg/{i}.html">某某区第{i}个内设机构的职能介绍</a></li>' for i in range(6))
    side = "".join(f'<li><a href="/news/{i}.html">区长调研第{i}项重点工作</a><span>2025-03-0{i + 1}</span></li>'
                   for i in range(5))
    body = f'<div class="main"><ul>{main}</ul></div><div class="sidebar"><h3>最新动态</h3><ul>{side}</ul></div>'
    page = extract_list(body, "http://h/jg/")
    assert [r.url for r in page.rows] == [f"http://h/jg/{i}.html" for i in range(6)]


EDGE_TEXTS = [
    "[03-11] 关于某项工作的通知", "【2025-03-11】标题", "】2025-03-11 标题", " (（2025年3月11日）标题",
    "２０２５－０３－１１ 全角日期", "标题 ２０２５－０３－１１", "标题 2025-03-11 [", "标题（2025年3月11日）",
    "标题 [12-30]", "标题 2025-03-11 09:30", "标题 2025-03-11 09:30:15】", "标题 2025年3月11 ", "标题 10月11号",
    "标题 二〇二五年三月十一日", "标题 20250311", "20250311", "3月9日，市长主持召开常务会议", "标题（11月）",
    "示例市2025年中小企业发展工作计划（…", "标题 2026-02-00018", "1-3月经济运行情况", "标题 ١٢月٣日",
    "", " ", "2025", "[2025-03-11]", "标题 2025-03-11 [09:30]", "标题 2025/3/11 ）", "标题 2025.03.11 x",
]


def test_cheap_date_tests_only_skip_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick look at a title's ends decides nothing: with it switched off, every split is the same."""
    fast = [(rows._split_trailing_date(t), rows._split_leading_date(t)) for t in EDGE_TEXTS]
    anything = re.compile("")
    monkeypatch.setattr(rows, "_MAY_OPEN_WITH_DATE", anything)
    monkeypatch.setattr(rows, "_MAY_CLOSE_WITH_DATE", anything)
    slow = [(rows._split_trailing_date(t), rows._split_leading_date(t)) for t in EDGE_TEXTS]
    assert fast == slow
    assert sum(1 for (_, trailing), (_, leading) in slow if trailing or leading) >= 15  # the cases do split
