"""Content-addressed, compressed store of every body a portal served (the evidence).

Layout beside the database ``audit.duckdb``::

    audit.evidence/packs/20260115-093000-4242-1a2b.pack   gzip members, one per body, appended
    audit.evidence/packs/20260115-093000-4242-1a2b.idx    one line per body: sha256 offset length

Bodies are keyed by the sha256 of the raw (uncompressed) bytes, so ``fetches.sha256`` and
``postings.detail_sha256`` can be checked against the store by anyone. Each record is a complete
gzip member: ``tail -c +$((offset+1)) X.pack | head -c length | zcat`` reads one without zwgk.

Pack files, not one file per page: creating a file costs about a millisecond of kernel time on
common file systems, more than fetching and parsing a small page, and an annual crawl of a thousand
portals would leave millions of files to copy and back up. Each writer appends to packs of its own
(named by time, process and a random tag), so several processes can write beside each other; the
index line is written after its record, so a reader never sees an entry whose bytes are not there.
Stores written by zwgk before packs (``audit.evidence/ab/ab12….gz``) are still read.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import secrets
import threading
import time
from pathlib import Path
from typing import BinaryIO

PACK_LIMIT = 1 << 30  # a new pack after ~1 GiB, so no single file grows without bound
# Bodies handed to the writer together: few enough that evidence reaches the disk soon after the
# fetch, enough that it costs one message (and one write and flush) per batch, not per page.
QUEUE_BODIES = 64
QUEUE_BYTES = 2 << 20


def evidence_dir_for(db_path: str | os.PathLike[str]) -> Path:
    db = Path(db_path)
    return db.with_name(db.stem + ".evidence")


class EvidenceStore:
    """Put and get bodies by sha256. One store object per process; ``close()`` ends its packs."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.packs = self.root / "packs"
        self._index: dict[str, tuple[str, int, int]] = {}  # sha256 → (pack, offset, length), read lazily
        self._index_sizes: dict[str, int] = {}
        self._lock = threading.Lock()
        self._pack: BinaryIO | None = None
        self._idx: BinaryIO | None = None
        self._pack_name = ""
        self._pack_size = 0

    @classmethod
    def beside(cls, db_path: str | os.PathLike[str]) -> EvidenceStore:
        return cls(evidence_dir_for(db_path))

    # ---- writing ----------------------------------------------------------------------------------
    def put(self, body: bytes) -> str:
        """Store ``body`` once; return its sha256."""
        digest = hashlib.sha256(body).hexdigest()
        if not self.has(digest):
            self.put_many([(digest, body)])
        return digest

    def put_many(self, items: list[tuple[str, bytes]]) -> None:
        """Append bodies (sha256 computed and checked absent by the caller) with one write and one
        flush per file: the index line of a body is written only after the body itself."""
        records = [(digest, gzip.compress(body, compresslevel=6, mtime=0)) for digest, body in items]
        with self._lock:
            start = 0
            while start < len(records):
                pack, idx = self._open_pack()
                offset = self._pack_size
                entries: list[tuple[str, int, int]] = []
                end = start
                while end < len(records) and (end == start or offset < PACK_LIMIT):
                    digest, record = records[end]
                    entries.append((digest, offset, len(record)))
                    offset += len(record)
                    end += 1
                pack.write(b"".join(record for _, record in records[start:end]))
                pack.flush()
                idx.write("".join(f"{digest} {at} {size}\n" for digest, at, size in entries).encode("ascii"))
                idx.flush()
                self._pack_size = offset
                for digest, at, size in entries:
                    self._index[digest] = (self._pack_name, at, size)
                if self._pack_size >= PACK_LIMIT:
                    self._close_pack()
                start = end

    def _open_pack(self) -> tuple[BinaryIO, BinaryIO]:
        if self._pack is None or self._idx is None:
            self.packs.mkdir(parents=True, exist_ok=True)
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self._pack_name = f"{stamp}-{os.getpid()}-{secrets.token_hex(2)}"
            self._pack = open(self.packs / f"{self._pack_name}.pack", "xb")  # noqa: SIM115 - kept open
            self._idx = open(self.packs / f"{self._pack_name}.idx", "xb")  # noqa: SIM115
            self._pack_size = 0
        return self._pack, self._idx

    def _close_pack(self) -> None:
        for handle in (self._pack, self._idx):
            if handle is not None:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
        self._pack = self._idx = None

    def close(self) -> None:
        """Flush and fsync the open pack: after this the bodies survive a power loss."""
        with self._lock:
            self._close_pack()

    def __enter__(self) -> EvidenceStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading ----------------------------------------------------------------------------------
    def _legacy_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def _lookup(self, sha256: str) -> tuple[str, int, int] | None:
        with self._lock:
            entry = self._index.get(sha256)
            if entry is None:
                self._read_new_index_lines()  # another process may have written since
                entry = self._index.get(sha256)
            return entry

    def _read_new_index_lines(self) -> None:
        """Read what each index file gained since last time; a torn last line waits for its end."""
        if not self.packs.is_dir():
            return
        for idx_path in self.packs.glob("*.idx"):
            name = idx_path.stem
            start = self._index_sizes.get(name, 0)
            with open(idx_path, "rb") as handle:
                handle.seek(start)
                data = handle.read()
            complete = data.rfind(b"\n") + 1
            for line in data[:complete].splitlines():
                parts = line.split()
                if len(parts) == 3:
                    self._index[parts[0].decode("ascii")] = (name, int(parts[1]), int(parts[2]))
            self._index_sizes[name] = start + complete

    def known(self) -> set[str]:
        """Every sha256 in the store (for a writer that skips what is already there)."""
        with self._lock:
            self._read_new_index_lines()
            stored = set(self._index)
        if self.root.is_dir():
            stored.update(path.name[:-3] for path in self.root.glob("??/*.gz"))
        return stored

    def has(self, sha256: str) -> bool:
        return self._lookup(sha256) is not None or self._legacy_path(sha256).exists()

    def get(self, sha256: str) -> bytes:
        entry = self._lookup(sha256)
        if entry is not None:
            name, offset, length = entry
            with open(self.packs / f"{name}.pack", "rb") as handle:
                handle.seek(offset)
                return gzip.decompress(handle.read(length))
        path = self._legacy_path(sha256)
        try:
            return gzip.decompress(path.read_bytes())
        except FileNotFoundError:
            raise KeyError(f"证据库中没有 {sha256}（{self.root}）") from None


class EvidenceQueue:
    """Bodies waiting to be stored, each once: hashed here, compressed and appended by whoever takes
    them (the crawl's writer process, ``crawler.dbwriter``). Bodies an earlier run stored are skipped,
    so a second run stores only what changed."""

    def __init__(self, store: EvidenceStore) -> None:
        self.store = store
        self._known: set[str] | None = None
        self._items: list[tuple[str, bytes]] = []
        self._bytes = 0

    def add(self, body: bytes) -> str:
        """Queue ``body`` unless it is stored already; its sha256."""
        digest = hashlib.sha256(body).hexdigest()
        if self._known is None:
            self._known = self.store.known()
        if digest not in self._known:
            self._known.add(digest)
            self._items.append((digest, body))
            self._bytes += len(body)
        return digest

    @property
    def full(self) -> bool:
        return len(self._items) >= QUEUE_BODIES or self._bytes >= QUEUE_BYTES

    def take(self) -> list[tuple[str, bytes]]:
        items, self._items, self._bytes = self._items, [], 0
        return items
