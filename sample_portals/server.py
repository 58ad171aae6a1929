"""DemoServer: serves every sample portal on its own loopback address, one HTTP server per portal."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sample_portals.ground_truth import ground_truth
from sample_portals.model import Portal, Response


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str  # path with query string, as requested
    status: int


class _PortalHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a crawler opens many connections at once; the default backlog is 5

    def __init__(self, address: tuple[str, int], portal: Portal) -> None:
        self.portal = portal
        self.log: list[RequestRecord] = []
        self.log_lock = threading.Lock()
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _PortalHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            target = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            response = self.server.portal.site.respond(method, target.path or "/", target.query, headers, body)
        except Exception as error:  # a generator bug must show up as a 500, not a dropped connection
            message = f"示例门户内部错误：{type(error).__name__}: {error}"
            response = Response(500, {"Content-Type": "text/plain; charset=utf-8"}, message.encode())
        # Logged before answering, so a client that has its answer also finds it in the log.
        with self.server.log_lock:
            self.server.log.append(RequestRecord(method, self.path, response.status))
        if response.delay_s:
            time.sleep(response.delay_s)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


class DemoServer:
    """Context manager serving the portals; `port=0` picks a free port on each portal's address.

    An unreachable portal gets a socket that is bound but never listens, so connecting to it is
    refused at once and no other program can take its address meanwhile.
    """

    def __init__(self, portals: list[Portal], port: int = 0) -> None:
        self.portals = portals
        self.port = port
        self.urls: dict[str, str] = {}
        self._servers: dict[str, _PortalHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._dead_sockets: list[socket.socket] = []

    def start(self) -> DemoServer:
        try:
            for portal in self.portals:
                if portal.reachable:
                    portal.site.reset()
                    server = _PortalHTTPServer((portal.host, self.port), portal)
                    self._servers[portal.id] = server
                    thread = threading.Thread(target=server.serve_forever, name=f"portal-{portal.id}",
                                              kwargs={"poll_interval": 0.1}, daemon=True)
                    thread.start()
                    self._threads.append(thread)
                    port = server.server_address[1]
                else:
                    dead = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    dead.bind((portal.host, self.port))
                    self._dead_sockets.append(dead)
                    port = dead.getsockname()[1]
                self.urls[portal.id] = f"http://{portal.host}:{port}/"
        except OSError as error:
            self.stop()
            raise OSError(f"无法在 {portal.host}:{self.port} 上启动示例门户：{error.strerror}") from error
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for dead in self._dead_sockets:
            dead.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._dead_sockets.clear()
        self._threads.clear()

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests(self, portal_id: str) -> list[RequestRecord]:
        """Every request the portal has answered so far: (method, path with query, status)."""
        server = self._servers.get(portal_id)
        if server is None:
            return []
        with server.log_lock:
            return list(server.log)

    def sites(self) -> list[dict[str, str]]:
        return [{"id": p.id, "name": p.name, "url": self.urls[p.id], "region": p.region, "level": p.level}
                for p in self.portals]

    def write_sites_yaml(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump({"sites": self.sites()}, allow_unicode=True, sort_keys=False)
        target.write_text("# 示例门户（zwgk 自带的测试靶场），由 sample_portals 生成\n" + text, encoding="utf-8")
        return target

    def ground_truth(self) -> dict[str, Any]:
        return ground_truth(self.portals, self.urls)

    def write_ground_truth(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.ground_truth(), ensure_ascii=False, indent=1), encoding="utf-8")
        return target
