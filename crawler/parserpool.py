"""Run page parsing in worker processes, so parsing and downloading use different cores.

Each worker is a plain ``python -m crawler.parseworker`` on one end of a socket pair; the crawl's
event loop writes tasks to the other end and reads the results as they come, with no helper
threads. (``concurrent.futures.ProcessPoolExecutor`` moves every task and result through two
threads of its own; with the crawl's thread busy, each hop waits for the GIL, and the workers idled
for want of work while hundreds of pages queued.)

Pages wait in the pool, highest priority first, and are handed to a worker the moment it has room:
the callback that reads a worker's results sends it its next pages in the same event-loop turn.
(Handing them over from the waiting coroutines took four or five turns of a busy loop per page, and
the workers sat idle for half the crawl while hundreds of pages waited.)
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import socket
import subprocess
from collections.abc import Callable
from typing import Any, TypeVar

from crawler.ipc import FrameBuffer, frame, spawn

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_RESTARTS = 5  # after this many dead workers, parse in the crawl's own process


class WorkerDied(Exception):
    pass


class ParseTaskError(Exception):
    """The task raised in the worker; the message is the worker's ``Type: text``."""


class _Worker(asyncio.Protocol):
    """One worker process and the crawl's end of its socket, read by callbacks (no reader task)."""

    def __init__(self, on_room: Callable[[], None]) -> None:
        self.process, self.sock = spawn("crawler.parseworker")
        self.transport: asyncio.Transport | None = None
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.alive = True
        self._on_room = on_room  # called when results freed room for more pages
        self._ids = itertools.count()
        self._connecting: asyncio.Task[Any] | None = None
        self._outbox: list[bytes] = []
        self._inbox = FrameBuffer()

    @property
    def ready(self) -> bool:
        return self.alive and self.transport is not None

    def connect(self) -> None:
        if self._connecting is None:
            loop = asyncio.get_running_loop()
            self._connecting = loop.create_task(loop.create_unix_connection(lambda: self, sock=self.sock))

    # ---- asyncio.Protocol --------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._on_room()

    def data_received(self, data: bytes) -> None:
        results = self._inbox.feed(data)
        for task_id, ok, value in results:
            waiting = self.pending.pop(task_id, None)
            if waiting is None or waiting.done():
                continue  # its caller gave up (cancelled)
            if ok:
                waiting.set_result(value)
            else:
                waiting.set_exception(ParseTaskError(value))
        if results:
            self._on_room()  # the next pages go out in this same turn
            self._flush()

    def connection_lost(self, exc: Exception | None) -> None:
        self._died()

    # ---- sending -----------------------------------------------------------------------------------
    def send(self, function: Callable[..., Any], args: tuple[Any, ...], result: asyncio.Future[Any]) -> None:
        task_id = next(self._ids)
        self.pending[task_id] = result
        # Frames of one event-loop turn go out in one write: a send() per page cost the crawl's
        # thread a system call and the worker a wake-up each.
        self._outbox.append(frame((task_id, function, args)))
        if len(self._outbox) == 1:
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        if not self._outbox:
            return
        frames, self._outbox = self._outbox, []
        if self.transport is None or not self.alive:
            return  # _died() has failed the pages already
        try:
            self.transport.write(b"".join(frames))
        except (ConnectionError, RuntimeError):
            self._died()

    def _died(self) -> None:
        was_alive, self.alive = self.alive, False
        for waiting in self.pending.values():
            if not waiting.done():
                waiting.set_exception(WorkerDied())
        self.pending.clear()
        if was_alive:
            self._on_room()  # its pages are parsed inline; the pool may start a replacement

    # ---- ending ------------------------------------------------------------------------------------
    def hang_up(self) -> None:
        """Close our end: the worker reads EOF and exits (even before the event loop runs again)."""
        self.alive = False
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self.transport is not None:
            self.transport.abort()
        else:
            self.sock.close()
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()

    def reap(self) -> None:
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def close(self) -> None:
        self.hang_up()
        self.reap()


class ParserPool:
    """``processes = 0`` parses inline. A worker that dies is replaced, and its pages parsed inline.

    Pages wait here for their turn, highest ``priority`` first (a list page, which leads to more
    pages, before a detail page that arrived earlier); each worker holds a few pages at a time,
    enough that it never waits for the crawl's busy event loop to send the next one.
    """

    def __init__(self, processes: int, in_flight_per_process: int = 8) -> None:
        self.processes = max(0, processes)
        self.workers = [_Worker(self._dispatch) for _ in range(self.processes)]
        self.restarts = 0
        self._limit = max(1, in_flight_per_process)
        self._waiting: list[tuple[int, int, Callable[..., Any], tuple[Any, ...], asyncio.Future[Any]]] = []
        self._order = itertools.count()
        self._closed = False

    async def run(self, priority: int, function: Callable[..., T], *args: Any) -> T:
        if not self.workers:
            return function(*args)
        result: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (-priority, next(self._order), function, args, result))
        self._dispatch()
        try:
            return await result
        except WorkerDied:
            log.warning("解析进程异常退出，本页在主进程中解析")
            return function(*args)

    def _dispatch(self) -> None:
        """Hand waiting pages, best first, to the least busy workers that have room."""
        self._replace_dead_workers()
        waiting = self._waiting
        while waiting:
            worker = min((w for w in self.workers if w.ready), key=lambda w: len(w.pending), default=None)
            if worker is None or len(worker.pending) >= self._limit:
                break
            _, _, function, args, result = heapq.heappop(waiting)
            if not result.done():  # a cancelled caller's page is dropped
                worker.send(function, args, result)
        if waiting and not any(worker.alive for worker in self.workers):
            for *_, result in waiting:  # no worker left: the callers parse inline
                if not result.done():
                    result.set_exception(WorkerDied())
            waiting.clear()

    def _replace_dead_workers(self) -> None:
        for index, worker in enumerate(self.workers):
            if not worker.alive and self.restarts < MAX_RESTARTS and not self._closed:
                self.restarts += 1
                worker.close()
                self.workers[index] = _Worker(self._dispatch)
                log.warning("解析进程已重启（第 %d 次）", self.restarts)
        for worker in self.workers:
            if worker.alive and worker.transport is None:
                worker.connect()

    def hang_up(self) -> None:
        """No more pages: the workers exit side by side (``close`` waits for them)."""
        self._closed = True
        for worker in self.workers:
            worker.hang_up()

    def close(self) -> None:
        self.hang_up()
        for worker in self.workers:
            worker.reap()
        self.workers = []
