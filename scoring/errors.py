"""Errors of the scoring stage; the CLI turns them into one sentence and a non-zero exit."""


class ScoringError(RuntimeError):
    """The run cannot be scored (missing, incomplete, no crawl tables); the message says why, in Chinese."""


class HolidayFileError(ScoringError, ValueError):
    """The optional holiday file is unreadable or malformed."""
