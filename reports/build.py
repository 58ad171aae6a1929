"""Write the report folder: overview, one page per portal, cross-portal view, evidence, exports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote

import plotly.offline

from crawler.evidence import EvidenceStore
from reports.evidence_pages import (
    evidence_context,
    evidence_output_path,
    fetches_by_key,
    referenced_keys,
)
from reports.exports import write_exports
from reports.model import ReportData, load_report_data
from reports.pages import cross_context, evidence_page_context, overview_context, render, site_context
from reports.run_selection import open_database, select_run

ASSETS = Path(__file__).with_name("assets")


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


def _evidence_keys(data: ReportData) -> list[str]:
    ranked = {r["site_id"] for r in data.ranking}
    keys: list[str | None] = []
    for ev in data.evidence:
        keys += [ev["detail_sha256"], ev["list_sha256"], ev["fetch_sha256"]]
    keys += [c["list_sha256"] for c in data.columns if c["site_id"] in ranked]
    keys += [s["homepage_sha256"] for s in data.sites.values() if s["site_id"] in ranked]
    return referenced_keys(keys)


def _write_evidence(data: ReportData, con, db_path: Path, out_dir: Path) -> int:
    keys = _evidence_keys(data)
    (out_dir / "evidence").mkdir(parents=True, exist_ok=True)
    store = EvidenceStore.beside(db_path)
    fetches = fetches_by_key(con, data.run_id, keys)
    for sha in keys:
        context = evidence_context(store, sha, fetches.get(sha, []))
        _write(evidence_output_path(out_dir, sha), render("evidence.html.j2", **evidence_page_context(data, context)))
    return len(keys)


def _export_links(paths: list[Path], out_dir: Path) -> list[dict[str, str]]:
    return [{"name": p.name, "href": quote(p.relative_to(out_dir).as_posix())} for p in paths]


def build_report(db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], run_id: int | None = None) -> Path:
    """Write the HTML report of ``run_id`` (default: newest scored run) into ``out_dir``; return index.html."""
    db = Path(db_path)
    out = Path(out_dir)
    con = open_database(db)
    try:
        facts = select_run(con, run_id)
        data = load_report_data(con, facts)
        out.mkdir(parents=True, exist_ok=True)
        (out / "sites").mkdir(exist_ok=True)
        _copy_assets(out)
        exports = write_exports(data, out)
        _write(out / "index.html", render("index.html.j2", **overview_context(data, _export_links(exports, out))))
        _write(out / "cross.html", render("cross.html.j2", **cross_context(data)))
        for row in data.ranking:
            _write(out / "sites" / row["page"], render("site.html.j2", **site_context(data, row)))
        _write_evidence(data, con, db, out)
    finally:
        con.close()
    return out / "index.html"


def export_tables(db_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], run_id: int | None = None) -> list[Path]:
    """Write the Excel workbook and the CSV files of ``run_id`` into ``out_dir``; return their paths."""
    con = open_database(db_path)
    try:
        data = load_report_data(con, select_run(con, run_id))
    finally:
        con.close()
    return write_exports(data, Path(out_dir))
