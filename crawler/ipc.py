"""Helper processes of the crawl on socket pairs, talking in framed pickles.

A frame is a 4-byte big-endian length and a pickle. The parser workers (``parseworker``) and the
database writer (``dbwriter``) are plain ``python -m crawler.<module> FD …`` processes; FD is their
end of a socket pair whose other end the crawl keeps.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

HEADER = struct.Struct(">I")
_PR_SET_PDEATHSIG = 1
_PARENT_ENV = "ZWGK_CRAWL_PID"


def frame(payload: Any) -> bytes:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def read_exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(sock: socket.socket) -> Any:
    """The next payload, blocking; ``EOFError`` when the other end has closed."""
    header = read_exactly(sock, HEADER.size)
    body = read_exactly(sock, HEADER.unpack(header)[0]) if header is not None else None
    if body is None:
        raise EOFError
    return pickle.loads(body)


class FrameBuffer:
    """Bytes as they arrive in, whole payloads out."""

    def __init__(self) -> None:
        self._data = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        buffer = self._data
        buffer += data
        payloads: list[Any] = []
        start = 0
        while len(buffer) - start >= HEADER.size:
            (length,) = HEADER.unpack_from(buffer, start)
            end = start + HEADER.size + length
            if end > len(buffer):
                break
            payloads.append(pickle.loads(buffer[start + HEADER.size : end]))
            start = end
        if start:
            del buffer[:start]
        return payloads


def spawn(module: str, *args: str) -> tuple[subprocess.Popen[bytes], socket.socket]:
    """Start ``python -m module FD *args``; returns the process and the crawl's end of its socket."""
    parent, child = socket.socketpair()
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env[_PARENT_ENV] = str(os.getpid())
    process = subprocess.Popen(
        [sys.executable, "-m", module, str(child.fileno()), *args],
        pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, env=env,
    )
    child.close()
    return process, parent


def die_with_parent() -> None:
    """Be killed with the crawl (kill -9 included), as a thread of it would be: a helper left behind
    would hold the database file's lock. Ctrl-C is the crawl's to handle: it tells us when to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if str(os.getppid()) != os.environ.get(_PARENT_ENV, str(os.getppid())):
        os._exit(1)  # the crawl died before the line above took effect
