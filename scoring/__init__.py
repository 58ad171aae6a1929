"""Scoring stage: turns crawled postings into indicator results, vetoes, totals and ranks in DuckDB."""

from scoring.calendar import build_calendar
from scoring.errors import HolidayFileError, ScoringError
from scoring.runner import ScoreSummary, score_run

__all__ = ["HolidayFileError", "ScoreSummary", "ScoringError", "build_calendar", "score_run"]
