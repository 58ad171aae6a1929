"""What kind of page a response really is, whatever its status says.

Portals answer missing pages with "404" text under status 200, block crawlers with 200-status
notices, send missing pages to the homepage, and serve tiny stubs on deep pagination. None of
these is content: the crawler must not read them as an empty column.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.listing.html import ParsedPage, element_text, parse_page

OK = "ok"
NOT_FOUND_TEXT = "not_found_text"
BLOCK_PAGE = "block_page"
STUB = "stub"
REDIRECT_HOME = "redirect_home"

# Error and block notices are short; a real page that mentions 404 or 验证码 has much more text.
MAX_NOTICE_TEXT_CHARS = 1500
MAX_NOTICE_LINKS = 15
MAX_STUB_TEXT_CHARS = 40
MAX_BARE_404_TEXT_CHARS = 30
MAX_STUB_LINKS = 1

_BARE_404 = re.compile(r"(?<![\d.\-/])404(?![\d.\-/])")
_NOT_FOUND = re.compile(
    r"页面不存在|您访问的页面不存在|页面未找到|找不到(?:该|此|您要访问的)?页面|页面已删除|"
    r"信息不存在|文章不存在|内容不存在|not\s+found|page\s+not\s+found",
)
_BLOCKED = re.compile(
    r"访问受限|访问被拒绝|拒绝访问|安全拦截|已被拦截|被拦截|非法请求|请求被阻断|访问被阻断|网站防火墙|安全狗|"
    r"云防护|web应用防火墙|验证码|人机验证|滑动验证|请开启\s*javascript|请启用\s*javascript|"
    r"enable\s+javascript|access\s+denied|forbidden|访问过于频繁|请稍后再试",
)
# Both are matched against lower-cased text: five times faster than re.IGNORECASE on CJK text.
HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php",
                        "/index.aspx", "/default.htm", "/default.html", "/default.aspx", "/portal/index.html"})


def _is_home(path: str) -> bool:
    return path.lower() in HOME_PATHS


def _path(url: str) -> str:
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return "/"


def classify(body: str, status: int, url: str, requested_url: str, parsed: ParsedPage | None = None) -> str:
    """ok | not_found_text | block_page | stub | redirect_home for a fetched page.

    `url` is where the fetch ended, `requested_url` what was asked for. The status is used only
    to treat a 404/410 as not found whatever its body holds. `parsed` is the page already parsed
    (``parse_page(body)``), when the caller reads it further.
    """
    if not _is_home(_path(requested_url)) and _is_home(_path(url)):
        return REDIRECT_HOME
    if status in (404, 410):
        return NOT_FOUND_TEXT
    page = parsed if parsed is not None else parse_page(body)
    root = page.root
    links = sum(1 for a in root.iter("a") if a.get("href"))
    if links > MAX_NOTICE_LINKS:  # too many links for a notice or a stub: no need to read the text
        return OK
    # <noscript> is what a crawler without JavaScript is shown ("请开启JavaScript").
    noscript = page.noscript[:MAX_NOTICE_TEXT_CHARS]
    has_script = page.has_script
    title = root.find(".//title")
    text = element_text(root)
    head_text = f"{element_text(title) if title is not None else ''} {noscript} {text}"[: MAX_NOTICE_TEXT_CHARS * 2].lower()
    short = len(text) <= MAX_NOTICE_TEXT_CHARS  # and, from above, few links
    if short and _BLOCKED.search(head_text):
        return BLOCK_PAGE
    if short and _NOT_FOUND.search(head_text):
        return NOT_FOUND_TEXT
    # A bare "404" is an error code only in the title, a heading or a nearly empty page
    # (a short list may hold 第404号 or an 索引号 with 404 in it).
    headings = " ".join(element_text(h) for h in root.iter("title", "h1", "h2", "h3"))[:500]
    if short and (_BARE_404.search(headings) or len(text) <= MAX_BARE_404_TEXT_CHARS and _BARE_404.search(text)):
        return NOT_FOUND_TEXT
    if len(text) <= MAX_STUB_TEXT_CHARS and links <= MAX_STUB_LINKS and not has_script:
        return STUB
    return OK
