"""Write the report folder: overview, one page per portal, cross-portal view, evidence, exports."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import plotly.offline

from crawler.evidence import EvidenceStore
from reports.evidence_pages import evidence_context, evidence_output_path, fetches_by_key, referenced_keys
from reports.exports import write_exports
from reports.model import ReportData, load_report_data
from reports.pages import cross_context, evidence_page_context, overview_context, site_context
from reports.queries import Row
from reports.run_selection import open_database, select_run
from reports.templating import render

ASSETS = Path(__file__).with_name("assets")
# From this many portals the work is shared with two worker processes (the exports alone, in
# openpyxl, take about as long as all the HTML pages of a large run).
PARALLEL_FROM_SITES = 200
WORKERS = 2
SITES_PER_TASK = 100
EVIDENCE_PER_TASK = 1000

T = TypeVar("T")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _copy_assets(out_dir: Path) -> None:
    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("report.css", "report.js"):
        shutil.copyfile(ASSETS / name, assets / name)
    plotly_js = assets / "plotly.min.js"
    source = plotly.offline.get_plotlyjs()
    if not plotly_js.exists() or plotly_js.stat().st_size != len(source.encode("utf-8")):
        _write(plotly_js, source)


def write_site_pages(out_dir: Path, pages: Sequence[tuple[str, dict[str, Any]]]) -> int:
    for file_name, context in pages:
        _write(out_dir / "sites" / file_name, render("site.html.j2", **context))
    return len(pages)


def write_evidence_pages(db_path: Path, out_dir: Path, facts: Row, items: Sequence[tuple[str, list[Row]]]) -> int:
    store = EvidenceStore.beside(db_path)
    for sha, fetches in items:
        context = evidence_page_context(facts, evidence_context(store, sha, fetches))
        _write(evidence_output_path(out_dir, sha), render("evidence.html.j2", **context))
    return len(items)


def _evidence_keys(data: ReportData) -> list[str]:
    ranked = {r["site_id"] for r in data.ranking}
    keys: list[str | None] = []
    for ev in data.evidence:
        keys += [ev["detail_sha256"], ev["list_sha256"], ev["fetch_sha256"]]
    keys += [c["list_sha256"] for c in data.columns if c["site_id"] in ranked]
    keys += [s["homepage_sha256"] for s in data.sites.values() if s["site_id"] in ranked]
    return referenced_keys(keys)


def _remove_old_pages(out_dir: Path) -> None:
    """Pages of an earlier report in the same folder would be linked from nowhere and mislead."""
    for folder in ("sites", "evidence"):
        for page in (out_dir / folder).glob("*.html"):
            page.unlink()


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _Runner:
    """Runs tasks in worker processes when a pool is given, else right away in this process."""

    def __init__(self, pool: ProcessPoolExecutor | None) -> None:
        self.pool = pool
        self.futures: list[Future[Any]] = []

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self.pool is not None:
            future = self.pool.submit(fn, *args)
        else:
            future = Future()
            future.set_result(fn(*args))
        self.futures.append(future)
        return future

    def wait(self) -> None:
        for future in self.futures:
            future.result()


def _export_links(paths: list[Path], out_dir: Path) -> list[dict[str, str]]:
    return [{"name": p.name, "href": quote(p.relative_to(out_dir).as_posix())} for p in paths]


def build_report(db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], run_id: int | None = None) -> Path:
    """Write the HTML report of ``run_id`` (default: newest scored run) into ``out_dir``; return index.html."""
    db = Path(db_path)
    out = Path(out_dir)
    con = open_database(db)
    pool: ProcessPoolExecutor | None = None
    try:
        facts = select_run(con, run_id)
        data = load_report_data(con, facts)
        for folder in (out, out / "sites", out / "evidence"):
            folder.mkdir(parents=True, exist_ok=True)
        _remove_old_pages(out)
        if len(data.ranking) >= PARALLEL_FROM_SITES:
            pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))
        runner = _Runner(pool)
        exports = runner.submit(export_tables, db, out, data.run_id)
        site_pages = [(row["page"], site_context(data, row)) for row in data.ranking]
        for chunk in _chunks(site_pages, SITES_PER_TASK):
            runner.submit(write_site_pages, out, chunk)
        keys = _evidence_keys(data)
        fetches = fetches_by_key(con, data.run_id, keys)
        evidence = [(sha, fetches.get(sha, [])) for sha in keys]
        for chunk in _chunks(evidence, EVIDENCE_PER_TASK):
            runner.submit(write_evidence_pages, db, out, facts, chunk)
        _copy_assets(out)
        _write(out / "cross.html", render("cross.html.j2", **cross_context(data)))
        links = _export_links(exports.result(), out)
        _write(out / "index.html", render("index.html.j2", **overview_context(data, links)))
        runner.wait()
    finally:
        con.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return out / "index.html"


def export_tables(db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], run_id: int | None = None) -> list[Path]:
    """Write the Excel workbook and the CSV files of ``run_id`` into ``out_dir``; return their paths."""
    con = open_database(db_path)
    try:
        data = load_report_data(con, select_run(con, run_id))
    finally:
        con.close()
    return write_exports(data, Path(out_dir))
