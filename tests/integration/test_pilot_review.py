"""Báo cáo tổng kết thí điểm: every figure on hand-made data of two pilot units side by side (tests/integration/
pilot_data.py works each one out), the SQL percentiles against the reference, the span's bounds and who may see it."""
from datetime import date
from decimal import Decimal

import pytest

from webapp.pilot.access import pilot_units
from webapp.pilot.figures import MEDIAN, P90, percentile
from webapp.pilot.service import gather
from webapp.pilot.span import month_span
from webapp.pilot.table import sections, top_rows

from .pilot_data import pilot_units as make_pilot_units, utc

TODAY = date(2026, 12, 1)


@pytest.fixture
def pilot(session, make):
    """The two pilot units of pilot_data."""
    return make_pilot_units(session, make)


def _review(session):
    """October 2026 for the pilot units."""
    return gather(session, pilot_units(session), month_span("10/2026", "10/2026", TODAY))


def _cells(review) -> dict[str, list[str]]:
    """Row label → the units' texts."""
    return {row.label: [cell.text for cell in row.cells] for section in sections(review) for row in section.rows}


def test_the_review_holds_the_pilot_units_as_columns_in_the_plans_order(session, pilot):
    review = _review(session)
    assert [f.unit.id for f in review.units] == [pilot.ward.id, pilot.department.id]
    assert review.working_days == 22 and review.span.end == date(2026, 10, 31)


def test_adoption_counts_accounts_that_signed_in_within_the_span_in_local_time(session, pilot):
    ward, department = _review(session).units
    assert (ward.accounts, ward.logged_in) == (3, 2)  # 23:30 on 30/09 local is out, 00:30 on 01/10 is in
    assert (department.accounts, department.logged_in) == (1, 0)
    assert _cells(_review(session))["Tài khoản đã đăng nhập trong kỳ / tổng số tài khoản"] == ["2/3 (66,7 %)",
                                                                                             "0/1 (0,0 %)"]


def test_diary_coverage_counts_working_days_in_post_and_skips_weekends_and_other_months(session, pilot):
    ward, department = _review(session).units
    assert (ward.people, ward.person_days, ward.diary_days, ward.entries) == (3, 56, 3, 5)
    assert (department.person_days, department.diary_days, department.entries) == (22, 1, 1)
    cells = _cells(_review(session))
    assert cells["Độ phủ nhật ký: ngày làm việc có nhật ký / ngày làm việc"] == ["3/56 (5,4 %)", "1/22 (4,5 %)"]
    assert cells["Mục nhật ký bình quân mỗi người mỗi ngày làm việc"] == ["0,09", "0,05"]


def test_working_days_count_from_the_day_the_persons_account_was_made(session, make, pilot):
    person, account = make.person(pilot.department)
    account.created_at = utc(10, 25, 18)  # 26/10 01:00 local: 26 to 30 October
    session.flush()
    department = _review(session).units[1]
    assert (department.people, department.person_days) == (2, 22 + 5)


def test_time_to_approval_gives_the_median_and_the_90th_percentile(session, pilot):
    ward, department = _review(session).units
    assert (ward.sent, ward.approved, ward.timed) == (4, 3, 3)
    assert ward.median_hours == Decimal(24) and ward.p90_hours == Decimal("67.2")  # 24 + 0,8 × (78 − 24)
    assert department.median_hours == department.p90_hours == Decimal("0.5")
    cells = _cells(_review(session))
    assert cells["Thời gian từ gửi duyệt đến khi duyệt: trung vị"] == ["1 ngày", "30 phút"]
    assert cells["Thời gian từ gửi duyệt đến khi duyệt: 90 % số mục được duyệt trong vòng"] == ["2 ngày 19 giờ",
                                                                                              "30 phút"]


