"""What every site family shares: pre-rendered pages, routing, the injected faults, the common layout.

A family subclass decides its URLs (`list_path`, `detail_path`) and its markup (`render_list`,
`render_detail_meta`, ...). All static pages are rendered once, at construction, into `self.pages`;
requests that need logic (POST proxies, JSON APIs, challenges) go through `dynamic()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from urllib.parse import parse_qs

from sample_portals.model import Column, Fault, Portal, Posting, Response

SLOW_PAGE_SECONDS = 3.0
ATTACHMENT_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword", "docx": "application/msword",
    "xls": "application/vnd.ms-excel", "ofd": "application/ofd", "wps": "application/octet-stream",
}


def esc(text: str) -> str:
    return escape(text, quote=True)


def truncate(title: str, limit: int) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def chunks(items: list[Posting], size: int) -> list[list[Posting]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


class Site:
    family = "base"
    charset = "utf-8"  # what the pages are encoded in
    declared_charset = "utf-8"  # what the headers and <meta> say
    needs_browser = False
    page_size = 20
    xxgk_path = "/xxgk/index.html"
    related_label = "相关文件"

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        portal.site = self
        portal.needs_browser = self.needs_browser
        self.pages: dict[str, Response] = {}
        self.retry_503_paths: set[str] = set()
        self.slow_paths: set[str] = set()
        self.failed_once: set[str] = set()
        for column in portal.columns.values():
            column.list_path = self.list_path(column, 1)
            for posting in column.postings:
                if posting.external_url is None:
                    posting.path = (self.attachment_path(column, posting) if posting.attachment_ext
                                    else self.detail_path(column, posting))
        self.render_all()
        self.record_content_faults()

    def record_content_faults(self) -> None:
        """Faults in the content itself (stale columns, a late annual report), for the ground truth."""
        columns = self.portal.columns
        for key, day in self.portal.stale_until.items():
            if key == "homepage":
                self.portal.faults.append(Fault("stale_homepage", "/", f"首页自 {day.isoformat()} 起未更新"))
            else:
                self.portal.faults.append(Fault("stale_column", columns[key].list_path,
                                                f"栏目“{columns[key].label}”自 {day.isoformat()} 起未更新"))
        report = columns.get("annual_report")
        for posting in report.postings if report else []:
            if (posting.published.month, posting.published.day) > (3, 31):
                self.portal.faults.append(Fault("late_annual_report", posting.path,
                                                f"年度报告于 {posting.published.isoformat()} 发布，晚于 3 月 31 日"))

    def reset(self) -> None:
        """Forget per-server state (e.g. which 503 page already failed once)."""
        self.failed_once = set()

    # ---- URLs (families override) -------------------------------------------------------------

    def list_path(self, column: Column, page: int) -> str:
        raise NotImplementedError

    def detail_path(self, column: Column, posting: Posting) -> str:
        raise NotImplementedError

    def attachment_path(self, column: Column, posting: Posting) -> str:
        d = posting.published
        return f"/xxgk/{column.slug}/{d:%Y%m}/P0{d:%Y%m%d}{posting.uid}.{posting.attachment_ext}"

    def column_href(self, column: Column) -> str:
        """Where the 信息公开 page links a column (a broken column links to a missing page)."""
        return column.list_path

    # ---- rendering ----------------------------------------------------------------------------

    def render_all(self) -> None:
        home = self.html(self.portal.name, self.render_homepage())
        self.pages["/"] = home
        self.pages["/index.html"] = home
        self.pages[self.xxgk_path] = self.html(f"政府信息公开_{self.portal.name}", self.render_xxgk())
        self.pages["/robots.txt"] = Response(200, {"Content-Type": "text/plain; charset=utf-8"},
                                             self.robots_txt().encode())
        for column in self.portal.columns.values():
            if column.status == "broken":
                self.portal.faults.append(Fault("dead_link", column.list_path,
                                                f"栏目“{column.label}”的链接指向不存在的页面（404）"))
                continue
            if column.status == "empty":
                self.portal.faults.append(Fault("empty_column", column.list_path,
                                                f"栏目“{column.label}”存在但没有内容（暂无信息）"))
                self.pages[column.list_path] = self.html(column.label, self.render_empty(column))
                continue
            for key, body in self.render_list(column):
                self.pages[key] = self.html(f"{column.label}_{self.portal.name}", body)
            for posting in column.postings:
                if posting.external_url:
                    continue
                if posting.attachment_ext:
                    self.pages[posting.path] = self.attachment(posting)
                else:
                    self.pages[posting.path] = self.html(
                        f"{posting.title}_{self.portal.name}", self.render_detail(column, posting),
                        head=self.detail_head(posting))

    def html(self, title: str, body: str, head: str = "") -> Response:
        page = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{self.declared_charset}">\n'
                f"<title>{esc(title)}</title>\n{head}</head>\n<body>\n{self.header()}\n{body}\n"
                f"{self.footer()}\n</body>\n</html>\n")
        return Response(200, {"Content-Type": f"text/html; charset={self.declared_charset}"},
                        page.encode(self.charset))

    def attachment(self, posting: Posting) -> Response:
        ext = posting.attachment_ext or "pdf"
        content = f"%PDF-1.4\n% {posting.title}\n".encode() if ext == "pdf" else posting.title.encode()
        return Response(200, {"Content-Type": ATTACHMENT_TYPES.get(ext, "application/octet-stream")}, content)

    def header(self) -> str:
        nav = "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for label, href in self.nav_links())
        return (f'<div class="header"><div class="logo">{esc(self.portal.name)}</div>'
                f'<ul class="nav">{nav}</ul></div>')

    def footer(self) -> str:
        return (f'<div class="footer">主办：{esc(self.portal.name)}办公室　'
                f'网站标识码：{self.portal.seed % 10**10:010d}　示例省ICP备00000000号</div>')

    def nav_links(self) -> list[tuple[str, str]]:
        links = [("首页", "/"), ("政府信息公开", self.xxgk_path)]
        news = self.portal.columns.get("news")
        if news and news.status == "ok":
            links.append((news.label, news.list_path))
        links += [("政务服务", "/zwfw/"), ("互动交流", "/hdjl/")]
        return links

    def homepage_items(self) -> list[Posting]:
        news = self.portal.columns.get("news")
        if news is None:
            return []
        return sorted(news.postings, key=lambda p: (p.published, p.uid), reverse=True)[:8]

    def render_homepage(self) -> str:
        items = self.homepage_items()
        if items:
            self.portal.homepage_last_updated = max(p.published for p in items)
        rows = "".join(f'<li><a href="{esc(self.href(p))}" title="{esc(p.title)}">{esc(truncate(p.title, 28))}'
                       f"</a><span>{p.published.isoformat()}</span></li>" for p in items)
        news = self.portal.columns.get("news")
        more = f'<a class="more" href="{esc(news.list_path)}">更多&gt;&gt;</a>' if news else ""
        return (f'<div class="main"><div class="banner">{esc(self.portal.name)}欢迎您</div>'
                f'<div class="box"><h2>{esc(news.label if news else "要闻")}</h2>{more}'
                f'<ul class="news-list">{rows}</ul></div>'
                f'<div class="box"><a class="xxgk-entry" href="{esc(self.xxgk_path)}">政府信息公开</a></div>'
                f"{self.homepage_extras()}</div>")

    def homepage_extras(self) -> str:
        return ""

    def xxgk_links(self) -> str:
        return "".join(f'<li><a href="{esc(self.column_href(c))}">{esc(c.label)}</a></li>'
                       for c in self.portal.columns.values())

    def render_xxgk(self) -> str:
        return (f'<div class="main"><h2>政府信息公开</h2><div class="xxgk-nav">'
                f'<ul class="column-tree">{self.xxgk_links()}</ul></div></div>')

    def render_empty(self, column: Column) -> str:
        return f'<div class="main"><h2>{esc(column.label)}</h2><div class="list-empty">暂无信息</div></div>'

    def render_list(self, column: Column) -> Iterable[tuple[str, str]]:
        raise NotImplementedError

    def href(self, posting: Posting) -> str:
        return posting.external_url or posting.path

    def detail_head(self, posting: Posting) -> str:
        return ""

    def render_detail(self, column: Column, posting: Posting) -> str:
        body = "".join(f"<p>{esc(s)}</p>" for s in posting.body)
        return (f'<div class="main"><div class="position">当前位置：首页 &gt; {esc(column.label)}</div>'
                f'<h1 class="article-title">{esc(posting.title)}</h1>'
                f"{self.render_detail_meta(posting)}"
                f'<div class="article-content">{body}{self.related_link(posting)}</div></div>')

    def render_detail_meta(self, posting: Posting) -> str:
        return f'<div class="info">发布日期：{posting.published.isoformat()}　来源：{esc(posting.publisher)}</div>'

    def related_link(self, posting: Posting) -> str:
        policy = posting.interprets
        if policy is None or posting.link_method not in ("anchor", "other_column"):
            return ""
        return (f'<div class="related">{self.related_label}：<a href="{esc(self.href(policy))}">{esc(policy.title)}</a>'
                "</div>")

    def robots_txt(self) -> str:
        return "User-agent: *\nAllow: /\n"

    # ---- serving ------------------------------------------------------------------------------

    def respond(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> Response:
        if method not in ("GET", "HEAD", "POST"):
            return Response(405, {"Content-Type": "text/plain; charset=utf-8", "Allow": "GET, HEAD, POST"},
                            b"method not allowed")
        answer = self.dynamic(method, path, parse_qs(query), headers, body)
        if answer is None:
            answer = self.lookup(path, parse_qs(query))
        if path in self.retry_503_paths and path not in self.failed_once:
            self.failed_once.add(path)
            return Response(503, {"Content-Type": "text/html; charset=utf-8", "Retry-After": "1"},
                            "<html><body>服务暂时不可用，请稍后再试。</body></html>".encode())
        if path in self.slow_paths:
            answer.delay_s = SLOW_PAGE_SECONDS
        return answer

    def dynamic(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str],
                body: bytes) -> Response | None:
        """Requests answered by logic rather than a stored page; None = look the page up."""
        return None

    def lookup(self, path: str, query: dict[str, list[str]]) -> Response:
        page_number = query.get("page", ["1"])[0]
        if page_number not in ("", "1"):
            found = self.pages.get(f"{path}?page={page_number}")
        else:
            found = self.pages.get(path)
        if found is None:
            return self.not_found()
        return Response(found.status, dict(found.headers), found.body)

    def not_found(self) -> Response:
        page = f"<!DOCTYPE html><html><head><meta charset=\"{self.declared_charset}\"><title>404</title></head>" \
               "<body><h1>404 您访问的页面不存在</h1></body></html>"
        return Response(404, {"Content-Type": f"text/html; charset={self.declared_charset}"},
                        page.encode(self.charset))

    def page_keys(self) -> list[str]:
        """Every stored page (for determinism checks and static export)."""
        return sorted(self.pages)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def cn_date(day: date, zero_pad: bool = False) -> str:
    if zero_pad:
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    return f"{day.year}年{day.month}月{day.day}日"


def query_pager(page: int, pages: int, records: int) -> str:
    """A "首页 上一页 下一页 尾页" pager over ?page=N links."""
    links = [f"<span>共{records}条 第{page}/{pages}页</span>"]
    if page > 1:
        links += ['<a href="?page=1">首页</a>', f'<a href="?page={page - 1}">上一页</a>']
    if page < pages:
        links += [f'<a href="?page={page + 1}">下一页</a>', f'<a href="?page={pages}">尾页</a>']
    return '<div class="pages">' + " ".join(links) + "</div>"


def query_page_key(path: str, page: int) -> str:
    return path if page == 1 else f"{path}?page={page}"
