"""Dates as Chinese government portals write them, in lists, URLs, JSON and detail pages.

Every function works on short strings (a list row's text, a metadata value, a URL): none of them
runs a fuzzy parser over a whole page. All dates are calendar dates in Asia/Shanghai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

URL_SLACK_BEFORE_DAYS = 31
URL_SPAN_AFTER_DAYS = 335
MIN_YEAR = 1990
MAX_YEAR = 2100
# Inputs are untrusted: only the head of a very long string is examined.
MAX_TEXT_CHARS = 4000

# Full-width digits and separators, one character for one so match offsets stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# A full date with separators. Not preceded by a letter, digit, '/', '-' or '.', so that the
# tail of an 索引号 ("11370700MB1234567X/2025-01-02") or a version number is not read as a date;
# the day is not followed by a digit or "-digit", so "2026-02-00018" is never a date.
_FULL_SEP = re.compile(
    r"(?<![0-9A-Za-z/\-.])((?:19|20)\d{2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?![0-9])(?!-[0-9])"
)
_FULL_CJK = re.compile(r"(?<![0-9])((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]?(?![0-9])")
_FULL_CN_NUMERALS = re.compile(
    r"([〇○零ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_MAYBE_DATE = re.compile(r"[0-9月]")  # every date form above has a digit or 月
_COMPACT = re.compile(r"^\s*((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s*$")
# Year-less forms. The hyphen/slash form needs two-digit parts so that "1-3" (as in 1-3月)
# is not a date; "10月11日" must not be the tail of a full 年月日 date (handled by overlap).
_MONTH_DAY_SEP = re.compile(r"(?<![0-9A-Za-z/\-.])(0[1-9]|1[0-2])[-/.](0[1-9]|[12]\d|3[01])(?![0-9])(?![-/.][0-9])")
_MONTH_DAY_CJK = re.compile(r"(?<![0-9年])(\d{1,2})\s?月\s?(\d{1,2})\s?[日号]")



@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: date | None
    month_day: tuple[int, int] | None
    raw: str


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist or lies outside the plausible range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _valid_month_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31 and make_date(2000, month, day) is not None


def _cn_number(text: str) -> int | None:
    """一 … 三十一 as an int."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        tens_value = _CN_DIGITS.get(tens, -1) if tens else 1
        units_value = _CN_DIGITS.get(units, -1) if units else 0
        if tens_value < 0 or units_value < 0:
            return None
        return tens_value * 10 + units_value
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    return None


def _cn_year(text: str) -> int | None:
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _full_matches(text: str) -> list[DateMatch]:
    found: list[DateMatch] = []
    for m in _FULL_SEP.finditer(text):
        found.append(DateMatch(m.start(), m.end(), make_date(int(m[1]), int(m[3]), int(m[4])), None, m[0]))
    for m in _FULL_CJK.finditer(text):
        found.append(DateMatch(m.start(), m.end(), make_date(int(m[1]), int(m[2]), int(m[3])), None, m[0]))
    for m in _FULL_CN_NUMERALS.finditer(text):
        year, month, day = _cn_year(m[1]), _cn_number(m[2]), _cn_number(m[3])
        value = make_date(year, month, day) if year and month and day else None
        found.append(DateMatch(m.start(), m.end(), value, None, m[0]))
    return found


def _month_day_matches(text: str) -> list[DateMatch]:
    found: list[DateMatch] = []
    for pattern in (_MONTH_DAY_SEP, _MONTH_DAY_CJK):
        for m in pattern.finditer(text):
            month, day = int(m[1]), int(m[2])
            if _valid_month_day(month, day):
                found.append(DateMatch(m.start(), m.end(), None, (month, day), m[0]))
    return found


def _overlaps(a: DateMatch, b: DateMatch) -> bool:
    return a.start < b.end and b.start < a.end


def find_dates(text: str) -> list[DateMatch]:
    """Every date token in a short text, in order of position.

    Full dates carry `date` (impossible ones such as 2025-02-30 are dropped); year-less tokens
    ([10-11], 10-11, 10月11日) carry `month_day`. An 索引号 such as 2026-02-00018 is never a match.
    """
    text = text[:MAX_TEXT_CHARS].translate(_FULLWIDTH)
    if not _MAYBE_DATE.search(text):  # every date form has a digit or 月 (most titles are skipped here)
        return []
    full = [m for m in _full_matches(text) if m.date is not None]
    if not full:
        compact = _COMPACT.match(text)
        if compact:
            value = make_date(int(compact[1]), int(compact[2]), int(compact[3]))
            if value:
                full = [DateMatch(compact.start(1), compact.end(3), value, None, compact[0].strip())]
    partial = [m for m in _month_day_matches(text) if not any(_overlaps(m, f) for f in full)]
    matches = sorted(full + partial, key=lambda m: m.start)
    # Two patterns can claim overlapping spans; keep the first (earliest, then longest).
    kept: list[DateMatch] = []
    for m in matches:
        if kept and _overlaps(kept[-1], m):
            if m.end - m.start > kept[-1].end - kept[-1].start and m.start == kept[-1].start:
                kept[-1] = m
            continue
        kept.append(m)
    return kept