def test_the_databases_percentiles_match_the_reference_on_more_values(session, make, pilot):
    hours = [1, 3, 4, 7, 12, 30, 31, 55, 100, 240]
    person = make.person(pilot.department)[0]
    item = make.item(pilot.department)
    for n, value in enumerate(hours):
        make.entry(person, item, date(2026, 10, 6 + n % 3), submitted_at=utc(10, 10),
                   reviewed_at=utc(10, 10 + value // 24, value % 24))
    department = _review(session).units[1]
    values = [Decimal("0.5"), *hours]
    assert (department.median_hours, department.p90_hours) == (percentile(values, MEDIAN), percentile(values, P90))
    assert department.median_hours == Decimal("12") and department.p90_hours == Decimal("100")


def test_returns_are_counted_from_the_audit_log_even_once_corrected(session, pilot):
    ward, department = _review(session).units
    assert (ward.returns, ward.returned_entries) == (3, 2)
    assert (department.returns, department.returned_entries) == (0, 0)
    cells = _cells(_review(session))
    assert cells["Lượt trả lại mục nhật ký"] == ["3", "0"]
    assert cells["Mục bị trả lại ít nhất một lần / mục đã gửi duyệt"] == ["2/4 (50,0 %)", "0/1 (0,0 %)"]


def test_sheets_approved_by_the_last_day_of_the_period_local_time_are_on_time(session, pilot):
    ward, department = _review(session).units
    assert (ward.sheets, ward.approved_sheets, ward.on_time) == (3, 2, 1)
    assert (department.sheets, department.approved_sheets) == (0, 0)
    cells = _cells(_review(session))
    assert cells["Phiếu đã được thủ trưởng phê duyệt / số phiếu"] == ["2/3 (66,7 %)", "—"]
    assert cells["Phiếu phê duyệt đúng hạn (*) / số phiếu"] == ["1/3 (33,3 %)", "—"]
    assert "ngày cuối của kỳ đánh giá" in _review(session).deadline_note


def test_the_bands_of_approved_sheets_and_the_appeals_are_shown_per_unit(session, pilot):
    review = _review(session)
    assert [code for code, _ in review.bands] == ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
    assert review.units[0].bands == {"tot": 1, "xuat_sac": 1}
    cells = _cells(review)
    assert cells["Xếp loại “Hoàn thành xuất sắc nhiệm vụ” / số phiếu đã phê duyệt"] == ["1/2 (50,0 %)", "—"]
    assert cells["Xếp loại “Hoàn thành nhiệm vụ” / số phiếu đã phê duyệt"] == ["0/2 (0,0 %)", "—"]
    assert cells["Kiến nghị về kết quả đánh giá"] == ["2", "0"]
    assert cells["Kiến nghị đã được trả lời / số kiến nghị"] == ["1/2 (50,0 %)", "—"]


def test_catalogue_items_unused_and_most_used_come_from_approved_work_within_the_span(session, pilot):
    review = _review(session)
    ward, department = review.units
    assert ward.items == 4 and [i.code for i in ward.unused] == ["QH-003", "QH-004"]
    assert [(i.code, i.entries) for i in ward.top] == [("QH-001", 2), ("QH-002", 1)]
    assert [i.code for i in department.unused] == ["TN-002"]
    assert top_rows(review) == [["QH-001 · Văn bản hành chính (2 mục)", "TN-001 · Thẩm định hồ sơ đất đai (1 mục)"],
                                ["QH-002 · Hồ sơ một cửa (1 mục)", ""]]
    assert _cells(review)["Chưa được dùng trong thời gian tổng hợp / số sản phẩm/công việc"] == ["2/4 (50,0 %)",
                                                                                               "1/2 (50,0 %)"]


def test_a_wider_span_takes_in_the_other_months(session, pilot):
    review = gather(session, pilot_units(session), month_span("09/2026", "11/2026", TODAY))
    ward = review.units[0]
    assert ward.entries == 7 and ward.approved == 4  # and the entries of 30/09 (approved) and 02/11 (draft)
    assert review.span.label == "Từ tháng 09/2026 đến tháng 11/2026"


def test_a_span_without_any_activity_shows_dashes_not_errors(session, pilot):
    review = gather(session, pilot_units(session), month_span("01/2026", "01/2026", TODAY))
    cells = _cells(review)
    assert cells["Thời gian từ gửi duyệt đến khi duyệt: trung vị"] == ["—", "—"]
    assert cells["Phiếu phê duyệt đúng hạn (*) / số phiếu"] == ["—", "—"]
    assert review.units[0].top == [] and top_rows(review) == []
    assert review.units[0].items == 5  # QH-009 was still in force in January
