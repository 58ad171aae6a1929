"""Page classification: error, block, stub and redirected pages served with status 200."""

from pathlib import Path

import pytest

from crawler.pageclass import classify

PAGES = Path(__file__).parent / "pages"
NAV = "".join(f'<a href="/c{i}/">栏目{i}</a>' for i in range(8))


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>404</title></head><body><h1>404</h1><p>您访问的页面不存在</p><a href='/'>返回首页</a></body></html>",
        f"<html><body><div class='nav'>{NAV}</div><p>抱歉，页面不存在或已删除！</p></body></html>",
        "<html><head><title>Page Not Found</title></head><body>The requested URL was not found.</body></html>",
    ],
)
def test_not_found_text(body: str) -> None:
    assert classify(body, 200, "http://h/a/b.html", "http://h/a/b.html") == "not_found_text"


@pytest.mark.parametrize(
    "body",
    [
        "<html><body><h2>访问受限</h2><p>您的访问请求被网站防火墙拦截，事件ID：8f3a</p></body></html>",
        "<html><body><p>请输入验证码后继续访问</p><img src='/captcha.jpg'><form><input name='code'></form></body></html>",
        "<html><body><noscript>请开启JavaScript并刷新该页</noscript><script>var a=1;</script></body></html>",
        "<html><body>安全拦截：检测到异常请求</body></html>",
        "<html><head><title>403 FORBIDDEN</title></head><body>ACCESS  DENIED by Web应用防火墙</body></html>",
        "<html><body><p>Please ENABLE\nJavaScript to view this site.</p></body></html>",
    ],
)
def test_block_pages(body: str) -> None:
    assert classify(body, 200, "http://h/xxgk/", "http://h/xxgk/") == "block_page"


def test_real_pages_mentioning_the_words_are_ok() -> None:
    list_page = (PAGES / "trs_index.html").read_text("utf-8")
    long_text = "<p>" + "政务公开工作要点，" * 300 + "本网站不使用验证码，404号文件。</p>"
    assert classify(list_page, 200, "http://h/xxgk/zcwj/", "http://h/xxgk/zcwj/") == "ok"
    assert classify(f"<html><body>{NAV}{long_text}</body></html>", 200, "http://h/a.html", "http://h/a.html") == "ok"


def test_status_404_is_not_found_whatever_the_body() -> None:
    body = (PAGES / "trs_index.html").read_text("utf-8")
    assert classify(body, 404, "http://h/x/index_9.html", "http://h/x/index_9.html") == "not_found_text"


@pytest.mark.parametrize("body", ["", "<html><body></body></html>", "<html><body><p>null</p></body></html>",
                                  "<html><body><a href='/'>首页</a></body></html>"])
def test_stubs(body: str) -> None:
    assert classify(body, 200, "http://h/x/index_40.html", "http://h/x/index_40.html") == "stub"


def test_script_shell_is_not_a_stub() -> None:
    body = '<html><body><div id="app"></div><script src="/app.js"></script></body></html>'
    assert classify(body, 200, "http://h/list/", "http://h/list/") == "ok"


def test_redirect_home() -> None:
    home = (PAGES / "trs_index.html").read_text("utf-8")
    assert classify(home, 200, "http://h/index.html", "http://h/xxgk/gone/index.html") == "redirect_home"
    assert classify(home, 200, "http://h/", "http://h/old.jsp?id=3") == "redirect_home"
    # asking for the homepage and getting it is fine
    assert classify(home, 200, "http://h/index.html", "http://h/") == "ok"
    assert classify(home, 200, "http://h/xxgk/zcwj/", "http://h/xxgk/zcwj/index.html") == "ok"


def test_a_short_list_holding_404_is_ok() -> None:
    body = f"<html><body>{NAV}<ul><li><a href='/a.html'>关于第404号建议的答复</a><span>2025-01-02</span></li></ul></body></html>"
    assert classify(body, 200, "http://h/jyta/", "http://h/jyta/") == "ok"
    assert classify("<html><body><h1>404</h1></body></html>", 200, "http://h/a", "http://h/a") == "not_found_text"
