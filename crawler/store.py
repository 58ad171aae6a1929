"""Batched, transactional writes of a crawl into DuckDB (tables in ``schema.sql``).

A run is ``running`` while the crawl goes on and becomes ``complete`` only at the very end, so a
crash leaves it ``running``/``incomplete`` and later stages refuse it: a half-written postings
table never looks complete.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

SHANGHAI = ZoneInfo("Asia/Shanghai")

POSTING_FIELDS = (
    "run_id", "site_id", "column_key", "url", "title", "published_date", "written_date", "doc_no",
    "publisher", "index_no", "pinned", "external", "attachment", "date_source", "list_url",
    "list_page", "detail_sha256", "cited_urls", "cited_names", "cited_doc_nos",
)
FETCH_FIELDS = (
    "run_id", "site_id", "url", "method", "purpose", "column_key", "status", "error", "elapsed_ms",
    "bytes", "rendered", "render_reason", "sha256", "content_type", "fetched_at", "request_fingerprint",
)
COLUMN_FIELDS = (
    "run_id", "site_id", "column_key", "label", "list_url", "found_by", "status", "status_reason",
    "pages", "cap_hit", "review", "review_reason", "list_sha256",
)


class DatabaseError(RuntimeError):
    """The database file cannot be opened or is not a zwgk database."""


def now() -> datetime:
    return datetime.now(SHANGHAI)


def schema_sql() -> str:
    return resources.files("crawler").joinpath("schema.sql").read_text(encoding="utf-8")


def connect(db_path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a zwgk database, with a clear message when the file is not one."""
    path = Path(db_path)
    if read_only and not path.exists():
        raise DatabaseError(f"数据库文件不存在：{path}")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise DatabaseError(f"无法打开数据库 {path}：{str(exc).splitlines()[0]}") from None
    if not read_only:
        con.execute(schema_sql())
    return con


@dataclass
class RunWindow:
    year: int
    as_of: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


