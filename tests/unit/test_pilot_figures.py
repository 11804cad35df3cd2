"""The pilot review's pure arithmetic and wording, table by table (no app, no database)."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from webapp.errors import DomainError
from webapp.pilot.figures import (MEDIAN, P90, days_in_post, duration_text, percent_text, percentile,
                                  percentile_of_ranks, rank_bounds, rate_text, share_text)
from webapp.pilot.span import default_span, month_span


@pytest.mark.parametrize(("values", "p", "expected"), [
    ([5], MEDIAN, "5"),
    ([1, 3], MEDIAN, "2"),
    ([2, 24, 78], MEDIAN, "24"),
    ([2, 24, 78], P90, "67.2"),
    ([4, 1, 3, 2], MEDIAN, "2.5"),
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], P90, "9.1"),
    ([0.5, 0.5], P90, "0.5"),
])
def test_percentiles_interpolate_between_the_closest_ranks_as_postgresql_does(values, p, expected):
    assert percentile(values, p) == Decimal(expected)


def test_no_value_has_no_percentile():
    assert percentile([], MEDIAN) is None and percentile_of_ranks(0, MEDIAN, {}) is None


@pytest.mark.parametrize(("n", "p", "bounds"), [
    (1, MEDIAN, (0, 0, Fraction(0))), (2, MEDIAN, (0, 1, Fraction(1, 2))), (3, P90, (1, 2, Fraction(4, 5))),
    (11, P90, (9, 10, Fraction(0))), (10, P90, (8, 9, Fraction(1, 10))),
])
def test_only_the_two_ranks_around_a_percentile_are_needed(n, p, bounds):
    assert rank_bounds(n, p) == bounds


def test_the_percentile_of_the_fetched_ranks_equals_the_one_of_every_value():
    values = sorted(Decimal(v) for v in (7, 1, 19, 3, 3, 40, 12))
    for p in (MEDIAN, P90):
        low, high, _ = rank_bounds(len(values), p)
        assert percentile_of_ranks(len(values), p, {low: values[low], high: values[high]}) == percentile(values, p)


@pytest.mark.parametrize(("hours", "text"), [
    (None, "—"), (Decimal("0.25"), "15 phút"), (Decimal("0.5"), "30 phút"), (Decimal(1), "1,0 giờ"),
    (Decimal("5.25"), "5,3 giờ"), (Decimal("23.9"), "23,9 giờ"), (Decimal(24), "1 ngày"),
    (Decimal("67.2"), "2 ngày 19 giờ"), (Decimal("71.5"), "3 ngày"), (Decimal(250), "10 ngày 10 giờ"),
])
def test_durations_read_in_minutes_hours_or_days_and_hours(hours, text):
    assert duration_text(hours) == text


@pytest.mark.parametrize(("part", "whole", "share", "percent"), [
    (2, 3, "2/3 (66,7 %)", "66,7 %"), (0, 1, "0/1 (0,0 %)", "0,0 %"), (3, 56, "3/56 (5,4 %)", "5,4 %"),
    (1234, 1234, "1234/1234 (100,0 %)", "100,0 %"), (0, 0, "—", "—"),
])
def test_shares_show_the_counts_and_a_vietnamese_percentage(part, whole, share, percent):
    assert share_text(part, whole) == share and percent_text(part, whole) == percent


@pytest.mark.parametrize(("count", "days", "text"), [(5, 56, "0,09"), (1, 22, "0,05"), (2500, 1000, "2,50"),
                                                       (0, 22, "0,00"), (3, 0, "—")])
def test_entries_per_person_day_have_two_decimals_with_a_comma(count, days, text):
    assert rate_text(count, days) == text


OCTOBER = [date(2026, 10, d) for d in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30)]


@pytest.mark.parametrize(("started", "left", "days"), [
    (None, None, 22), (date(2026, 10, 15), None, 12), (None, date(2026, 10, 2), 2), (date(2026, 10, 3), None, 20),
    (date(2026, 11, 1), None, 0), (date(2026, 10, 20), date(2026, 10, 9), 0),
])
def test_working_days_in_post_count_both_ends(started, left, days):
    assert days_in_post(OCTOBER, started, left) == days


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("start", "end", "first", "last", "months"), [
    ("10/2026", "10/2026", date(2026, 10, 1), date(2026, 10, 31), 1),
    ("1/2026", "12/2026", date(2026, 1, 1), date(2026, 12, 1), 12),  # the current month counts up to today
    ("2026-06", "2026-07", date(2026, 6, 1), date(2026, 7, 31), 2),
    ("12/2025", "11/2026", date(2025, 12, 1), date(2026, 11, 30), 12),
])
def test_a_span_runs_from_the_first_months_start_to_the_last_months_end_or_today(start, end, first, last, months):
    span = month_span(start, end, TODAY)
    assert (span.first, span.end, span.months) == (first, last, months)


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    ("", "10/2026", "from_month", "Vui lòng nhập tháng bắt đầu (mm/yyyy)."),
    ("10/2026", " ", "to_month", "Vui lòng nhập tháng kết thúc (mm/yyyy)."),
    ("13/2026", "10/2026", "from_month", "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 06/2026."),
    ("10/2026", "10/26", "to_month", "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 06/2026."),
    ("01/2027", "01/2027", "from_month", "Tháng bắt đầu không được sau tháng hiện tại (12/2026)."),
    ("11/2026", "01/2027", "to_month", "Tháng kết thúc không được sau tháng hiện tại (12/2026)."),
    ("11/2026", "10/2026", "from_month", "Tháng bắt đầu phải trước hoặc trùng tháng kết thúc."),
    ("11/2025", "11/2026", "to_month", "Chỉ tổng hợp tối đa 12 tháng một lần (đã chọn 13 tháng)."),
    ("01/1999", "10/2026", "from_month", "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 06/2026."),
])
def test_a_span_out_of_bounds_is_refused_on_its_field_in_vietnamese(start, end, field, message):
    with pytest.raises(DomainError) as refusal:
        month_span(start, end, TODAY)
    assert (refusal.value.field, refusal.value.message) == (field, message)


@pytest.mark.parametrize(("today", "span"), [(date(2026, 12, 1), ("10/2026", "12/2026")),
                                             (date(2027, 1, 15), ("11/2026", "01/2027")),
                                             (date(2026, 3, 31), ("01/2026", "03/2026"))])
def test_the_picker_starts_on_the_last_three_months(today, span):
    assert default_span(today) == span


def test_a_spans_label_names_one_month_or_both_ends():
    assert month_span("10/2026", "10/2026", TODAY).label == "Tháng 10/2026"
    assert month_span("06/2026", "07/2026", TODAY).label == "Từ tháng 06/2026 đến tháng 07/2026"
