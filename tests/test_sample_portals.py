"""The sample portals serve exactly what their ground truth says.

The reader here is independent of the crawler: urllib over real HTTP on 127.0.0.x, lxml/BeautifulSoup,
one small reader per site family that follows that family's pagination (createPageHTML, the Hanweb
POST proxy, the JSON API, 下一页 links) and compares URLs, titles and dates with the ground truth.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from sample_portals import CANONICAL_KEYS, DEMO_AS_OF, DEMO_YEAR, DemoServer, build_portals, ground_truth

SHANGHAI = ZoneInfo("Asia/Shanghai")
Row = tuple[str, str, str | None]  # url, title, published date (ISO)


# ---- HTTP ---------------------------------------------------------------------------------------

class Client:
    """urllib with an optional cookie and one retry on 503 (the injected fault)."""

    def __init__(self, cookie: str | None = None) -> None:
        self.cookie = cookie

    def fetch(self, url: str, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
        for _ in range(2):
            request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
            if self.cookie:
                request.add_header("Cookie", self.cookie)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                if error.code != 503:
                    return error.code, dict(error.headers), error.read()
        raise AssertionError(f"{url} answered 503 twice")

    def text(self, url: str, encoding: str = "utf-8") -> str:
        status, _, body = self.fetch(url)
        assert status == 200, f"{url} → {status}"
        return body.decode(encoding)


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def next_link(page: BeautifulSoup, url: str) -> str | None:
    link = page.find("a", string="下一页")
    return urljoin(url, link["href"]) if link else None


def detail_text(client: Client, url: str, encoding: str = "utf-8") -> str:
    return soup(client.text(url, encoding)).get_text(" ")


DATE_ON_PAGE = re.compile(r"(?:发布日期|发布时间)：\s*(\d{4})-(\d{2})-(\d{2})")


def detail_date(client: Client, url: str) -> str:
    text = detail_text(client, url)
    match = DATE_ON_PAGE.search(text)
    assert match, f"no 发布日期 on {url}"
    return "-".join(match.groups())


# ---- one reader per family ----------------------------------------------------------------------

def read_trs(client: Client, list_url: str) -> list[Row]:
    first = client.text(list_url)
    count, _, stem, ext = re.search(r'createPageHTML\((\d+), (\d+), "(\w+)", "(\w+)"\)', first).groups()  # type: ignore[union-attr]
    urls = [list_url] + [urljoin(list_url, f"{stem}_{k}.{ext}") for k in range(1, int(count))]
    rows: list[Row] = []
    for url in urls:
        for li in soup(client.text(url)).select("ul.list > li"):
            a = li.find("a")
            rows.append((urljoin(url, a["href"]), a["title"], li.find_all("span")[-1].get_text()))
    return rows


def read_trs6(client: Client, list_url: str) -> list[Row]:
    first = client.text(list_url)
    _, count, current, stem, ext, records = re.search(  # type: ignore[union-attr]
        r"createPageHTML\('(\w+)', (\d+), (\d+), '(\w+)', '(\w+)', (\d+)\)", first).groups()
    assert current == "1"
    rows: list[Row] = []
    for k in range(1, int(count) + 1):
        url = list_url if k == 1 else urljoin(list_url, f"{stem}_{k}.{ext}")
        status, _, body = client.fetch(url)
        if status == 404:  # declared page count larger than reality
            break
        for li in soup(body.decode()).select("ul.list > li"):
            a = li.find("a")
            rows.append((urljoin(url, a["href"]), a["title"], li.find("span", class_="date").get_text()))
    assert len(rows) == int(records)
    return rows


CDATA_RECORD = re.compile(r"<record><!\[CDATA\[(.*?)\]\]></record>", re.S)


def hanweb_rows(xml: str, base: str) -> list[Row]:
    rows: list[Row] = []
    for record in CDATA_RECORD.findall(xml):
        li = soup(record).find("li")
        a = li.find("a")
        rows.append((urljoin(base, a["href"]), a["title"], li.find("span").get_text()))
    return rows


def read_hanweb(client: Client, list_url: str) -> list[Row]:
    page = client.text(list_url, "gbk")
    # The records are inside <script type="text/xml">: a plain HTML parser sees no rows at all.
    assert not soup(page).select("li a[href*='/art/']")
    datastore = re.search(r'<script type="text/xml">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    rows = hanweb_rows(datastore, list_url)
    jpage = re.search(r"totalRecord: (\d+), perPage: (\d+), groupSize: (\d+), proxyUrl: '([^']+)', "
                      r"ajaxParam: \{(.*?)\}", page).groups()  # type: ignore[union-attr]
    total, per_page, group = int(jpage[0]), int(jpage[1]), int(jpage[2])
    form = {k.strip(): v.strip().strip("'") for k, v in (kv.split(":") for kv in jpage[4].split(","))}
    assert len(rows) == min(total, per_page * group)
    step = per_page * group
    for start in range(step + 1, total + 1, step):
        query = urlencode({"startrecord": start, "endrecord": start + step - 1, "perpage": per_page})
        status, headers, body = client.fetch(urljoin(list_url, f"{jpage[3]}?{query}"),
                                             data=urlencode(form, encoding="gbk").encode())
        assert status == 200
        rows += hanweb_rows(body.decode("gbk"), list_url)
    assert len(rows) == total
    return rows


def read_json(client: Client, list_url: str) -> list[Row]:
    shell = soup(client.text(list_url))
    assert shell.select("#list") and not shell.select("#list li")  # an empty shell
    api, channel, size = re.search(  # type: ignore[union-attr]
        r'renderList\(\{api: "([^"]+)", channelId: "(\w+)", pageSize: (\d+)\}\)', str(shell)).groups()
    rows: list[Row] = []
    page = 1
    while True:
        query = urlencode({"channelId": channel, "pageNo": page, "pageSize": size})
        data = json.loads(client.text(urljoin(list_url, f"{api}?{query}")))["data"]
        for item in data["list"]:
            # publishTime is epoch ms at midnight Asia/Shanghai (UTC+8, no DST).
            day = datetime.fromtimestamp(item["publishTime"] / 1000, SHANGHAI).date().isoformat()
            rows.append((urljoin(list_url, item["url"]), item["title"], day))
        if page * int(size) >= data["total"]:
            return rows
        page += 1


CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def read_table(client: Client, list_url: str) -> list[Row]:
    rows: list[Row] = []
    url: str | None = list_url
    while url:
        page = soup(client.text(url))
        table = page.select_one("table.list-table")
        headers = [th.get_text() for th in table.find_all("th")]
        for tr in table.find_all("tr")[1:]:
            a = tr.find("a")
            link = urljoin(url, a["href"])
            if "发布日期" in headers:
                y, m, d = CN_DATE.search(tr.find_all("td")[-1].get_text()).groups()  # type: ignore[union-attr]
                day = f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
            else:
                day = detail_date(client, link)
            rows.append((link, a.get_text(), day))
        url = next_link(page, url)
    return rows


def read_shortdate(client: Client, list_url: str) -> list[Row]:
    rows: list[Row] = []
    url: str | None = list_url
    while url:
        page = soup(client.text(url))
        for li in page.select("ul.list-short > li"):
            a = li.find("a")
            link = urljoin(url, a["href"])
            month, day = re.fullmatch(r"\[(\d{2})-(\d{2})\]", li.find("span").get_text()).groups()  # type: ignore[union-attr]
            in_url = re.search(r"/(\d{4})/(\d{2})/", urlsplit(link).path)
            if in_url:
                assert in_url.group(2) == month
                iso = f"{in_url.group(1)}-{month}-{day}"
            else:
                iso = detail_date(client, link)
                assert iso.endswith(f"-{month}-{day}")
            rows.append((link, a.get_text(), iso))
        url = next_link(page, url)
    return rows


def read_challenge(client: Client, list_url: str) -> list[Row]:
    rows: list[Row] = []
    url: str | None = list_url
    while url:
        page = soup(client.text(url))
        for li in page.select("ul.news-list > li"):
            a = li.find("a")
            link = urljoin(url, a["href"])
            title = a.get_text()
            if title.endswith("…"):  # cut without title=: the full title is only on the detail page
                title = soup(client.text(link)).select_one("h1").get_text()
            rows.append((link, title, li.find("span", class_="date").get_text()))
        url = next_link(page, url)
    return rows


def read_generic(client: Client, list_url: str) -> list[Row]:
    rows: list[Row] = []
    url: str | None = list_url
    while url:
        page = soup(client.text(url))
        for row in page.select("div.main dl.list > dd, div.main div.list > div.item, div.main table.list tr"):
            a = row.find("a")
            inside = a.find("i")
            if inside is not None:  # date inside the link, not part of the title
                day = inside.extract().get_text()
            else:
                day = (row.find("b") or row.find("em") or row.find_all("td")[-1]).get_text()
            rows.append((urljoin(url, a["href"]), a.get_text(), day))
        url = next_link(page, url)
    return rows


READERS: dict[str, Callable[[Client, str], list[Row]]] = {
    "trs": read_trs, "trs6": read_trs6, "hanweb": read_hanweb, "jsonapi": read_json, "table": read_table,
    "shortdate": read_shortdate, "challenge": read_challenge, "generic": read_generic,
}
ENCODINGS = {"hanweb": "gbk"}


def challenge_cookie(body: str) -> str:
    a, b, c = (int(x) for x in re.search(r"=(\d+),_0x3b=(\d+),_0x1c=(\d+)", body).groups())  # type: ignore[union-attr]
    name = re.search(r"document.cookie='([^=]+)=", body).group(1)  # type: ignore[union-attr]
    return f"{name}={a * b + c}"


def client_for(portal: dict[str, Any]) -> Client:
    if portal["family"] != "challenge":
        return Client()
    status, _, body = Client().fetch(portal["url"])
    assert status == 412
    return Client(challenge_cookie(body.decode()))


# ---- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def served() -> Iterator[tuple[DemoServer, dict[str, Any]]]:
    with DemoServer(build_portals(), port=0) as server:
        yield server, server.ground_truth()


def truth_portal(truth: dict[str, Any], portal_id: str) -> dict[str, Any]:
    return next(p for p in truth["portals"] if p["id"] == portal_id)


# ---- determinism and shape ----------------------------------------------------------------------

def test_two_builds_are_identical() -> None:
    first, second = build_portals(), build_portals()
    urls = {p.id: f"http://{p.host}:18001/" for p in first}
    assert json.dumps(ground_truth(first, urls), ensure_ascii=False) == \
        json.dumps(ground_truth(second, urls), ensure_ascii=False)
    for a, b in zip(first, second, strict=True):
        if a.site is None:
            continue
        assert a.site.page_keys() == b.site.page_keys()
        for key in a.site.page_keys():
            assert a.site.pages[key].body == b.site.pages[key].body, f"{a.id}{key}"


BUILD_DIGEST = """
import hashlib, json
from sample_portals import build_portals, ground_truth
portals = build_portals()
digest = hashlib.sha256()
for portal in portals:
    for key in (portal.site.page_keys() if portal.site else []):
        digest.update(key.encode() + portal.site.pages[key].body)
