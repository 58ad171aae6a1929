"""Run page parsing in worker processes, so parsing and downloading use different cores."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class ParserPool:
    """``processes = 0`` parses inline. A pool whose worker died is replaced, and the page parsed inline."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.executor: ProcessPoolExecutor | None = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor | None:
        if self.processes <= 0:
            return None
        # spawn, not fork: the crawler process runs an event loop, threads and a browser driver.
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"))

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        if self.executor is None:
            return function(*args)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.executor, function, *args)
        except BrokenProcessPool:
            log.warning("解析进程异常退出，已重建进程池")
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._new_executor()
            return function(*args)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
