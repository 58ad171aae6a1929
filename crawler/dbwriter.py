"""The crawl's writer: a process that owns the DuckDB file while the crawl runs, and appends the
fetched bodies to the evidence store.

In a thread of the crawl, the writer and the crawl's event loop took turns at the GIL: a batch of
2,000 rows that takes 30 ms alone took half a second, and every request waited its turn meanwhile.
Here the writer has an interpreter of its own; the crawl only pickles the rows.

Started by ``CrawlStore.start_background_writes`` as ``python -m crawler.dbwriter FD DB``. Frames
(``crawler.ipc``) in: ``("batch", postings, fetches, columns)`` (tuples, one transaction),
``("evidence", root, [(sha256, body), …])`` (bodies for the evidence store at ``root``, compressed
here), ``("execute", sql, params)``, ``("sync", n)``, ``("call", n, function, args)``. Out:
``("failed", text)`` for a write that failed (rolled back; later writes go on), ``("synced", n)`` once
everything before the sync is written, and ``("answer", n, ok, value)``: what ``function(con, *args)``
returned, or its error, run after everything sent before it. End of input: the writer closes the
database and exits.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from crawler.ipc import FrameBuffer, die_with_parent, frame, read_frame, spawn

WRITER_NICENESS = 5  # behind the crawl's own thread, ahead of the parser workers
SEND_BUFFER_BYTES = 8 << 20  # a few batches can wait in the socket while the writer is busy
EXIT_TIMEOUT_SECONDS = 120
T = TypeVar("T")


class DatabaseError(RuntimeError):
    """The database file cannot be opened, is not a zwgk database, or a write to it failed."""


class WriterFailed(DatabaseError):
    """A write failed in the writer process (the message is its ``Type: text``), or the writer died."""


class WriterProcess:
    """The crawl's end: sends writes without waiting, learns of failures as it goes."""

    def __init__(self, db_path: Path) -> None:
        self.process, self.sock = spawn("crawler.dbwriter", str(db_path))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)
        self._replies = FrameBuffer()
        self._failures: list[str] = []
        self._synced = -1
        self._syncs = itertools.count()
        self._answers: dict[int, tuple[bool, Any]] = {}
        self._gone = False

    def send(self, *message: Any) -> None:
        # Blocks only when the socket's buffer (SEND_BUFFER_BYTES, as far as the kernel allows) is
        # full, i.e. when the writer has fallen a few batches behind: then the crawl waits for it.
        self._check()  # a failure reported since the last call is raised before more is sent
        try:
            self.sock.sendall(frame(message))
        except OSError:
            self._gone = True
            self._check()

    def sync(self) -> None:
        """Wait until everything sent so far is written; raise the first failure reported."""
        token = next(self._syncs)
        self.send("sync", token)
        while self._synced < token and not self._gone:
            self._take(self.sock.recv(1 << 16))
        self._check()

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(con, *args)`` in the writer, after everything sent so far; its result (picklable:
        a module-level function and plain values), or its error raised here as ``WriterFailed``."""
        token = next(self._syncs)
        self.send("call", token, function, args)
        while token not in self._answers and not self._gone:
            self._take(self.sock.recv(1 << 16))
        self._check()
        ok, value = self._answers.pop(token, (False, "数据库写入进程意外退出"))
        if not ok:
            raise WriterFailed(value)
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Let the writer finish and exit; raise a failure it reported on the way."""
        try:
            self.sock.shutdown(socket.SHUT_WR)  # end of input: the writer closes the database
        except OSError:
            pass
        try:
            while not self._gone:
                self._take(self.sock.recv(1 << 16))
            self.process.wait(timeout=EXIT_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            self.sock.close()
        self._check(exited=True)

    def _poll(self) -> None:
        try:
            while not self._gone:
                self._take(self.sock.recv(1 << 16, socket.MSG_DONTWAIT))
        except BlockingIOError:
            pass

    def _take(self, data: bytes) -> None:
        if not data:
            self._gone = True
            return
        for reply in self._replies.feed(data):
            kind = reply[0]
            if kind == "failed":
                self._failures.append(reply[1])
            elif kind == "synced":
                self._synced = reply[1]
            elif kind == "answer":
                _, token, ok, value = reply
                self._answers[token] = (ok, value)

    def _check(self, *, exited: bool = False) -> None:
        self._poll()
        if self._failures:
            raise WriterFailed(self._failures.pop(0))
        if self._gone and not exited:
            raise WriterFailed(f"数据库写入进程意外退出（退出码 {self.process.poll()}）")
        if exited and self.process.returncode:
            raise WriterFailed(f"数据库写入进程异常退出（退出码 {self.process.returncode}）")


def serve(sock: socket.socket, db_path: str) -> None:
    import crawler.health  # noqa: F401 - the end of the run asks for it: imported while the crawl goes on
    from crawler.evidence import EvidenceStore
    from crawler.store import apply_write, connect

    con = connect(db_path)
    con.execute("SET threads = 1")  # batches of a few thousand rows gain nothing from more threads
    evidence: dict[str, EvidenceStore] = {}

    def evidence_store(root: str) -> EvidenceStore:
        if root not in evidence:
            evidence[root] = EvidenceStore(root)
        return evidence[root]

    try:
        while True:
            try:
                message = read_frame(sock)
            except EOFError:
                return
            kind = message[0]
            if kind == "sync":
                sock.sendall(frame(("synced", message[1])))
                continue
            if kind == "call":
                _, token, function, args = message
                try:
                    answer = ("answer", token, True, function(con, *args))
                except Exception as exc:  # noqa: BLE001 - raised in the crawl, which asked
                    answer = ("answer", token, False, f"{type(exc).__name__}: {exc}"[:1000])
                sock.sendall(frame(answer))
                continue
            try:
                apply_write(con, message, evidence_store)
            except Exception as exc:  # noqa: BLE001 - reported to the crawl, which raises it
                sock.sendall(frame(("failed", f"{type(exc).__name__}: {exc}"[:1000])))
    finally:
        try:
            for store in evidence.values():
                store.close()  # fsync: the bodies survive a power loss once the run is complete
        finally:
            con.close()


def main() -> None:
    os.nice(WRITER_NICENESS)
    die_with_parent()
    sock = socket.socket(fileno=int(sys.argv[1]))
    try:
        serve(sock, sys.argv[2])
    finally:
        sock.close()
    # The database is closed: skip the interpreter's teardown, which the crawl waits for before it
    # reads the file.
    os._exit(0)


if __name__ == "__main__":
    main()
