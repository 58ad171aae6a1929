"""Batched, transactional writes of a crawl into DuckDB (tables in ``schema.sql``).

A run is ``running`` while the crawl goes on and becomes ``complete`` only at the very end, so a
crash leaves it ``running``/``incomplete`` and later stages refuse it: a half-written postings
table never looks complete.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import duckdb

from crawler.dbwriter import DatabaseError as DatabaseError  # re-exported: callers catch it from here
from crawler.dbwriter import WriterProcess
from crawler.evidence import EvidenceQueue, EvidenceStore

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
_POSTING_VALUES = POSTING_FIELDS[1:]  # all but run_id, which the store adds
_FETCH_VALUES = FETCH_FIELDS[1:]
COLUMN_FIELDS = (
    "run_id", "site_id", "column_key", "label", "list_url", "found_by", "status", "status_reason",
    "pages", "cap_hit", "review", "review_reason", "list_sha256",
)
T = TypeVar("T")
LOCK_WAIT_SECONDS = 10.0  # how long opening a database waits for a process that is closing it


def now() -> datetime:
    return datetime.now(SHANGHAI)


def schema_sql() -> str:
    return resources.files("crawler").joinpath("schema.sql").read_text(encoding="utf-8")


def connect(db_path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a zwgk database, with a clear message when the file is not one."""
    path = Path(db_path)
    if read_only and not path.exists():
        raise DatabaseError(f"数据库文件不存在：{path}")
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:
            # Another process is closing the file (the writer of a crawl that just ended or was killed):
            # wait a moment for it rather than fail.
            if "lock" in str(exc).lower() and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
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


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, fields: tuple[str, ...],
                rows: list[tuple[Any, ...]], verb: str) -> None:
    """Insert rows (tuples in ``fields`` order) with one statement.

    The rows go through a JSON file that DuckDB reads with the table's own column types: no pandas
    (whose import alone costs the writer process 0.4 s of CPU at the start of every crawl), and
    DuckDB reads the file without holding the GIL."""
    if not rows:
        return
    types = _column_types(con, table)
    spec = ", ".join(f"'{name}': '{types[name]}'" for name in fields)
    names = ", ".join(fields)
    handle, path = tempfile.mkstemp(prefix=f"zwgk-{table}-", suffix=".json")
    try:
        # A lone surrogate in hostile text becomes "?" rather than failing the whole batch. One dumps,
        # not dump: only the former uses the C encoder (three times faster on a batch).
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as out:
            out.write(json.dumps([dict(zip(fields, row, strict=True)) for row in rows], ensure_ascii=False,
                                 allow_nan=False, default=_json_value))
        quoted = path.replace("'", "''")
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} "  # noqa: S608 - our names, our file
                    f"FROM read_json('{quoted}', format = 'array', columns = {{{spec}}})")
    finally:
        os.unlink(path)


