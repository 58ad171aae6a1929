"""Hostile portals: every fault ends in an explicit status, and none of them becomes ``empty``.

A small portal on 127.0.0.41 answers each column with one fault: "404" text under status 200, a
redirect to the homepage, a 200-status block page, a tiny stub deep in pagination, a hang past the
timeout, a connection reset, an endless “下一页” trap, a detail page that always fails.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest

HOST = "127.0.0.41"
NAV = {
    "政策文件": "/soft404/",
    "工作动态": "/gone/",
    "通知公告": "/blocked/",
    "人事信息": "/stub/",
    "规划计划": "/hang/",
    "财政预决算": "/reset/",
    "重大项目": "/trap/",
    "政策解读": "/jd/",
    "机构信息": "/jg/",
}


def page(body: str) -> bytes:
    return f'<html><head><meta charset="utf-8"><title>测试</title></head><body>{body}</body></html>'.encode()


def rows(prefix: str, start: int, count: int, day: str = "2025-06-") -> str:
    items = "".join(f'<li><a href="/{prefix}/{i}.html">关于第{i}项工作的情况通报</a><span>{day}{10 + i % 15:02d}</span></li>'
                    for i in range(start, start + count))
    return f'<ul class="list">{items}</ul>'


class FaultHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch per fault is the point
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path in ("/", "/index.html"):
            nav = "".join(f'<li><a href="{href}">{label}</a></li>' for label, href in NAV.items())
            self.send(200, page(f'<ul class="nav">{nav}</ul><ul><li><a href="/news/1.html">要闻</a>'
                                f"<span>2026-01-10</span></li></ul>"))
        elif path == "/robots.txt":
            self.send(404, b"")
        elif path == "/soft404/":
            self.send(200, page("<h1>404</h1><p>您访问的页面不存在</p>"))
        elif path == "/gone/":
            self.send(302, b"", {"Location": "/"})
        elif path == "/blocked/":
            self.send(200, page("<p>访问受限：您的请求被网站防火墙拦截，请开启JavaScript后重试</p>"))
        elif path == "/stub/":
            if query.get("page") == ["2"]:
                self.send(200, page(""))
            else:
                self.send(200, page(rows("rs", 1, 12) + '<a href="/stub/?page=2">下一页</a>'))
        elif path == "/hang/":
            time.sleep(4)
            self.send(200, page(rows("gh", 1, 3)))
        elif path == "/reset/":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
        elif path == "/trap/":
            n = int(query.get("page", ["1"])[0])
            self.send(200, page(rows(f"xm{n}", n * 100, 10, "2025-08-")
                                + f'<a href="/trap/?page={n + 1}&amp;s={"x" * n}">下一页</a>'))
        elif path == "/jd/":
            self.send(200, page(rows("jd", 1, 6)))
        elif path == "/jd/3.html":
            self.send(500, page("服务器错误"))
        elif path == "/jg/":
            self.send(200, page(rows("jg", 1, 3)))
        else:
            self.send(200, page(f"<h1>正文 {path}</h1><p>发布日期：2025-06-11</p><p>{'内容' * 80}</p>"))


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the hang and reset faults leave broken sockets behind on purpose


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    server = QuietServer((HOST, 0), FaultHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    work = tmp_path_factory.mktemp("faults")
    sites = work / "sites.yaml"
    sites.write_text(f"sites:\n  - id: faulty\n    name: 故障测试县人民政府\n    url: http://{HOST}:{server.server_port}/\n",
                     encoding="utf-8")
    db = work / "faults.duckdb"
    overrides = {"DOWNLOAD_TIMEOUT": 2, "ZWGK_RETRY_BACKOFF_BASE": 0.1, "ZWGK_MAX_PAGES_PER_COLUMN": 5,
                 "RETRY_TIMES": 1}
    script = (
        "import json, sys; from datetime import date; from pathlib import Path; from zwgk.crawl import run_crawl; "
        "run_crawl(sites=Path(sys.argv[1]), year=2025, as_of=date(2026, 1, 15), db=Path(sys.argv[2]), "
        "progress=False, overrides=json.loads(sys.argv[3]))"
    )
    result = subprocess.run([sys.executable, "-c", script, str(sites), str(db), json.dumps(overrides)],
                            capture_output=True, text=True, timeout=300)
    server.shutdown()
    assert result.returncode == 0, result.stderr[-3000:]
    yield db, result.stderr


def column(db: Path, key: str) -> dict[str, object]:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT status, status_reason, review, review_reason, cap_hit, postings, pages "
                          "FROM columns WHERE site_id = 'faulty' AND column_key = ?", [key]).fetchone()
    assert row is not None, key
    names = ("status", "status_reason", "review", "review_reason", "cap_hit", "postings", "pages")
    return dict(zip(names, row, strict=True))


@pytest.mark.parametrize(("key", "status"), [
    ("policy_docs", "broken"),      # "404" text with status 200
    ("news", "broken"),             # redirected to the homepage
    ("notices", "failed"),          # 200-status block page: our problem to solve, not their fault
    ("plans", "failed"),            # hangs past the timeout
    ("budget", "failed"),           # connection reset
    ("personnel", "ok"),            # tiny stub on page 2 ends pagination
    ("major_projects", "ok"),       # endless 下一页 trap, capped
    ("interpretations", "ok"),      # one detail page always 500
    ("institution", "ok"),
])
def test_each_fault_has_its_explicit_status(crawled: tuple[Path, str], key: str, status: str) -> None:
    db, _ = crawled
    assert column(db, key)["status"] == status, column(db, key)


def test_our_failures_are_flagged_for_review(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    for key in ("notices", "plans", "budget"):
        info = column(db, key)
        assert info["review"] is True and info["status_reason"], info
    assert "timeout" in str(column(db, "plans")["status_reason"])


def test_stub_page_ends_pagination_without_losing_rows(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    info = column(db, "personnel")
    assert info["postings"] == 12 and info["review"] is False


def test_pagination_trap_hits_the_cap_and_says_so(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    info = column(db, "major_projects")
    assert info["cap_hit"] is True and info["pages"] == 5 and info["review"] is True
    assert "上限" in str(info["review_reason"])


def test_failed_detail_keeps_the_posting_and_asks_for_review(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    info = column(db, "interpretations")
    assert info["postings"] == 6 and info["review"] is True
    assert "详情页" in str(info["review_reason"])


def test_fetch_errors_are_recorded_with_a_reason(crawled: tuple[Path, str]) -> None:
    db, _ = crawled
    with duckdb.connect(str(db), read_only=True) as con:
        errors = {e for (e,) in con.execute("SELECT DISTINCT error FROM fetches WHERE error IS NOT NULL").fetchall()}
    assert {"timeout", "reset"} <= errors, errors
