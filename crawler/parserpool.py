"""Run page parsing in worker processes, so parsing and downloading use different cores.

Each worker is a plain ``python -m crawler.parseworker`` on one end of a socket pair; the crawl's
event loop writes tasks to the other end and reads the results as they come, with no helper
threads. (``concurrent.futures.ProcessPoolExecutor`` moves every task and result through two
threads of its own; with the crawl's thread busy, each hop waits for the GIL, and the workers idled
for want of work while hundreds of pages queued.)
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import os
import pickle
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from crawler.parseworker import HEADER, frame

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_RESTARTS = 5  # after this many dead workers, parse in the crawl's own process


class WorkerDied(Exception):
    pass


class ParseTaskError(Exception):
    """The task raised in the worker; the message is the worker's ``Type: text``."""


class _Worker:
    def __init__(self) -> None:
        parent, child = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "crawler.parseworker", str(child.fileno())],
            pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, env=env,
        )
        child.close()
        self.sock = parent
        self.writer: asyncio.StreamWriter | None = None
        self.reader_task: asyncio.Task[None] | None = None
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.alive = True
        self._ids = itertools.count()
        self._connected: asyncio.Future[None] | None = None
        self._outbox: list[bytes] = []

    async def call(self, function: Callable[..., T], args: tuple[Any, ...]) -> T:
        if not self.alive:
            raise WorkerDied
        if self._connected is None:  # the first caller connects; the others wait for the same connection
            self._connected = asyncio.ensure_future(self._connect())
        await asyncio.shield(self._connected)
        assert self.writer is not None
        task_id = next(self._ids)
        result: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self.pending[task_id] = result
        # Frames of one event-loop turn go out in one write: a send() per page cost the crawl's
        # thread a system call and the worker a wake-up each. At most a few pages per worker are in
        # flight (ParserPool's limit), so the transport's buffer stays small without drain().
        self._outbox.append(frame((task_id, function, args)))
        if len(self._outbox) == 1:
            asyncio.get_running_loop().call_soon(self._send_outbox)
        return await result

    def _send_outbox(self) -> None:
        frames, self._outbox = self._outbox, []
        if self.writer is None or not self.alive:
            return  # _died() has failed the pages already
        try:
            self.writer.write(b"".join(frames))
        except (ConnectionError, RuntimeError):
            self._died()

    async def _connect(self) -> None:
        reader, self.writer = await asyncio.open_unix_connection(sock=self.sock)
        self.reader_task = asyncio.create_task(self._read_results(reader))

    async def _read_results(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                header = await reader.readexactly(HEADER.size)
                task_id, ok, value = pickle.loads(await reader.readexactly(HEADER.unpack(header)[0]))
                waiting = self.pending.pop(task_id, None)
                if waiting is None or waiting.done():
                    continue
                if ok:
                    waiting.set_result(value)
                else:
                    waiting.set_exception(ParseTaskError(value))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self._died()

    def _died(self) -> None:
        self.alive = False
        for waiting in self.pending.values():
            if not waiting.done():
                waiting.set_exception(WorkerDied())
        self.pending.clear()

    def hang_up(self) -> None:
        """Close our end: the worker reads EOF and exits (even before the event loop runs again)."""
        self.alive = False
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self.writer is not None:
            self.writer.close()
        else:
            self.sock.close()
        if self.reader_task is not None:
            self.reader_task.cancel()

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
    pages, before a detail page that arrived earlier); each worker has a few tasks handed over at a
    time, enough that it never waits for the crawl to send the next one.
    """

    def __init__(self, processes: int, in_flight_per_process: int = 6) -> None:
        self.processes = max(0, processes)
        self.workers = [_Worker() for _ in range(self.processes)]
        self.restarts = 0
        self._limit = max(1, self.processes) * in_flight_per_process
        self._running = 0
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def run(self, priority: int, function: Callable[..., T], *args: Any) -> T:
        if not self.workers:
            return function(*args)
        await self._turn(priority)
        try:
            worker = self._worker()  # the least busy one when the page's turn comes
            if worker is None:  # every worker died and the restarts are used up
                return function(*args)
            try:
                return await worker.call(function, args)
            except WorkerDied:
                log.warning("解析进程异常退出，本页在主进程中解析")
                return function(*args)
        finally:
            self._running -= 1
            self._wake_next()

    def _worker(self) -> _Worker | None:
        """The least busy live worker, replacing dead ones while restarts are left."""
        for index, worker in enumerate(self.workers):
            if not worker.alive and self.restarts < MAX_RESTARTS:
                self.restarts += 1
                worker.close()
                self.workers[index] = _Worker()
                log.warning("解析进程已重启（第 %d 次）", self.restarts)
        live = [worker for worker in self.workers if worker.alive]
        return min(live, key=lambda worker: len(worker.pending)) if live else None

    async def _turn(self, priority: int) -> None:
        if self._running < self._limit and not self._waiting:
            self._running += 1
            return
        ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (-priority, next(self._order), ready))
        try:
            await ready  # _wake_next counted us as running
        except asyncio.CancelledError:
            if ready.done() and not ready.cancelled():
                self._running -= 1
                self._wake_next()
            raise

    def _wake_next(self) -> None:
        while self._waiting and self._running < self._limit:
            _, _, ready = heapq.heappop(self._waiting)
            if not ready.done():
                self._running += 1
                ready.set_result(None)

    def close(self) -> None:
        for worker in self.workers:  # all hang up first, so they exit side by side
            worker.hang_up()
        for worker in self.workers:
            worker.reap()
        self.workers = []
