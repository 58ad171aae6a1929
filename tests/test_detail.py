"""Detail pages: metadata block variants, <meta> dates, what the text cites."""

from datetime import date
from pathlib import Path

import pytest

from crawler.detail import (
    MAX_LINEAR_CHARS,
    cited_doc_nos,
    linear_text,
    linear_texts,
    normalize_doc_no,
    parse_detail,
)
from crawler.listing.html import parse_html

PAGES = Path(__file__).parent / "pages"
TRS_URL = "http://127.0.0.11:18001/xxgk/zcwj/202503/t20250311_1234567.html"


def test_trs_detail_with_metadata_table() -> None:
    facts = parse_detail((PAGES / "detail_trs.html").read_text("utf-8"), TRS_URL)
    assert facts.title == "青州市人民政府办公室关于印发青州市2025年政务公开工作要点的通知"
    # the table's 发布日期 wins over <meta name="PubDate"> (2025-03-12), and says so
    assert facts.published_date == date(2025, 3, 11)
    assert facts.date_source == "detail_table"
    assert facts.written_date == date(2025, 3, 5)
    assert facts.doc_no == "青政办发〔2025〕12号"  # not the commented-out 青政发〔2018〕1号
    assert facts.publisher == "青州市人民政府办公室"
    assert facts.index_no == "11370700MB1234567X/2025-00123"
    assert facts.cited_urls == [
        "http://127.0.0.11:18001/xxgk/zcjd/202503/t20250312_1234600.html",
        "http://www.gov.cn/zhengce/content/2025-02/01/content_1.htm",
        "http://127.0.0.11:18001/xxgk/zcwj/202503/P020250311555.pdf",
        "http://127.0.0.11:18001/xxgk/zcwj/202401/t20240110_1000.html",  # 相关文件 below the text
    ]
    # 《》 names from title and text, not from the navigation; brackets of 文号 normalised;
    # the page's own 文号 is not a citation
    assert facts.cited_names == [
        "中华人民共和国政府信息公开条例", "山东省2025年政务公开工作要点", "青州市2025年政务公开工作要点",
        "青州市2024年政务公开工作要点",
    ]
    assert facts.cited_doc_nos == ["鲁政办字〔2025〕15号", "青政办发〔2024〕9号"]
    assert 150 < facts.text_chars < 300


def test_info_line_detail() -> None:
    facts = parse_detail((PAGES / "detail_info_line.html").read_text("utf-8"), "http://h/zwgk/a.html")
    assert facts.title == "关于公布2025年第一批政府信息公开目录的通知"
    assert (facts.published_date, facts.date_source) == (date(2025, 3, 11), "detail_table")
    assert facts.publisher == "白云区政务服务数据管理局"
    assert (facts.doc_no, facts.index_no, facts.written_date) == (None, None, None)
    assert facts.cited_names == ["中华人民共和国政府信息公开条例"]
    assert facts.cited_doc_nos == ["白府办〔2024〕20号"]
    assert facts.cited_urls == []


@pytest.mark.parametrize(
    "block",
    [
        "<ul><li><b>索引号：</b>000014349/2025-00018</li><li><b>发文机关：</b>某某县人民政府</li>"
        "<li><b>成文日期：</b>2025年2月1日</li><li><b>发文字号：</b>某政发[2025]4号</li>"
        "<li><b>发布日期：</b>2025年2月3日</li></ul>",
        "<div><span>索引号：000014349/2025-00018</span><span>发布单位：某某县人民政府</span>"
        "<span>成文时间：2025-02-01</span><span>文号：某政发(2025)4号</span><span>公开日期：2025-02-03</span></div>",
        "<dl><dt>索 引 号</dt><dd>000014349/2025-00018</dd><dt>发布机构</dt><dd>某某县人民政府</dd>"
        "<dt>成文日期</dt><dd>2025.02.01</dd><dt>文　　号</dt><dd>某政发【2025】4号</dd>"
        "<dt>发布日期</dt><dd>2025/02/03</dd></dl>",
        "<table><tr><th>索引号</th><td>000014349/2025-00018</td><th>发布机构</th><td>某某县人民政府</td></tr>"
        "<tr><th>成文日期</th><td>二〇二五年二月一日</td><th>发文字号</th><td>某政发〔2025〕4号</td></tr>"
        "<tr><th>发布日期</th><td>2025-02-03 08:00:00</td></tr></table>",
    ],
)
def test_metadata_block_variants(block: str) -> None:
    body = f"<html><body><h1>某某县人民政府关于某事项的通知</h1>{block}<div class='TRS_Editor'><p>正文内容。</p></div></body></html>"
    facts = parse_detail(body, "http://h/a.html")
    assert facts.index_no == "000014349/2025-00018"
    assert facts.publisher == "某某县人民政府"
    assert facts.written_date == date(2025, 2, 1)
    assert facts.doc_no == "某政发〔2025〕4号"
    assert (facts.published_date, facts.date_source) == (date(2025, 2, 3), "detail_table")
    assert facts.title == "某某县人民政府关于某事项的通知"


def test_metadata_only_in_comments_and_scripts_is_ignored() -> None:
    body = """<html><head><script>document.write('发布日期：2017-01-01');</script></head><body>
    <!-- 发布日期：2019-01-01 文号：旧发〔2019〕1号 索引号：X/2019-00001 -->
    <h1>某某通知的标题</h1><div id="zoom"><p>正文。</p></div></body></html>"""
    facts = parse_detail(body, "http://h/a.html")
    assert (facts.published_date, facts.doc_no, facts.index_no, facts.date_source) == (None, None, None, None)


