"""HTML score report and Excel/CSV exports of a scored run (reads the DuckDB tables only)."""

from reports.build import build_report, export_tables
from reports.run_selection import ReportError

__all__ = ["ReportError", "build_report", "export_tables"]
