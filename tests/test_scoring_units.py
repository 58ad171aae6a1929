"""Pure parts of the scoring stage: the working-day calendar and the fuzzy title linker."""

from __future__ import annotations

from datetime import date

import pytest

from scoring.calendar import HolidayFileError, build_calendar
from scoring.linking import TitledPosting, fuzzy_links, interpretation_key, policy_keys


def workdays(first: date, last: date, holidays=None) -> list[date]:
    return [day for day, is_workday in build_calendar(first, last, holidays).days if is_workday]


def test_spring_festival_2025_with_make_up_days():
    calendar = build_calendar(date(2025, 1, 25), date(2025, 2, 9))
    flags = dict(calendar.days)
    assert calendar.source == "chinesecalendar" and calendar.warnings == []
    assert flags[date(2025, 1, 26)] is True  # Sunday, make-up workday (调休)
    assert flags[date(2025, 1, 28)] is False and flags[date(2025, 2, 4)] is False  # 春节
    assert flags[date(2025, 2, 8)] is True  # Saturday, make-up workday
    assert [d for d, w in calendar.days if w] == [date(2025, 1, 26), date(2025, 1, 27), date(2025, 2, 5),
                                                  date(2025, 2, 6), date(2025, 2, 7), date(2025, 2, 8)]


def test_weekday_fallback_for_2027_warns():
    calendar = build_calendar(date(2026, 12, 30), date(2027, 1, 4))
    assert calendar.source == "weekday-fallback"
    assert calendar.warnings == ["2027 年不在 chinesecalendar 覆盖范围（2004–2026），工作日按周一至周五计算，"
                                 "未计入法定节假日与调休；如需准确可提供节假日文件"]
    flags = dict(calendar.days)
    assert flags[date(2027, 1, 1)] is True  # a Friday: no holiday knowledge beyond 2026
    assert flags[date(2027, 1, 2)] is False
    assert flags[date(2026, 12, 31)] is True


def test_holiday_file(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text("holidays: [2027-01-01]\nworkdays: [2027-01-02]\n", encoding="utf-8")
    calendar = build_calendar(date(2027, 1, 1), date(2027, 1, 3), path)
    assert calendar.source == "holiday-file"
    assert calendar.days == [(date(2027, 1, 1), False), (date(2027, 1, 2), True), (date(2027, 1, 3), False)]


def test_bad_holiday_file(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text("holidays: [2027-13-01]\n", encoding="utf-8")
    with pytest.raises(HolidayFileError, match="无法读取或不是有效的 YAML"):
        build_calendar(date(2027, 1, 1), date(2027, 1, 3), path)
    path.write_text("holidays: [元旦]\n", encoding="utf-8")
    with pytest.raises(HolidayFileError, match=r"holidays\[0\] 应为 YYYY-MM-DD 日期，实际为 '元旦'"):
        build_calendar(date(2027, 1, 1), date(2027, 1, 3), path)
    path.write_text("feiertage: []\n", encoding="utf-8")
    with pytest.raises(HolidayFileError, match="应只含 holidays 与 workdays"):
        build_calendar(date(2027, 1, 1), date(2027, 1, 3), path)


def test_title_keys():
    assert interpretation_key("《青州市促进消费若干措施》政策解读", ["解读"]) == "青州市促进消费若干措施"
    assert interpretation_key("图解：青州市促进消费的若干措施", ["图解"]) == "青州市促进消费若干措施"
    assert policy_keys("青州市人民政府办公室关于印发青州市促进消费若干措施的通知") == ["青州市促进消费若干措施"]
    assert policy_keys("关于印发《青州市促进消费若干措施》的通知") == ["青州市促进消费若干措施"]


REFS = {"p1": 1, "p12": 2, "p2": 3, "other": 4, "i1": 11, "i2": 12, "i3": 13, "p": 21, "i": 22}


def posting(name: str, title: str, day: date, site: str = "s") -> TitledPosting:
    return TitledPosting(site, REFS[name], title, day)


def test_fuzzy_picks_best_eligible_policy():
    policies = [
        posting("p1", "关于印发青州市第1号管理办法的通知", date(2025, 3, 1)),
        posting("p12", "关于印发青州市第12号管理办法的通知", date(2025, 3, 2)),
        posting("p2", "关于印发青州市第2号管理办法的通知", date(2025, 6, 1)),  # after the interpretation
        posting("other", "关于印发青州市第1号管理办法的通知", date(2025, 3, 1), site="t"),  # other site
    ]
    interpretations = [posting("i1", "图解：青州市第1号管理办法", date(2025, 3, 5)),
                       posting("i2", "图解：青州市第2号管理办法", date(2025, 3, 5)),
                       posting("i3", "县长调研农业生产", date(2025, 3, 5))]
    links = {link.interpretation_ref: link for link in fuzzy_links(interpretations, policies, ["图解"], 85)}
    assert links[REFS["i1"]].policy_ref == REFS["p1"] and links[REFS["i1"]].confidence == 1.0
    # the true policy comes later; the most similar earlier one wins when similar enough
    assert links[REFS["i2"]].policy_ref in {REFS["p1"], REFS["p12"]} and links[REFS["i2"]].confidence < 1.0
    assert REFS["i3"] not in links


def test_fuzzy_prefers_the_latest_of_equal_titles():
    policies = [posting("p1", "关于印发青州市管理办法的通知", date(2025, 1, 1)),
                posting("p12", "关于印发青州市管理办法的通知", date(2025, 2, 1))]
    links = fuzzy_links([posting("i1", "图解：青州市管理办法", date(2025, 2, 3))], policies, ["图解"], 85)
    assert [link.policy_ref for link in links] == [REFS["p12"]]


def test_fuzzy_threshold_is_respected():
    policies = [posting("p", "关于印发青州市农业发展规划的通知", date(2025, 1, 1))]
    interpretations = [posting("i", "图解：青州市工业发展规划", date(2025, 2, 1))]
    assert fuzzy_links(interpretations, policies, ["图解"], 95) == []
    assert len(fuzzy_links(interpretations, policies, ["图解"], 80)) == 1