def test_meta_pubdate_when_no_block() -> None:
    body = """<html><head><meta name="PubDate" content="2025-06-18 17:05">
    <meta name="ArticleTitle" content="关于做好防汛工作的通知"></head><body><p>正文内容。</p></body></html>"""
    facts = parse_detail(body, "http://h/a.html")
    assert (facts.published_date, facts.date_source, facts.title) == (date(2025, 6, 18), "detail_meta", "关于做好防汛工作的通知")
    other = parse_detail('<html><head><meta name="firstpublishedtime" content="2025-06-18-17:05:00"></head></html>', "http://h/")
    assert (other.published_date, other.date_source) == (date(2025, 6, 18), "detail_meta")


def test_blank_values_and_title_fallback() -> None:
    body = """<html><head><title>关于开展安全检查的通知_通知公告_某某区</title></head><body>
    <div class="info">文号：无 发布日期：2025-04-01</div><p>正文</p></body></html>"""
    facts = parse_detail(body, "http://h/a.html")
    assert facts.doc_no is None
    assert facts.published_date == date(2025, 4, 1)
    assert facts.title == "关于开展安全检查的通知"


def test_empty_page() -> None:
    facts = parse_detail("", "http://h/a.html")
    assert facts.title is None and facts.published_date is None and facts.text_chars == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据国办发〔2019〕19号文件", ["国办发〔2019〕19号"]),
        ("转发国办发[2019]19号和财预（2016）143号", ["国办发〔2019〕19号", "财预〔2016〕143号"]),
        ("按照《通知》（青政办发【2025】012号）要求", ["青政办发〔2025〕12号"]),
        ("青政发〔2025〕3号、青政发〔2025〕3号", ["青政发〔2025〕3号"]),
        ("近日，西山市印发西政规〔2025〕18号文件", ["西政规〔2025〕18号"]),
        ("〔2025〕3号", []),
        ("2025年3号文件", []),
    ],
)
def test_cited_doc_nos(text: str, expected: list[str]) -> None:
    assert cited_doc_nos(text) == expected


def test_normalize_doc_no() -> None:
    assert normalize_doc_no("青政办发 [2025] 12号") == "青政办发〔2025〕12号"
    assert normalize_doc_no("青政办发（2025）12号") == "青政办发〔2025〕12号"


def test_related_links_but_not_menu_entries() -> None:
    body = """<html><body><div class="left"><ul><li><a href="/zcjd/">政策解读</a></li><li><a href="/zcwj/">政策文件</a></li></ul></div>
    <h1>关于某政策的解读</h1><div id="zoom"><p>为便于理解，现解读如下。</p></div>
    <p>相关文件：<a href="/zcwj/2025/a1.html">某某市关于某事项的实施意见</a></p>
    <p><a href="/zcwj/2025/a2.html">查看原文</a></p></body></html>"""
    facts = parse_detail(body, "http://h/zcjd/2025/b1.html")
    assert facts.cited_urls == ["http://h/zcwj/2025/a1.html", "http://h/zcwj/2025/a2.html"]


def test_title_is_the_heading_not_the_logo() -> None:
    body = """<html><head><title>关于开展春季植树活动的通知-某某区人民政府</title></head><body>
    <div class="top"><h1 class="logo">某某区人民政府</h1></div>
    <div class="main"><h2>通知公告</h2><div class="article-title">关于开展春季植树活动的通知</div>
    <div class="content"><p>各单位：现将有关事项通知如下。</p></div></div></body></html>"""
    assert parse_detail(body, "http://h/a.html").title == "关于开展春季植树活动的通知"
    # without a <title> to confirm it, a title-classed element beats a section heading
    assert parse_detail(body.replace("<title>关于开展春季植树活动的通知-某某区人民政府</title>", ""),
                        "http://h/a.html").title == "关于开展春季植树活动的通知"


def test_values_split_over_inline_tags() -> None:
    body = """<html><body><p><span>发布机构：</span><span>某某县</span><font color="red">人民政府</font>
    <span>发布日期：</span><span>2025</span>-<span>03-11</span></p></body></html>"""
    facts = parse_detail(body, "http://h/a.html")
    assert facts.publisher == "某某县人民政府"
    assert facts.published_date == date(2025, 3, 11)


@pytest.mark.parametrize("article", [
    "<div id='zoom'><p>第一段<span>内联</span>文字</p><p>第二段</p></div>尾巴",
    "<div id='zoom'><p>" + "很长的正文。" * (MAX_LINEAR_CHARS // 5) + "</p></div><p>之后</p>",  # past the bound
])
def test_one_walk_gives_the_page_text_and_the_article_text_as_two_walks_do(article: str) -> None:
    root = parse_html(f"<html><body><div class='nav'>首页<a href='/'>导航</a></div>{article}"
                      "<table><tr><td>发布日期：</td><td>2025-03-01</td></tr></table></body></html>")
    body, zoom = root.find("body"), root.find(".//div[@id='zoom']")
    assert linear_texts(body, zoom) == (linear_text(body), linear_text(zoom))
    assert linear_texts(body, body) == (linear_text(body), linear_text(body))
    assert linear_texts(zoom, root) == (linear_text(zoom), linear_text(root))  # inner not inside: walked apart
