"""An HTTPS portal with a self-signed certificate and TLS 1.2 only, as many government hosts have."""

from __future__ import annotations

import datetime as dt
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.crawl_fixture import run_zwgk

HOST = "127.0.0.42"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.gov.cn")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


class Portal(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/":
            body = '<ul class="nav"><li><a href="/gzdt/">工作动态</a></li></ul>'
        elif self.path == "/gzdt/":
            items = "".join(f'<li><a href="/gzdt/{i}.html">县政府召开第{i}次常务会议</a><span>2025-0{1 + i % 9}-1{i % 10}</span></li>'
                            for i in range(1, 16))
            body = f'<ul class="list">{items}</ul>'
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def https_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    server = ThreadingHTTPServer((HOST, 0), Portal)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://{HOST}:{server.server_port}/"
    server.shutdown()


def test_self_signed_tls12_portal_is_crawled(https_portal: str, tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text(f"sites:\n  - id: tls\n    name: 证书测试县\n    url: {https_portal}\n", encoding="utf-8")
    db = tmp_path / "tls.duckdb"
    result = run_zwgk("crawl", "--sites", str(sites), "--year", "2025", "--as-of", "2026-01-15", "--db", str(db),
                      "--no-progress")
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        status, postings = con.execute(
            "SELECT status, postings FROM columns WHERE column_key = 'news'").fetchone()  # type: ignore[misc]
        reachable, = con.execute("SELECT reachable FROM sites").fetchone()  # type: ignore[misc]
    assert reachable is True
    assert (status, postings) == ("ok", 15)
