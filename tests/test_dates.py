"""Date formats of government portals, and what is not a date."""

from datetime import date

import pytest

from crawler.dates import (
    date_from_epoch_ms,
    date_from_url,
    find_dates,
    parse_date,
    parse_datetime_text,
    resolve_year,
    year_month_from_url,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-10-11", date(2023, 10, 11)),
        ("2023/10/11", date(2023, 10, 11)),
        ("2023.10.11", date(2023, 10, 11)),
        ("2023年10月11日", date(2023, 10, 11)),
        ("2023年1月5日", date(2023, 1, 5)),
        ("2023 年 10 月 11 日", date(2023, 10, 11)),
        ("2023-10-11 09:30:00", date(2023, 10, 11)),
        ("2023-3-1", date(2023, 3, 1)),
        ("[2025-03-11]", date(2025, 3, 11)),
        ("发布日期：2025-03-11", date(2025, 3, 11)),
        ("二〇二五年三月十一日", date(2025, 3, 11)),
        ("二〇二四年十二月三十一日", date(2024, 12, 31)),
        ("20231011", date(2023, 10, 11)),
        (" 20231011 ", date(2023, 10, 11)),
        ("２０２３－１０－１１", date(2023, 10, 11)),
        ("２０２３年１０月１１日", date(2023, 10, 11)),
    ],
)
def test_parse_date_formats(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-02-00018",  # 索引号
        "11370700MB1234567X/2025-00123",  # 索引号
        "000014349/2025-01-23",  # the tail of an 索引号 is not a date either
        "2025-02-30",
        "2025-13-01",
        "1899-01-01",
        "10-11",
        "[10-11]",
        "10月11日",
        "文号20231011号",  # 8 digits inside text are not clearly a date
        "202310111",
        "2023-10",
        "v2.2023.10.11",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_a_row() -> None:
    found = find_dates("关于3月11日停水的通知 [12-30] 索引号：2026-02-00018 2025-03-11")
    assert [(m.date, m.month_day, m.raw) for m in found] == [
        (None, (3, 11), "3月11日"),
        (None, (12, 30), "12-30"),
        (date(2025, 3, 11), None, "2025-03-11"),
    ]
    text = "标题2025年3月11日"
    (match,) = find_dates(text)
    assert text[match.start : match.end] == "2025年3月11日" and match.month_day is None


@pytest.mark.parametrize("text", ["2026-02-00018", "第1-3季度", "1-3月", "02-30", "13-01", "2025-02-30"])
def test_find_dates_ignores_non_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h/xxgk/202310/t20231011_123.html", date(2023, 10, 11)),
        ("http://h/art/2023/10/11/art_4361021_1.html", date(2023, 10, 11)),
        ("http://h/art/2023/1/5/art_1_2.html", date(2023, 1, 5)),
        ("http://www.news.cn/2023-10/11/c_112.htm", date(2023, 10, 11)),
        ("http://h/content/2025/03/11/12345.html", date(2025, 3, 11)),
        ("http://h/202310/11/a.html", date(2023, 10, 11)),
        ("http://h/202310/t20231011", date(2023, 10, 11)),
        ("http://h/202310/t20231032_1.html", None),
        ("http://h/news/2025/12/a1.html", None),
        ("http://h/xxgk/202310/index.html", None),
        ("http://h/info/5678.html", None),
        ("http://h/a.html?date=2025-03-11", None),
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://h/news/2025/12/a1.html", (2025, 12)),
        ("http://h/xxgk/202310/index.html", (2023, 10)),
        ("http://h/2024-07/x.html", (2024, 7)),
        ("http://h/art/2023/10/11/art_1.html", (2023, 10)),
        ("http://h/info/5678.html", None),
        ("http://h/2025/1234.html", None),
    ],
)
def test_year_month_from_url(url: str, expected: tuple[int, int] | None) -> None:
    assert year_month_from_url(url) == expected


def test_resolve_year_from_reference_across_new_year() -> None:
    assert resolve_year(12, 30, reference=date(2026, 1, 10)) == date(2025, 12, 30)
    assert resolve_year(1, 3, reference=date(2026, 1, 10)) == date(2026, 1, 3)
    assert resolve_year(1, 10, reference=date(2026, 1, 10)) == date(2026, 1, 10)
    assert resolve_year(1, 11, reference=date(2026, 1, 10)) == date(2025, 1, 11)
    assert resolve_year(2, 29, reference=date(2026, 3, 1)) == date(2024, 2, 29)


def test_resolve_year_from_url_month() -> None:
    assert resolve_year(12, 30, url_year_month=(2025, 12)) == date(2025, 12, 30)
    # a posting filed under December but listed on 2 January belongs to the next year
    assert resolve_year(1, 2, url_year_month=(2025, 12)) == date(2026, 1, 2)
    assert resolve_year(12, 30, url_year_month=(2026, 1)) == date(2025, 12, 30)
    assert resolve_year(6, 1, url_year_month=(2025, 6)) == date(2025, 6, 1)
    # made in June, published in December: not the December before the page existed
    assert resolve_year(12, 30, url_year_month=(2025, 6)) == date(2025, 12, 30)
    assert resolve_year(5, 28, url_year_month=(2025, 6)) == date(2025, 5, 28)
    assert resolve_year(6, 1, url_date=date(2025, 6, 3)) == date(2025, 6, 1)
    # the URL wins over the reference
    assert resolve_year(12, 30, url_year_month=(2024, 12), reference=date(2026, 1, 10)) == date(2024, 12, 30)


def test_resolve_year_without_clues_or_day() -> None:
    assert resolve_year(3, 11) is None
    assert resolve_year(2, 30, reference=date(2026, 1, 1)) is None
    assert resolve_year(2, 30, url_year_month=(2025, 2)) is None


def test_epoch_milliseconds_in_shanghai() -> None:
    assert date_from_epoch_ms(1741651200000) == date(2025, 3, 11)  # 2025-03-11 00:00 +08:00
    assert date_from_epoch_ms(1741624200000) == date(2025, 3, 11)  # 2025-03-10 16:30 UTC
    assert date_from_epoch_ms("1741651200000") == date(2025, 3, 11)
    assert date_from_epoch_ms(1741651200000.0) == date(2025, 3, 11)
    assert date_from_epoch_ms(1741651200) == date(2025, 3, 11)  # seconds, as some APIs send
    with pytest.raises(ValueError):
        date_from_epoch_ms("yesterday")


def test_iso_timestamps_with_zone() -> None:
    assert parse_datetime_text("2025-03-10T16:30:00Z") == date(2025, 3, 11)
    assert parse_datetime_text("2025-03-11T09:30:00+08:00") == date(2025, 3, 11)
    assert parse_datetime_text("2025-03-11 09:30") == date(2025, 3, 11)