def parse_date(text: str) -> date | None:
    """The date held by a short string, or None (year-less, 索引号, impossible or no date).

    Accepts 2023-10-11, 2023/10/11, 2023.10.11, 2023年10月11日, 二〇二三年十月十一日, a trailing
    time (2023-10-11 09:30:00) and 20231011 when it is the whole string.
    """
    if not text:
        return None
    text = text.strip()[:MAX_TEXT_CHARS].translate(_FULLWIDTH)
    compact = _COMPACT.match(text)
    if compact:
        return make_date(int(compact[1]), int(compact[2]), int(compact[3]))
    for m in sorted(_full_matches(text), key=lambda m: m.start):
        if m.date is not None:
            return m.date
    return None


def parse_datetime_text(text: str) -> date | None:
    """Like parse_date, but also ISO timestamps with a zone (2025-03-11T01:30:00Z → Shanghai day)."""
    text = (text or "").strip()[:200]
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$", text)
    if iso:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.astimezone(SHANGHAI).date()
    return parse_date(text)


# --- URLs -------------------------------------------------------------------------------------

_URL_DAY_PATTERNS = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})(?:_\d+|\.|$)"),  # TRS: /202310/t20231011_123.html
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb: /art/2023/10/11/art_…
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})/(\d{1,2})/"),  # /2023-10/11/c_….htm
    re.compile(r"/((?:19|20)\d{2})(\d{2})/(\d{2})/"),  # /202310/11/….html
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # /content/2023/10/11/123.html
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/"),  # /2023-10-11/…
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /20231011/…
)
_URL_MONTH_PATTERNS = (
    re.compile(r"/((?:19|20)\d{2})(\d{2})/"),  # /202310/…
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/"),  # /2023/10/…
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})/"),  # /2023-10/…
    re.compile(r"/((?:19|20)\d{2})_(\d{1,2})/"),  # /2023_10/…
)


def _url_path(url: str) -> str:
    try:
        return urlsplit(url[:2000]).path
    except ValueError:
        return ""


def date_from_url(url: str) -> date | None:
    """The day a URL's path encodes (t20231011_…, /art/2023/10/11/, /2023-10/11/), else None."""
    path = _url_path(url)
    for pattern in _URL_DAY_PATTERNS:
        m = pattern.search(path)
        if m:
            value = make_date(int(m[1]), int(m[2]), int(m[3]))
            if value:
                return value
    return None


def year_month_from_url(url: str) -> tuple[int, int] | None:
    """(year, month) from a URL's path: any day form above, or /202310/, /2023/10/, /2023-10/."""
    day = date_from_url(url)
    if day:
        return day.year, day.month
    path = _url_path(url)
    for pattern in _URL_MONTH_PATTERNS:
        m = pattern.search(path)
        if m:
            year, month = int(m[1]), int(m[2])
            if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
                return year, month
    return None


# --- year-less dates ---------------------------------------------------------------------------


def resolve_year(
    month: int,
    day: int,
    *,
    url_year_month: tuple[int, int] | None = None,
    reference: date | None = None,
    url_date: date | None = None,
) -> date | None:
    """The full date of a year-less [month-day].

    With a year and month from the URL (or a whole `url_date`), take the year that puts the date
    in or after the URL's month (a month's slack before), nearest first: [01-02] under /202512/ is
    2026-01-02, [12-30] under /202601/ is 2025-12-30, [12-30] under /202506/ is 2025-12-30. Otherwise take the latest such date not after `reference` ([12-30] seen on
    2026-01-10 is 2025-12-30). None when neither is given or the day does not exist.
    """
    if url_year_month is None and url_date is not None:
        url_year_month = (url_date.year, url_date.month)
    if url_year_month is not None:
        year, url_month = url_year_month
        month_start = make_date(year, url_month, 1)
        if month_start is None:
            return None
        anchor = month_start + timedelta(days=14)
        candidates = [d for d in (make_date(y, month, day) for y in (year - 1, year, year + 1)) if d]
        # A URL's month is when the page was made: the posting is dated then or later, rarely
        # a little before (a folder named for the month after). Among plausible years, the nearest.
        plausible = [d for d in candidates if -URL_SLACK_BEFORE_DAYS <= (d - month_start).days <= URL_SPAN_AFTER_DAYS]
        pool = plausible or candidates
        return min(pool, key=lambda d: abs((d - anchor).days)) if pool else None
    if reference is not None:
        # Walk back at most 8 years so 02-29 finds a leap year.
        for year in range(reference.year, reference.year - 9, -1):
            candidate = make_date(year, month, day)
            if candidate and candidate <= reference:
                return candidate
    return None


def date_from_epoch_ms(ms: int | float | str) -> date:
    """The Shanghai calendar day of a Unix timestamp in milliseconds.

    Values below 10^11 are taken as seconds: some APIs send those under the same keys.
    Raises ValueError for a value that is not a number.
    """
    value = float(ms)
    if abs(value) < 1e11:
        value *= 1000
    return datetime.fromtimestamp(value / 1000, tz=SHANGHAI).date()