urls = {p.id: f"http://{p.host}:18001/" for p in portals}
digest.update(json.dumps(ground_truth(portals, urls), ensure_ascii=False).encode())
print(digest.hexdigest())
"""


def test_builds_do_not_depend_on_hash_seed() -> None:
    digests = {subprocess.run([sys.executable, "-c", BUILD_DIGEST], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(digests) == 1


def test_truth_shape_and_sizes(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    assert (truth["year"], truth["as_of"]) == (DEMO_YEAR, DEMO_AS_OF.isoformat())
    assert len(truth["portals"]) == 9
    hosts = {urlsplit(p["url"]).hostname for p in truth["portals"]}
    assert hosts == {f"127.0.0.{n}" for n in range(11, 20)}
    total = 0
    for portal in truth["portals"]:
        assert list(portal["columns"]) == list(CANONICAL_KEYS)
        present = [c for c in portal["columns"].values() if c["status"] != "absent"]
        if portal["reachable"]:
            assert 9 <= len(present) <= 13, portal["id"]
        for column in portal["columns"].values():
            assert column["status"] in ("ok", "empty", "broken", "absent")
            if column["status"] != "ok":
                assert column["postings"] == []
            for posting in column["postings"]:
                assert "2024-07-01" <= posting["published_date"] <= "2026-01-14"
            total += len(column["postings"])
        names = [re.search(r"《(.+?)》", p["title"]).group(1) if "《" in p["title"] else p["title"]  # type: ignore[union-attr]
                 for p in portal["columns"]["policy_docs"]["postings"]]
        assert len(names) == len(set(names)), f"{portal['id']}: policy names must identify one policy"
    assert 1500 <= total <= 3000
    statuses = {c["status"] for p in truth["portals"] for c in p["columns"].values()}
    assert statuses == {"ok", "empty", "broken", "absent"}
    methods = {link["method"] for p in truth["portals"] for link in p["interpretation_links"]}
    assert methods == {"anchor", "name", "doc_no", "other_column"}


def test_sites_yaml_lists_every_portal(served: tuple[DemoServer, dict[str, Any]], tmp_path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    server, truth = served
    sites = yaml.safe_load(server.write_sites_yaml(tmp_path / "sites.yaml").read_text(encoding="utf-8"))["sites"]
    assert [(s["id"], s["url"]) for s in sites] == [(p["id"], p["url"]) for p in truth["portals"]]
    assert all("columns" not in s for s in sites)
    written = json.loads(server.write_ground_truth(tmp_path / "gt.json").read_text(encoding="utf-8"))
    assert written == truth


# ---- every portal serves its truth --------------------------------------------------------------

def xxgk_column_links(client: Client, portal: dict[str, Any]) -> dict[str, str]:
    """Label → absolute URL of the links on the 政府信息公开 page (through its iframe if any)."""
    encoding = ENCODINGS.get(portal["family"], "utf-8")
    home = soup(client.text(portal["url"], encoding))
    xxgk_url = urljoin(portal["url"], home.find("a", string="政府信息公开")["href"])
    page = soup(client.text(xxgk_url, encoding))
    frame = page.find("iframe")
    if frame is not None:
        xxgk_url = urljoin(xxgk_url, frame["src"])
        page = soup(client.text(xxgk_url, encoding))
    return {a.get_text(): urljoin(xxgk_url, a["href"]) for a in page.find_all("a")}


@pytest.mark.parametrize("portal_id", ["qingzhou", "linhai", "nanshan", "dongpo", "baiyun", "xishan",
                                       "jinshui", "fengyang"])
def test_portal_serves_its_truth(served: tuple[DemoServer, dict[str, Any]], portal_id: str) -> None:
    _, truth = served
    portal = truth_portal(truth, portal_id)
    client = client_for(portal)
    links = xxgk_column_links(client, portal)
    read = READERS[portal["family"]]
    for key, column in portal["columns"].items():
        if column["status"] == "absent":
            assert column["label"] not in links
            continue
        assert links[column["label"]] == column["list_url"], key
        if column["status"] == "broken":
            assert client.fetch(column["list_url"])[0] == 404
        elif column["status"] == "empty":
            assert "暂无信息" in client.text(column["list_url"])
        else:
            expected = [(p["url"], p["title"], p["published_date"]) for p in column["postings"]]
            assert read(client, column["list_url"]) == expected, f"{portal_id}.{key}"


@pytest.mark.parametrize("portal_id", ["qingzhou", "nanshan", "baiyun", "xishan", "jinshui", "fengyang"])
def test_detail_pages_carry_metadata_and_links(served: tuple[DemoServer, dict[str, Any]], portal_id: str) -> None:
    _, truth = served
    portal = truth_portal(truth, portal_id)
    client = client_for(portal)
    encoding = ENCODINGS.get(portal["family"], "utf-8")
    policies = [p for p in portal["columns"]["policy_docs"]["postings"]
                if not p["external"] and not p["attachment"]]
    for policy in policies[:12]:
        text = detail_text(client, policy["url"], encoding)
        assert policy["title"] in text and policy["doc_no"] in text and policy["index_no"] in text
        written = date.fromisoformat(policy["written_date"])
        assert any(form in text for form in (written.isoformat(), f"{written.year}年{written:%m}月{written:%d}日",
                                             f"{written.year}年{written.month}月{written.day}日"))
    policy_titles = {p["url"]: p for p in policies}
    for link in portal["interpretation_links"]:
        page = soup(client.text(link["interpretation_url"], encoding))
        anchors = {urljoin(link["interpretation_url"], a["href"]) for a in page.find_all("a", href=True)}
        policy = policy_titles[link["policy_url"]]
        if link["method"] in ("anchor", "other_column"):
            assert link["policy_url"] in anchors
        else:
            assert link["policy_url"] not in anchors
        if link["method"] == "name":
            name = re.search(r"《(.+?)》", page.find("h1").get_text()).group(1)  # type: ignore[union-attr]
            assert name in policy["title"]
        if link["method"] == "doc_no":
            assert policy["doc_no"] in page.get_text() and "《" not in page.find("h1").get_text()


def test_hanweb_encoding_is_gbk_declared_gb2312(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "nanshan")
    status, headers, body = Client().fetch(portal["columns"]["personnel"]["list_url"])
    assert status == 200 and "charset=gb2312" in headers["Content-Type"]
    assert b'<meta charset="gb2312">' in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gbk")
    outside = [p["title"] for p in portal["columns"]["personnel"]["postings"] if not _fits_gb2312(p["title"])]
    assert outside, "some titles must need GBK beyond GB2312"
    assert any(title in text for title in outside)
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    # a POST without the form fields gets an empty recordset
    proxy = urljoin(portal["url"], "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15")
    assert b"<recordset></recordset>" in Client().fetch(proxy, data=b"col=1")[2]


def _fits_gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def test_other_portals_are_utf8(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    for portal in truth["portals"]:
        if portal["family"] in ("hanweb", "challenge") or not portal["reachable"]:
            continue
        status, headers, body = Client().fetch(portal["url"])
        assert status == 200 and "charset=utf-8" in headers["Content-Type"]
        body.decode("utf-8")


# ---- faults -------------------------------------------------------------------------------------

def test_challenge_refuses_plain_http_and_accepts_computed_cookie(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "jinshui")
    for url in (portal["url"], portal["columns"]["news"]["list_url"], urljoin(portal["url"], "/robots.txt")):
        status, _, body = Client().fetch(url)
        assert status == 412 and b"document.cookie" in body
    cookie = challenge_cookie(body.decode())
    name, value = cookie.split("=")
    assert Client(f"{name}={int(value) + 1}").fetch(portal["url"])[0] == 412
    status, _, body = Client(cookie).fetch(portal["url"])
    assert status == 200 and portal["name"].encode() in body


def test_retry_503_fails_once_then_succeeds(served: tuple[DemoServer, dict[str, Any]]) -> None:
    server, truth = served
    portal = truth_portal(truth, "qingzhou")
    fault = next(f for f in portal["faults"] if f["kind"] == "retry_503")
    next(p for p in server.portals if p.id == "qingzhou").site.reset()
    with pytest.raises(urllib.error.HTTPError) as first:
        urllib.request.urlopen(fault["url"], timeout=5)
    assert first.value.code == 503
    with urllib.request.urlopen(fault["url"], timeout=5) as second:
        assert second.status == 200
    statuses = [r.status for r in server.requests("qingzhou") if fault["url"].endswith(r.path)]
    assert statuses[-2:] == [503, 200]


def test_robots_disallows_search_linked_from_homepage(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "qingzhou")
    robots = Client().text(urljoin(portal["url"], "/robots.txt"))
    assert "Disallow: /search/" in robots
    home = soup(Client().text(portal["url"]))
    assert any(a["href"].startswith("/search/") for a in home.find_all("a", href=True))
    assert any(f["kind"] == "robots" for f in portal["faults"])


def test_phantom_pages_and_dead_link_answer_404(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "linhai")
    kinds = {f["kind"]: f["url"] for f in portal["faults"]}
    assert Client().fetch(kinds["phantom_pages"])[0] == 404
    assert Client().fetch(kinds["dead_link"])[0] == 404
    empty = [c for c in portal["columns"].values() if c["status"] == "empty"]
    assert len(empty) >= 5


def test_calendar_trap_links_forever(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "baiyun")
    url = next(f["url"] for f in portal["faults"] if f["kind"] == "calendar_trap")
    seen = set()
    for _ in range(5):
        seen.add(url)
        url = next_link_by_text(Client().text(url), url, "下一月")
    assert len(seen) == 5 and url.endswith("month=2026-05")


def next_link_by_text(text: str, url: str, label: str) -> str:
    return urljoin(url, soup(text).find("a", string=label)["href"])


def test_slow_page_answers_after_about_three_seconds(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "baiyun")
    url = next(f["url"] for f in portal["faults"] if f["kind"] == "slow")
    started = time.monotonic()
    status, _, _ = Client().fetch(url)
    assert status == 200 and time.monotonic() - started >= 2.8


def test_stale_portals_are_stale(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    assert truth_portal(truth, "fengyang")["homepage_last_updated"] == "2025-12-20"
    notices = truth_portal(truth, "linhai")["columns"]["notices"]["postings"]
    assert max(p["published_date"] for p in notices).startswith("2025-04")
    monthly = {}
    for p in truth_portal(truth, "qingzhou")["columns"]["major_projects"]["postings"]:
        monthly[p["published_date"][:7]] = monthly.get(p["published_date"][:7], 0) + 1
    assert min(monthly[f"2025-{m:02d}"] for m in range(1, 13)) >= 3


def test_unreachable_portal_refuses_connections(served: tuple[DemoServer, dict[str, Any]]) -> None:
    _, truth = served
    portal = truth_portal(truth, "hexi")
    assert portal["reachable"] is False
    target = urlsplit(portal["url"])
    started = time.monotonic()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((target.hostname, target.port), timeout=2)
    assert time.monotonic() - started < 1


def test_request_log_records_method_path_status(served: tuple[DemoServer, dict[str, Any]]) -> None:
    server, truth = served
    portal = truth_portal(truth, "fengyang")
    Client().fetch(urljoin(portal["url"], "/no-such-page.html"))
    last = server.requests("fengyang")[-1]
    assert (last.method, last.path, last.status) == ("GET", "/no-such-page.html", 404)


def test_many_concurrent_requests_are_all_answered(served: tuple[DemoServer, dict[str, Any]]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _, truth = served
    portal = truth_portal(truth, "fengyang")
    urls = [p["url"] for p in portal["columns"]["news"]["postings"][:96]]
    with ThreadPoolExecutor(max_workers=48) as pool:
        statuses = list(pool.map(lambda url: Client().fetch(url)[0], urls))
    assert statuses == [200] * len(urls)


def test_serve_command_writes_files_serves_and_stops_on_ctrl_c(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import signal

    import yaml

    process = subprocess.Popen([sys.executable, "-m", "sample_portals", "serve", "--out", str(tmp_path),
                                "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        truth_file = tmp_path / "ground_truth.json"
        for _ in range(200):
            if truth_file.exists() and truth_file.stat().st_size > 0:
                break
            time.sleep(0.05)
        time.sleep(0.2)  # the file is written in one call; let it finish
        sites = yaml.safe_load((tmp_path / "sites.yaml").read_text(encoding="utf-8"))["sites"]
        assert len(sites) == 9
        status, _, body = Client().fetch(sites[0]["url"])
        assert status == 200 and sites[0]["name"].encode() in body
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        assert [p["url"] for p in truth["portals"]] == [s["url"] for s in sites]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "已停止" in out
