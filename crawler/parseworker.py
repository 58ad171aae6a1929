"""A parser process: reads tasks from a socket, runs them, writes the results back (see parserpool).

Started by ``ParserPool`` as ``python -m crawler.parseworker FD`` (``crawler.ipc``). Frames:
``(task_id, function, args)`` in, ``(task_id, ok, result_or_error_text)`` out. The functions are the
pure readers of ``crawler.reading``.
"""

from __future__ import annotations

import gc
import os
import socket
import sys

from crawler.gctuning import CRAWL_GC_THRESHOLDS
from crawler.ipc import die_with_parent, frame, read_frame

WORKER_NICENESS = 10


def serve(sock: socket.socket) -> None:
    while True:
        try:
            task_id, function, args = read_frame(sock)
        except EOFError:
            return  # the crawler closed its end: done
        try:
            reply = frame((task_id, True, function(*args)))
        except Exception as exc:  # noqa: BLE001 - the crawler logs it with the page's URL
            reply = frame((task_id, False, f"{type(exc).__name__}: {exc}"[:300]))
        sock.sendall(reply)


def main() -> None:
    # The crawl's own thread is its critical path (every request and response passes through it);
    # parsing is throughput work that takes what CPU that thread leaves.
    os.nice(WORKER_NICENESS)
    die_with_parent()
    sock = socket.socket(fileno=int(sys.argv[1]))
    import crawler.reading  # noqa: F401 - every task needs it: imported while the crawl fetches its first pages

    # What is imported lives as long as the worker: out of the collector's way, and fewer passes.
    gc.freeze()
    gc.set_threshold(*CRAWL_GC_THRESHOLDS)
    try:
        serve(sock)
    except (BrokenPipeError, ConnectionResetError):  # the crawl went away (Ctrl-C is ignored: die_with_parent)
        pass
    finally:
        sock.close()
    # Nothing to flush or clean up: skip the interpreter's teardown, which the crawl would wait for.
    os._exit(0)


if __name__ == "__main__":
    main()
