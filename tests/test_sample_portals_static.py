"""The static benchmark portal, served by a real nginx on loopback, matches its ground truth."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sample_portals.static import nginx_server_block, static_portal, write_static_portal
from tests.test_sample_portals import Client, read_trs

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "127.0.0.20"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(NGINX).exists():
        pytest.skip("需要 nginx")
    work = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    info = write_static_portal(work / "www", n_postings=400, seed=7, base_url=f"http://{HOST}:{port}/")
    (work / "logs").mkdir()
    conf = work / "nginx.conf"
    # Workers must read the test's private temp dir: run them as the current user when root.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(f"{user}daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'logs/error.log'};\n"
                    "events { worker_connections 64; }\n"
                    f"http {{\n client_body_temp_path {work}/tmp;\n proxy_temp_path {work}/tmp;\n"
                    f" fastcgi_temp_path {work}/tmp;\n uwsgi_temp_path {work}/tmp;\n scgi_temp_path {work}/tmp;\n"
                    f"{nginx_server_block(info['root'], HOST, port)}}}\n")
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(conf)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection((HOST, port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield info
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_static_portal_is_deterministic_and_sized() -> None:
    first, second = static_portal(500, seed=3), static_portal(500, seed=3)
    assert first.site.page_keys() == second.site.page_keys()
    assert all(first.site.pages[k].body == second.site.pages[k].body for k in first.site.page_keys())
    assert 480 <= len(first.postings()) <= 520
    assert static_portal(500, seed=4).site.pages["/"].body != first.site.pages["/"].body


def test_nginx_serves_what_the_truth_says(nginx_portal: dict[str, Any]) -> None:
    truth = nginx_portal["ground_truth"]
    client = Client()
    assert b"<title>" in client.fetch(truth["url"])[2]
    checked = 0
    for column in truth["columns"].values():
        if column["status"] != "ok":
            continue
        expected = [(p["url"], p["title"], p["published_date"]) for p in column["postings"]]
        assert read_trs(client, column["list_url"]) == expected
        checked += len(expected)
    assert checked == nginx_portal["postings"]