class CrawlStore:
    """Owns the crawl's DuckDB connection; buffers rows and flushes them in transactions.

    During the crawl, writes (flushes, site updates) run in order on one writer thread: DuckDB lets
    go of the GIL while it inserts, so the crawl's event loop does not wait for the database. Reads
    and the end-of-run statements first wait for the writes before them; a failed write is raised
    in the crawl's thread at the next store call.
    """

    def __init__(self, db_path: str | Path, batch_size: int = 2000, flush_seconds: float = 5.0) -> None:
        self.db_path = Path(db_path)
        self.con = connect(self.db_path)
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self._last_flush = time.monotonic()
        self.run_id: int | None = None
        self._postings: list[dict[str, Any]] = []
        self._fetches: list[dict[str, Any]] = []
        self._posting_keys: set[tuple[str, str, str]] = set()
        self._columns: dict[tuple[str, str], dict[str, Any]] = {}
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zwgk-duckdb")
        self._writes: list[Future[None]] = []

    # ---- the writer thread ------------------------------------------------------------------
    def _submit(self, write: Callable[..., None], *args: Any) -> None:
        self._writes = [future for future in self._writes if not self._settled(future)]
        self._writes.append(self._writer.submit(write, *args))

    @staticmethod
    def _settled(future: Future[None]) -> bool:
        if not future.done():
            return False
        future.result()  # a failed write is raised here, in the crawl's thread
        return True

    def wait_for_writes(self) -> None:
        writes, self._writes = self._writes, []
        for future in writes:
            future.result()

    # ---- runs -------------------------------------------------------------------------------
    def start_run(
        self, window: RunWindow, *, sites_file: str, indicators: str, version: str,
        settings: dict[str, Any],
    ) -> int:
        self.wait_for_writes()
        run_id = self.con.execute("SELECT nextval('run_id_seq')").fetchone()[0]  # type: ignore[index]
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, status, year, as_of, window_start, window_end, "
            "sites_file, indicators, zwgk_version, settings, warnings) "
            "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, [])",
            [run_id, now(), window.year, window.as_of, window.start, window.end, sites_file,
             indicators, version, json.dumps(settings, ensure_ascii=False)],
        )
        self.run_id = int(run_id)
        return self.run_id

    def resume_run(self, window: RunWindow) -> int:
        """Continue the newest run that did not complete; its stored postings are kept, not repeated."""
        self.wait_for_writes()
        row = self.con.execute(
            "SELECT run_id, year, as_of FROM runs WHERE status <> 'complete' ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise DatabaseError(f"{self.db_path} 中没有未完成的抓取可以继续（--resume）")
        run_id, year, as_of = row
        if (year, as_of) != (window.year, window.as_of):
            raise DatabaseError(
                f"未完成的第 {run_id} 次抓取是 {year} 年度、基准日 {as_of}，与本次参数不同，不能继续")
        self.run_id = int(run_id)
        self.con.execute("UPDATE runs SET status = 'running', finished_at = NULL WHERE run_id = ?", [run_id])
        for site_id, column_key, url in self.con.execute(
            "SELECT site_id, column_key, url FROM postings WHERE run_id = ?", [run_id]
        ).fetchall():
            self._posting_keys.add((site_id, column_key, url))
        return self.run_id

    def stored_pages(self, run_id: int) -> dict[str, tuple[int, str, str | None]]:
        """Pages already fetched in ``run_id``: request fingerprint → (status, sha256, content type).

        Only answers that would come back the same are reused (2xx/3xx, 404, 410): errors, blocks and
        script challenges are fetched again.
        """
        self.wait_for_writes()
        rows = self.con.execute(
            "SELECT request_fingerprint, status, sha256, content_type FROM fetches "
            "WHERE run_id = ? AND request_fingerprint IS NOT NULL AND sha256 IS NOT NULL "
            "AND (status < 400 OR status IN (404, 410)) AND coalesce(purpose, '') <> 'challenge' "
            "ORDER BY fetched_at",
            [run_id],
        ).fetchall()
        return {fp: (status, sha, content_type) for fp, status, sha, content_type in rows}

    def has_run(self, run_id: int) -> bool:
        self.wait_for_writes()
        return self.con.execute("SELECT count(*) FROM runs WHERE run_id = ?", [run_id]).fetchone()[0] > 0  # type: ignore[index]

    def finish_run(self, status: str, summary: dict[str, Any], warnings: Iterable[str] = ()) -> None:
        self.flush()
        self.wait_for_writes()
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, summary = ?, warnings = ? WHERE run_id = ?",
            [now(), status, json.dumps(summary, ensure_ascii=False, default=str), list(warnings),
             self.run_id],
        )

    # ---- sites and columns ------------------------------------------------------------------
    def add_sites(self, sites: Iterable[tuple[str, str, str, str | None, str | None, bool]]) -> None:
        """(site_id, name, url, region, level, obey_robots) for every site of the run, in one statement."""
        fields = ("run_id", "site_id", "name", "url", "region", "level", "robots_obeyed", "pages_fetched", "caps_hit")
        rows = [dict(zip(fields, (self.run_id, *site, 0, []), strict=True)) for site in sites]
        self.wait_for_writes()  # the connection is the writer thread's while a write is pending
        self._insert("sites", fields, rows, "INSERT OR REPLACE")

    def update_site(self, site_id: str, **values: Any) -> None:
        if not values:
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        self._submit(self.con.execute,
                     f"UPDATE sites SET {assignments} WHERE run_id = ? AND site_id = ?",  # noqa: S608 - names are ours
                     [*values.values(), self.run_id, site_id])

    def put_column(self, row: dict[str, Any]) -> None:
        """Buffer a column's row (a later put of the same column replaces it); written with the next
        flush: a statement per column costs DuckDB milliseconds, thousands of them in an annual crawl."""
        record = {name: row.get(name) for name in COLUMN_FIELDS}
        record["run_id"] = self.run_id
        record["pages"] = record["pages"] or 0
        record["cap_hit"] = bool(record["cap_hit"])
        record["review"] = bool(record["review"])
        self._columns[(record["site_id"], record["column_key"])] = record

    # ---- postings and fetches (buffered) ----------------------------------------------------
    def add_posting(self, posting: dict[str, Any]) -> bool:
        """Buffer a posting; the first sighting of a URL within a column wins. False if a repeat."""
        key = (posting["site_id"], posting["column_key"], posting["url"])
        if key in self._posting_keys:
            return False
        self._posting_keys.add(key)
        self._postings.append({**posting, "run_id": self.run_id})
        self._maybe_flush()
        return True

    def add_fetch(self, fetch: dict[str, Any]) -> None:
        self._fetches.append({**fetch, "run_id": self.run_id})
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        """Flush by size, and every few seconds so an interrupted crawl loses little."""
        if (len(self._postings) + len(self._fetches) >= self.batch_size
                or time.monotonic() - self._last_flush >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Hand the buffered rows to the writer thread (see ``wait_for_writes``)."""
        self._last_flush = time.monotonic()
        if not self._postings and not self._fetches and not self._columns:
            return
        batch = (self._postings, self._fetches, list(self._columns.values()))
        self._postings, self._fetches, self._columns = [], [], {}
        self._submit(self._write_batch, *batch)

    def _write_batch(self, postings: list[dict[str, Any]], fetches: list[dict[str, Any]],
                     columns: list[dict[str, Any]]) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("postings", POSTING_FIELDS, postings, "INSERT OR IGNORE")
            self._insert("fetches", FETCH_FIELDS, fetches, "INSERT")
            self._insert("columns", COLUMN_FIELDS, columns, "INSERT OR REPLACE")
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, fields: tuple[str, ...], rows: list[dict[str, Any]], verb: str) -> None:
        if not rows:
            return
        frame = pd.DataFrame({name: [row.get(name) for row in rows] for name in fields}, columns=list(fields))
        # Not unregistered in a `finally`: inside a failed transaction that would raise and hide the
        # real error; a leftover view is replaced by the next batch's.
        self.con.register("_batch", frame)
        self.con.execute(f"{verb} INTO {table} ({', '.join(fields)}) SELECT {', '.join(fields)} FROM _batch")  # noqa: S608
        self.con.unregister("_batch")

    # ---- end of run -------------------------------------------------------------------------
    def summarise_columns(self, window: RunWindow) -> None:
        """Fill the per-column aggregates from the stored postings."""
        self.flush()
        self.wait_for_writes()
        self.con.execute(
            """
            UPDATE columns AS c SET
                postings = agg.n,
                postings_in_window = agg.n_window,
                last_published = agg.last_published
            FROM (
                SELECT site_id, column_key, count(*) AS n,
                       count(*) FILTER (WHERE published_date BETWEEN ? AND ?) AS n_window,
                       max(published_date) FILTER (WHERE published_date <= ?) AS last_published
                FROM postings WHERE run_id = ? GROUP BY site_id, column_key
            ) AS agg
            WHERE c.run_id = ? AND c.site_id = agg.site_id AND c.column_key = agg.column_key
            """,
            [window.start, window.end, window.as_of, self.run_id, self.run_id],
        )
        self.con.execute(
            """
            UPDATE sites AS s SET pages_fetched = f.n
            FROM (SELECT site_id, count(*) AS n FROM fetches
                  WHERE run_id = ? AND status IS NOT NULL GROUP BY site_id) AS f
            WHERE s.run_id = ? AND s.site_id = f.site_id
            """,
            [self.run_id, self.run_id],
        )

    def close(self) -> None:
        try:
            self.flush()
            self.wait_for_writes()
        finally:
            self._writer.shutdown(wait=True)
            self.con.close()