_TYPES: dict[str, dict[str, str]] = {}


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    if table not in _TYPES:
        _TYPES[table] = dict(con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ?", [table]).fetchall())
    return _TYPES[table]


def _json_value(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} 不能写入数据库：{value!r}"[:200])


def apply_write(con: duckdb.DuckDBPyConnection, message: tuple[Any, ...],
                evidence_store: Callable[[str], EvidenceStore]) -> None:
    """Carry out one write message (``crawler.dbwriter`` lists them): in the writer process during a
    crawl, in the crawl's own process otherwise. ``evidence_store(root)`` is the store bodies go to."""
    kind = message[0]
    if kind == "batch":
        write_batch(con, *message[1:])
    elif kind == "evidence":
        evidence_store(message[1]).put_many(message[2])
    else:
        con.execute(*message[1:])


def write_batch(con: duckdb.DuckDBPyConnection, postings: list[tuple[Any, ...]], fetches: list[tuple[Any, ...]],
                columns: list[tuple[Any, ...]]) -> None:
    """One transaction: all of a flush's rows land, or none."""
    con.execute("BEGIN TRANSACTION")
    try:
        insert_rows(con, "postings", POSTING_FIELDS, postings, "INSERT OR IGNORE")
        insert_rows(con, "fetches", FETCH_FIELDS, fetches, "INSERT")
        insert_rows(con, "columns", COLUMN_FIELDS, columns, "INSERT OR REPLACE")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


class CrawlStore:
    """Owns the crawl's database; buffers rows and flushes them in transactions.

    While the crawl runs (``start_background_writes``), the database file belongs to a writer
    process (``crawler.dbwriter``): flushes and site updates are sent to it in order and the crawl
    goes on. Reads and the end-of-run statements first wait for the writes before them, and the
    first direct use of ``con`` takes the file back. A failed write is raised in the crawl at the
    next store call that learns of it (a flush, a site update, or a wait).
    """

    def __init__(self, db_path: str | Path, batch_size: int = 2000, flush_seconds: float = 5.0) -> None:
        self.db_path = Path(db_path)
        self.evidence = EvidenceQueue(EvidenceStore.beside(self.db_path))
        self._con: duckdb.DuckDBPyConnection | None = connect(self.db_path)
        self._writer: WriterProcess | None = None
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self._last_flush = time.monotonic()
        self.run_id: int | None = None
        self._postings: list[tuple[Any, ...]] = []
        self._fetches: list[tuple[Any, ...]] = []
        self._posting_keys: set[tuple[str, str, str]] = set()
        self._columns: dict[tuple[str, str], tuple[Any, ...]] = {}

    # ---- who writes -------------------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection, for statements of our own: taken back from the writer process if it has it."""
        if self._writer is not None:
            self._end_background_writes()
        assert self._con is not None
        return self._con

    def start_background_writes(self) -> None:
        """From now until ``con`` is used again, writes go to a writer process (see the class)."""
        if self._writer is not None:
            return
        self.flush()
        self.con.close()
        self._con = None
        self._writer = WriterProcess(self.db_path)

    def _end_background_writes(self) -> None:
        writer, self._writer = self._writer, None
        assert writer is not None
        try:
            writer.close()
        finally:
            self._con = connect(self.db_path)

    def _submit(self, *message: Any) -> None:
        if self._writer is not None:
            self._writer.send(*message)
        else:
            apply_write(self.con, message, lambda _root: self.evidence.store)

    def wait_for_writes(self) -> None:
        if self._writer is not None:
            self._writer.sync()

    def ask(self, function: Callable[..., T], *args: Any) -> T:
        """``function(con, *args)`` after every write so far, where the database is: in the writer
        process during the crawl (module-level functions and plain values only), else here."""
        self.flush()
        if self._writer is not None:
            return self._writer.call(function, *args)
        return function(self.con, *args)

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
        """The run's last write (``close`` waits for it). A run whose rows did not all land is never
        marked finished: a failed write before it is raised here first."""
        self.flush()
        self.wait_for_writes()
        self._submit(
            "execute",
            "UPDATE runs SET finished_at = ?, status = ?, summary = ?, warnings = ? WHERE run_id = ?",
            [now(), status, json.dumps(summary, ensure_ascii=False, default=str), list(warnings),
             self.run_id],
        )

    # ---- sites and columns ------------------------------------------------------------------
    def add_sites(self, sites: Iterable[tuple[str, str, str, str | None, str | None, bool]]) -> None:
        """(site_id, name, url, region, level, obey_robots) for every site of the run, in one statement."""
        fields = ("run_id", "site_id", "name", "url", "region", "level", "robots_obeyed", "pages_fetched", "caps_hit")
        rows = [(self.run_id, *site, 0, []) for site in sites]
        insert_rows(self.con, "sites", fields, rows, "INSERT OR REPLACE")

    def update_site(self, site_id: str, **values: Any) -> None:
        if not values:
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        self._submit("execute",
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
        self._columns[(record["site_id"], record["column_key"])] = tuple(record.values())

    # ---- postings and fetches (buffered) ----------------------------------------------------
    def add_posting(self, posting: dict[str, Any]) -> bool:
        """Buffer a posting; the first sighting of a URL within a column wins. False if a repeat."""
        key = (posting["site_id"], posting["column_key"], posting["url"])
        if key in self._posting_keys:
            return False
        self._posting_keys.add(key)
        self._postings.append((self.run_id, *map(posting.get, _POSTING_VALUES)))
        self._maybe_flush()
        return True

    def put_evidence(self, body: bytes) -> str:
        """Keep a fetched body in the evidence store (written by the writer, in order before the rows
        that name it); its sha256."""
        digest = self.evidence.add(body)
        if self.evidence.full:
            self._send_evidence()
        return digest

    def _send_evidence(self) -> None:
        items = self.evidence.take()
        if items:
            self._submit("evidence", str(self.evidence.store.root), items)

    def add_fetch(self, fetch: dict[str, Any]) -> None:
        self._fetches.append((self.run_id, *map(fetch.get, _FETCH_VALUES)))
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        """Flush by size, and every few seconds so an interrupted crawl loses little."""
        if (len(self._postings) + len(self._fetches) >= self.batch_size
                or time.monotonic() - self._last_flush >= self.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Hand the buffered bodies and rows to the writer (see ``wait_for_writes``)."""
        self._last_flush = time.monotonic()
        self._send_evidence()
        if not self._postings and not self._fetches and not self._columns:
            return
        batch = (self._postings, self._fetches, list(self._columns.values()))
        self._postings, self._fetches, self._columns = [], [], {}
        self._submit("batch", *batch)

    # ---- end of run -------------------------------------------------------------------------
    def summarise_columns(self, window: RunWindow) -> None:
        """Fill the per-column aggregates from the stored postings."""
        self.ask(summarise_columns, self.run_id, window.start, window.end, window.as_of)

    def run_facts(self) -> dict[str, Any]:
        """What the run's summary reads from the stored rows (see ``run_facts``)."""
        return self.ask(run_facts, self.run_id)

    def close(self) -> None:
        """Write what is buffered and close the database (the writer's close waits for its writes and
        raises a failure it reported)."""
        try:
            self.flush()
        finally:
            writer, self._writer = self._writer, None
            try:
                if writer is not None:
                    writer.close()
            finally:
                self.evidence.store.close()  # what was written here (not by the writer) is fsynced
                if self._con is not None:
                    self._con.close()
                    self._con = None


# ---- end-of-run statements: module-level, so that the writer process can run them (CrawlStore.ask) ----
def summarise_columns(con: duckdb.DuckDBPyConnection, run_id: int, window_start: date, window_end: date,
                      as_of: date) -> None:
    con.execute(
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
        [window_start, window_end, as_of, run_id, run_id],
    )
    con.execute(
        """
        UPDATE sites AS s SET pages_fetched = f.n
        FROM (SELECT site_id, count(*) AS n FROM fetches
              WHERE run_id = ? AND status IS NOT NULL GROUP BY site_id) AS f
        WHERE s.run_id = ? AND s.site_id = f.site_id
        """,
        [run_id, run_id],
    )


def run_facts(con: duckdb.DuckDBPyConnection, run_id: int) -> dict[str, Any]:
    """Counts of a run's stored rows, and its columns flagged for review on reachable sites."""
    statuses = dict(con.execute(
        "SELECT status, count(*) FROM columns WHERE run_id = ? GROUP BY status", [run_id]).fetchall())
    fetched, rendered = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE rendered) FROM fetches WHERE run_id = ?", [run_id]
    ).fetchone()  # type: ignore[misc]
    rendered_by_reason = dict(con.execute(
        "SELECT render_reason, count(*) FROM fetches WHERE run_id = ? AND rendered GROUP BY ALL", [run_id]
    ).fetchall())
    postings = con.execute("SELECT count(*) FROM postings WHERE run_id = ?", [run_id]).fetchone()[0]  # type: ignore[index]
    review = con.execute(
        "SELECT c.site_id, c.column_key, coalesce(c.review_reason, c.status_reason) FROM columns c "
        "JOIN sites s USING (run_id, site_id) WHERE c.run_id = ? AND c.review "
        "AND coalesce(s.reachable, true) ORDER BY ALL", [run_id]).fetchall()
    return {"columns": statuses, "fetches": fetched, "rendered": rendered, "rendered_by_reason": rendered_by_reason,
            "postings": postings, "review": [tuple(row) for row in review]}
