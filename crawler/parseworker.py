"""A parser process: reads tasks from a socket, runs them, writes the results back (see parserpool).

Started by ``ParserPool`` as ``python -m crawler.parseworker FD``; FD is its end of a socket pair.
A frame is a 4-byte big-endian length and a pickle: ``(task_id, function, args)`` in,
``(task_id, ok, result_or_error_text)`` out. The functions are the pure readers of ``crawler.reading``.
"""

from __future__ import annotations

import gc
import os
import pickle
import socket
import struct
import sys
from typing import Any

from crawler.gctuning import CRAWL_GC_THRESHOLDS

HEADER = struct.Struct(">I")
WORKER_NICENESS = 10


def read_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def frame(payload: Any) -> bytes:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def serve(sock: socket.socket) -> None:
    while True:
        header = read_exactly(sock, HEADER.size)
        if header is None:
            return  # the crawler closed its end: done
        body = read_exactly(sock, HEADER.unpack(header)[0])
        if body is None:
            return
        task_id, function, args = pickle.loads(body)
        try:
            reply = frame((task_id, True, function(*args)))
        except Exception as exc:  # noqa: BLE001 - the crawler logs it with the page's URL
            reply = frame((task_id, False, f"{type(exc).__name__}: {exc}"[:300]))
        sock.sendall(reply)


def main() -> None:
    # The crawl's own thread is its critical path (every request and response passes through it);
    # parsing is throughput work that takes what CPU that thread leaves.
    os.nice(WORKER_NICENESS)
    sock = socket.socket(fileno=int(sys.argv[1]))
    import crawler.reading  # noqa: F401 - every task needs it: imported while the crawl fetches its first pages

    # What is imported lives as long as the worker: out of the collector's way, and fewer passes.
    gc.freeze()
    gc.set_threshold(*CRAWL_GC_THRESHOLDS)
    try:
        serve(sock)
    except (BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        pass
    finally:
        sock.close()
    # Nothing to flush or clean up: skip the interpreter's teardown, which the crawl would wait for.
    os._exit(0)


if __name__ == "__main__":
    main()
