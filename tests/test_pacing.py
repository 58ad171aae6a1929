"""How many list pages of a column are fetched at once."""

from datetime import date, timedelta

from crawler.pacing import ListPacing

WINDOW_START = date(2025, 1, 1)


def days(last: date, count: int = 20, step: int = 1) -> list[date]:
    return [last - timedelta(days=step * i) for i in range(count)]


def test_a_few_pages_until_two_dated_pages_show_the_pace() -> None:
    pacing = ListPacing()
    assert pacing.in_flight(WINDOW_START, 3, 12) == 3
    pacing.note(1, days(date(2026, 1, 10)))
    assert pacing.in_flight(WINDOW_START, 3, 12) == 3


def test_far_from_the_window_start_the_ceiling() -> None:
    pacing = ListPacing()
    pacing.note(1, days(date(2026, 1, 10), step=1))  # median 2026-01-01
    pacing.note(2, days(date(2025, 12, 20), step=1))  # median 2025-12-11: 21 days a page
    assert pacing.pages_to_window_start(WINDOW_START) == ((date(2025, 12, 11) - WINDOW_START).days + 1) / 21
    assert pacing.in_flight(WINDOW_START, 3, 12) == 12


def test_near_the_window_start_only_the_pages_still_needed() -> None:
    pacing = ListPacing()
    pacing.note(1, days(date(2025, 3, 1), step=1))
    pacing.note(2, days(date(2025, 2, 9), step=1))  # 20 days a page, median 2025-01-30: ~1.5 pages left
    assert pacing.in_flight(WINDOW_START, 3, 12) == 3
    assert pacing.in_flight(WINDOW_START, 1, 12) == 2


def test_one_old_item_on_a_page_does_not_end_the_pace() -> None:
    pacing = ListPacing()
    pacing.note(1, [date(2024, 7, 1), *days(date(2026, 1, 14), count=19)])  # an old item mixed into page 1
    pacing.note(2, days(date(2025, 12, 24)))
    assert pacing.in_flight(WINDOW_START, 3, 12) == 12


def test_past_the_window_start_back_to_the_base() -> None:
    pacing = ListPacing()
    pacing.note(1, days(date(2025, 1, 20)))
    pacing.note(2, days(date(2024, 12, 20)))
    assert pacing.pages_to_window_start(WINDOW_START) == 0
    assert pacing.in_flight(WINDOW_START, 3, 12) == 3


def test_pages_all_of_one_day_use_the_ceiling() -> None:
    pacing = ListPacing()
    pacing.note(1, [date(2025, 8, 24)] * 10)
    pacing.note(2, [date(2025, 8, 24)] * 10)
    assert pacing.in_flight(WINDOW_START, 3, 12) == 12


def test_undated_pages_are_skipped() -> None:
    pacing = ListPacing()
    pacing.note(1, [])
    pacing.note(2, days(date(2026, 1, 10)))
    pacing.note(3, [])
    assert pacing.in_flight(WINDOW_START, 3, 12) == 3  # only one dated page so far
