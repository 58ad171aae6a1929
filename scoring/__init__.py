"""Scoring stage: turns crawled postings into indicator results, vetoes, totals and ranks in DuckDB."""

from scoring.calendar import HolidayFileError, build_calendar
from scoring.runner import ScoreSummary, ScoringError, score_run

__all__ = ["HolidayFileError", "ScoreSummary", "ScoringError", "build_calendar", "score_run"]
