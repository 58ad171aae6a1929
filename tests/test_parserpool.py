"""The parser pool: worker processes on socket pairs, driven from the crawl's event loop."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import pytest

from crawler.parserpool import ParserPool, ParseTaskError


def echo(value: object, seconds: float = 0.0) -> object:
    time.sleep(seconds)
    return value


def worker_pid() -> int:
    return os.getpid()


def fail() -> None:
    raise ValueError("第 3 页坏了")


def run(coroutine):  # noqa: ANN001, ANN201
    return asyncio.run(coroutine)


def test_results_come_back_to_the_right_callers_even_when_all_start_at_once() -> None:
    async def main() -> list[object]:
        pool = ParserPool(2)
        try:
            return await asyncio.gather(*(pool.run(0, echo, {"page": n, "标题": "政务" * n}) for n in range(300)))
        finally:
            pool.close()

    assert run(main()) == [{"page": n, "标题": "政务" * n} for n in range(300)]


def test_parsing_happens_in_other_processes() -> None:
    async def main() -> set[int]:
        pool = ParserPool(2)
        try:
            return set(await asyncio.gather(*(pool.run(0, worker_pid) for _ in range(20))))
        finally:
            pool.close()

    pids = run(main())
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_zero_processes_parses_inline() -> None:
    async def main() -> int:
        pool = ParserPool(0)
        try:
            return await pool.run(0, worker_pid)
        finally:
            pool.close()

    assert run(main()) == os.getpid()


def test_higher_priority_waiting_pages_go_first() -> None:
    async def main() -> list[str]:
        pool = ParserPool(1, in_flight_per_process=1)
        order: list[str] = []

        async def page(priority: int, name: str) -> None:
            await pool.run(priority, echo, name, 0.05)
            order.append(name)

        try:
            first = asyncio.create_task(page(0, "busy"))
            await asyncio.sleep(0.01)  # the worker is busy: the rest queue up in the pool
            rest = [asyncio.create_task(page(p, n)) for p, n in ((0, "detail-1"), (0, "detail-2"), (10, "list"))]
            await asyncio.gather(first, *rest)
        finally:
            pool.close()
        return order

    assert run(main()) == ["busy", "list", "detail-1", "detail-2"]


def test_an_error_in_the_worker_reaches_the_caller_with_its_message() -> None:
    async def main() -> None:
        pool = ParserPool(1)
        try:
            with pytest.raises(ParseTaskError, match="ValueError: 第 3 页坏了"):
                await pool.run(0, fail)
            assert await pool.run(0, echo, "still serving") == "still serving"
        finally:
            pool.close()

    run(main())


def test_a_dead_worker_costs_no_page_and_is_replaced() -> None:
    async def main() -> tuple[object, int, int, int]:
        pool = ParserPool(1)
        try:
            before = await pool.run(0, worker_pid)
            # the worker dies under this task: it is parsed inline, then a new worker takes over
            died_pid = await pool.run(0, die_then_pid)
            after = await pool.run(0, worker_pid)
            return died_pid, before, after, pool.restarts
        finally:
            pool.close()

    died_pid, before, after, restarts = run(main())
    assert died_pid == ("inline", os.getpid())
    assert after not in (before, os.getpid()) and restarts == 1


def die_then_pid() -> tuple[str, int]:
    """In a worker: die. Parsed inline after the worker died: say so."""
    if os.environ.get("ZWGK_TEST_MAIN_PID") != str(os.getpid()):
        os._exit(3)
    return ("inline", os.getpid())


@pytest.fixture(autouse=True)
def _mark_main_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # set after the pool starts its workers would be too late; workers inherit the environment
    monkeypatch.setenv("ZWGK_TEST_MAIN_PID", str(os.getpid()))


def test_close_ends_the_workers_promptly() -> None:
    async def main() -> list[int]:
        pool = ParserPool(2)
        await asyncio.gather(*(pool.run(0, echo, n) for n in range(10)))
        processes = [worker.process for worker in pool.workers]
        started = time.monotonic()
        pool.close()
        assert time.monotonic() - started < 3
        return [process.returncode for process in processes]

    assert run(main()) == [0, 0]


def note(path: str, name: str, seconds: float) -> str:
    time.sleep(seconds)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(name + "\n")
    return name


def test_a_page_whose_caller_gave_up_is_never_parsed(tmp_path) -> None:  # noqa: ANN001
    log_file = str(tmp_path / "parsed.txt")

    async def main() -> list[str]:
        pool = ParserPool(1, in_flight_per_process=1)
        try:
            busy = asyncio.create_task(pool.run(0, note, log_file, "busy", 0.1))
            await asyncio.sleep(0.02)
            dropped = asyncio.create_task(pool.run(0, note, log_file, "dropped", 0))
            kept = asyncio.create_task(pool.run(0, note, log_file, "kept", 0))
            await asyncio.sleep(0.01)
            dropped.cancel()
            return [await busy, await kept]
        finally:
            pool.close()

    assert run(main()) == ["busy", "kept"]
    assert (tmp_path / "parsed.txt").read_text(encoding="utf-8").split() == ["busy", "kept"]


def test_each_worker_holds_at_most_its_share_and_all_pages_come_back() -> None:
    async def main() -> tuple[list[int], int]:
        pool = ParserPool(2, in_flight_per_process=3)
        most = 0

        async def watch() -> None:
            nonlocal most
            while True:
                most = max([most, *(len(worker.pending) for worker in pool.workers)])
                await asyncio.sleep(0.001)

        watcher = asyncio.create_task(watch())
        try:
            results = await asyncio.gather(*(pool.run(n % 3, echo, n, 0.002) for n in range(120)))
        finally:
            watcher.cancel()
            pool.close()
        return results, most

    results, most = run(main())
    assert results == list(range(120))
    assert 1 <= most <= 3


def test_helper_processes_do_not_import_scrapy() -> None:
    """Each parser and the writer start with the crawl: Scrapy's import (~0.26 s of CPU each) would
    compete with the crawl's own start."""
    code = ("import sys, crawler.parseworker, crawler.reading, crawler.dbwriter, crawler.store, crawler.health, "
            "crawler.evidence; print(sorted({m.split('.')[0] for m in sys.modules} & {'scrapy', 'twisted'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
