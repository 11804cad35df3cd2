"""The cap on excellent, quarter and year averages, and the other rule sets as data."""
import pytest

from webapp.scoring import CapMember, Flags, MonthResult, aggregate, check_cap, score_person

from .scoring_data import D, ruleset, work


def _members(spec: str, group: str = "cv") -> list[CapMember]:
    """'xuat_sac:95,92 tot:80,80' → members in that order."""
    members = []
    for part in spec.split():
        band, totals = part.split(":")
        for n, total in enumerate(totals.split(",")):
            members.append(CapMember(f"{band}-{group}-{n}", f"Người {band} {n}", band, D(total), group))
    return members


def test_a_unit_over_the_cap_reports_who_is_beyond_it_without_demoting_anyone():
    members = tuple(_members("xuat_sac:95,91,93 tot:80,80,80,80,80,80,80,80,80,80 hoan_thanh:60"))
    unit = check_cap(ruleset(), members)[0]
    # 20 % × 10 rated good = 2 allowed; 3 excellent → over by 1: the one with 91 points.
    assert (unit.scope, unit.base_count, unit.allowed, unit.capped_count, unit.over_by) == ("unit", 10, 2, 3, 1)
    assert [m.total for m in unit.ranked] == [D(95), D(93), D(91)]
    assert [m.total for m in unit.beyond] == [D(91)]
    assert all(m.band == "xuat_sac" for m in members if m.total > 90)  # nothing was changed
    assert unit.step.formula == "Tối đa 20,00 % × 10 (số được xếp loại Hoàn thành tốt nhiệm vụ) = 2 người; hiện có 3 người; vượt 1 người"


def test_the_cap_rounds_down_and_is_also_checked_per_group_of_similar_positions():
    members = tuple(_members("xuat_sac:92 tot:75,75,75,75", "ld") + _members("xuat_sac:95 tot:70,70,70,70,70,70", "cv"))
    unit, group_cv, group_ld = check_cap(ruleset(), members)
    assert (unit.allowed, unit.over_by) == (2, 0)  # 20 % × 10
    assert (group_cv.key, group_cv.allowed, group_cv.over_by) == ("cv", 1, 0)  # 20 % × 6 = 1,2 → 1
    assert (group_ld.key, group_ld.allowed, group_ld.over_by) == ("ld", 0, 1)  # 20 % × 4 = 0,8 → 0
    assert not group_ld.within


def test_an_outstanding_unit_may_use_the_higher_share():
    members = tuple(_members("xuat_sac:95,94,93 tot:80,80,80,80,80,80,80,80,80,80,80,80"))
    assert check_cap(ruleset(), members)[0].allowed == 2  # 20 % × 12 = 2,4
    assert check_cap(ruleset(), members, outstanding_unit=True)[0].allowed == 3  # 25 % × 12


def test_ha_noi_caps_a_at_30_percent_of_everyone_classified():
    members = tuple(_members("xuat_sac:95,94,93,92 tot:80,80,80,80 hoan_thanh:60,60"))
    (unit,) = check_cap(ruleset("hn-3814-qd-tu-2018"), members)
    assert (unit.base_count, unit.allowed, unit.over_by) == (10, 3, 1)


def _month(key: str, total: str, flags: Flags = Flags(), on_time: str = "1") -> MonthResult:
    metrics = {"a": D(1), "b": D(1), "c": D(1), "exceeded": D(0), "on_time": D(on_time)}
    return MonthResult(key, D(total), D(total), metrics, flags)


def test_a_year_with_4_months_worked_is_not_classified():
    months = tuple(_month(f"2026-{m:02d}", "92") for m in (9, 10, 11, 12))
    year = aggregate(ruleset(), "year", months)
    assert not year.classified and year.band == "chua_xep_loai" and year.months_worked == 4
    assert year.average == D("92.00")
    assert "4 tháng, dưới 6 tháng" in year.band_reasons[0].text


def test_maternity_leave_exempts_the_six_month_rule():
    months = tuple(_month(f"2026-{m:02d}", "92") for m in (9, 10, 11, 12))
    year = aggregate(ruleset(), "year", months, maternity_leave=True)
    assert year.classified and year.band == "xuat_sac"


def test_the_year_averages_the_months_actually_worked():
    totals = ["90.00", "85.50", "70.25", "88.00", "91.00", "79.99", "80.00"]
    months = tuple(_month(f"2026-{n + 1:02d}", t) for n, t in enumerate(totals))
    year = aggregate(ruleset(), "year", months)
    # Σ = 584,74; / 7 = 83,5342… → 83,53
    assert (year.average, year.band) == (D("83.53"), "tot")
    assert year.steps[0].formula.endswith("/ 7 = 83,53")


def test_a_discipline_in_one_month_holds_for_the_whole_year():
    months = [_month(f"2026-{m:02d}", "95") for m in range(1, 13)]
    months[4] = _month("2026-05", "95", Flags(disciplined=True))
    year = aggregate(ruleset(), "year", tuple(months))
    assert year.band == "khong_hoan_thanh" and year.average == D("95.00")


def test_a_month_counted_twice_is_refused():
    from webapp.scoring import ScoringInputError
    with pytest.raises(ScoringInputError):
        aggregate(ruleset(), "quarter", (_month("2026-10", "90"), _month("2026-10", "90")))


def test_366_needs_every_task_on_time_for_good_and_30_percent_exceeded_for_excellent():
    rules = ruleset("qd-366-tw-2025")
    exceeded = work(("D-1", "1.0", "10", "13"), code="qd-366-tw-2025")
    assert score_person(rules, exceeded).band == "xuat_sac"
    not_exceeded = work(("D-1", "1.0", "10", "10"), code="qd-366-tw-2025")
    score = score_person(rules, not_exceeded)
    assert (score.total, score.band) == (D("100.00"), "tot")
    assert "30 %" in score.band_reasons[0].text
    late = work(("D-1", "1.0", "10", "13", 0, 0, 1, 0), code="qd-366-tw-2025")
    assert score_person(rules, late).band == "hoan_thanh"  # 1 late: neither excellent nor good
    assert score_person(ruleset(), work(("D-1", "1.0", "10", "13", 0, 0, 1, 0))).band == "xuat_sac"


def test_ha_noi_scores_20_plus_70_plus_a_capped_bonus():
    rules = ruleset("hn-3814-qd-tu-2018")
    facts = work(("X", "1.0", "4", "3"), general="18", code="hn-3814-qd-tu-2018", bonus_points=D("12"))
    score = score_person(rules, facts)
    # a = b = c = 75 %: 52,50; + 18 + min(12; 10) = 80,50
    assert (score.task_points, score.general_points, score.bonus, score.total) == (D("52.50"), D(18), D(10), D("80.50"))
