"""Working-day calendar (Asia/Shanghai civil dates) for the range the scoring needs.

chinesecalendar knows the official holidays and make-up workdays (调休) for 2004–2026 only.
Outside that range we fall back to Monday–Friday and say so in a run warning; an optional
holiday file (YAML: ``holidays: [dates]``, ``workdays: [dates]``) overrides single days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import yaml

from scoring.errors import HolidayFileError

COVERED_FIRST_YEAR = 2004
COVERED_LAST_YEAR = 2026


@dataclass(frozen=True)
class WorkdayCalendar:
    days: list[tuple[date, bool]]
    source: str  # chinesecalendar | weekday-fallback | holiday-file
    warnings: list[str] = field(default_factory=list)


def covered_years() -> range:
    return range(COVERED_FIRST_YEAR, COVERED_LAST_YEAR + 1)


def load_holiday_file(path: str | Path) -> tuple[set[date], set[date]]:
    """Read a holiday file: returns (holidays, make-up workdays)."""
    file = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: an impossible date
        raise HolidayFileError(f"节假日文件 {file} 无法读取或不是有效的 YAML：{exc}。") from exc
    if not isinstance(data, dict) or not set(data) <= {"holidays", "workdays"}:
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise HolidayFileError(f"节假日文件 {file} 应只含 holidays 与 workdays 两个日期列表，实际为 {found}。")
    sets: list[set[date]] = []
    for key in ("holidays", "workdays"):
        values = data.get(key) or []
        if not isinstance(values, list):
            raise HolidayFileError(f"节假日文件 {file} 中 {key} 应为日期列表，实际为 {values!r}。")
        parsed: set[date] = set()
        for i, value in enumerate(values):
            if isinstance(value, str):
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    pass
            if not isinstance(value, date):
                raise HolidayFileError(f"节假日文件 {file} 中 {key}[{i}] 应为 YYYY-MM-DD 日期，实际为 {value!r}。")
            parsed.add(value)
        sets.append(parsed)
    return sets[0], sets[1]


def build_calendar(first: date, last: date, holidays_path: str | Path | None = None) -> WorkdayCalendar:
    """Every day from ``first`` to ``last`` with its working-day flag, plus how it was decided."""
    holidays, makeup_days = load_holiday_file(holidays_path) if holidays_path else (set(), set())
    days: list[tuple[date, bool]] = []
    uncovered_years: set[int] = set()
    day = first
    while day <= last:
        if day in holidays:
            is_workday = False
        elif day in makeup_days:
            is_workday = True
        elif day.year in covered_years():
            is_workday = chinese_calendar.is_workday(day)
        else:
            uncovered_years.add(day.year)
            is_workday = day.weekday() < 5
        days.append((day, is_workday))
        day += timedelta(days=1)
    if not uncovered_years:
        return WorkdayCalendar(days=days, source="chinesecalendar")
    years = _year_ranges(sorted(uncovered_years))
    if holidays_path:
        warning = (f"{years} 年不在 chinesecalendar 覆盖范围（{COVERED_FIRST_YEAR}–{COVERED_LAST_YEAR}），"
                   f"工作日按周一至周五并以节假日文件 {holidays_path} 修正计算")
        return WorkdayCalendar(days=days, source="holiday-file", warnings=[warning])
    warning = (f"{years} 年不在 chinesecalendar 覆盖范围（{COVERED_FIRST_YEAR}–{COVERED_LAST_YEAR}），"
               "工作日按周一至周五计算，未计入法定节假日与调休；如需准确可提供节假日文件")
    return WorkdayCalendar(days=days, source="weekday-fallback", warnings=[warning])


def _year_ranges(years: list[int]) -> str:
    parts: list[str] = []
    start = prev = years[0]
    for year in years[1:] + [None]:
        if year is not None and year == prev + 1:
            prev = year
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if year is not None:
            start = prev = year
    return "、".join(parts)
