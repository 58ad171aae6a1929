"""Content-addressed, compressed store of every body a portal served (the evidence).

Layout beside the database ``audit.duckdb``::

    audit.evidence/ab/ab12…ef.gz      gzip of the raw bytes, named by their sha256

The sha256 is of the raw (uncompressed) body, so ``fetches.sha256`` and
``postings.detail_sha256`` can be checked against the file by anyone.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path


def evidence_dir_for(db_path: str | os.PathLike[str]) -> Path:
    db = Path(db_path)
    return db.with_name(db.stem + ".evidence")


class EvidenceStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    @classmethod
    def beside(cls, db_path: str | os.PathLike[str]) -> EvidenceStore:
        return cls(evidence_dir_for(db_path))

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def put(self, body: bytes) -> str:
        """Store ``body`` once; return its sha256. Safe to call from several processes."""
        digest = hashlib.sha256(body).hexdigest()
        target = self.path_for(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
        os.replace(tmp, target)
        return digest

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            return gzip.decompress(path.read_bytes())
        except FileNotFoundError:
            raise KeyError(f"证据库中没有 {sha256}（{path}）") from None


class BackgroundEvidenceWriter:
    """Hash in the caller, compress and write in a thread: file creation costs the crawl's event loop
    about a millisecond per page otherwise. ``close()`` waits until everything is on disk and raises
    if a write failed (a full disk must not lose evidence silently)."""

    def __init__(self, store: EvidenceStore) -> None:
        self.store = store
        self._known: set[str] = set()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zwgk-evidence")
        self._failures: list[BaseException] = []

    def put(self, body: bytes) -> str:
        digest = hashlib.sha256(body).hexdigest()
        if digest not in self._known:
            self._known.add(digest)
            self._pool.submit(self.store.put, body).add_done_callback(self._note_failure)
        return digest

    def _note_failure(self, future: Future[str]) -> None:
        error = future.exception()
        if error is not None:
            self._failures.append(error)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        if self._failures:
            raise OSError(f"{len(self._failures)} 份证据未能写入 {self.store.root}：{self._failures[0]}")
