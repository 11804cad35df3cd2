"""Report helpers without an app: per-sheet page numbers, typed periods, text cells."""
from datetime import date

import pytest
from openpyxl import Workbook

from webapp.errors import DomainError
from webapp.reports.pdf import page_labels
from webapp.reports.safe import as_text
from webapp.text import clean
from webapp.reports.periods import parse_period, period_range


def test_pages_are_numbered_within_the_sheet_they_belong_to():
    assert page_labels(5, [1, 2, 4]) == [(1, 1), (1, 2), (2, 2), (1, 2), (2, 2)]
    assert page_labels(3, []) == [(1, 3), (2, 3), (3, 3)]
    assert page_labels(2, [1, 1, 2]) == [(1, 1), (1, 1)]


@pytest.mark.parametrize("typed, first, last, kind", [
    ("11/2026", date(2026, 11, 1), date(2026, 11, 30), "month"),
    ("2026-11", date(2026, 11, 1), date(2026, 11, 30), "month"),
    ("Tháng 2/2028", date(2028, 2, 1), date(2028, 2, 29), "month"),
    ("Quý 4/2026", date(2026, 10, 1), date(2026, 12, 31), "quarter"),
    ("Quy\u0301 1/2027", date(2027, 1, 1), date(2027, 3, 31), "quarter"),  # decomposed, as Unikey may send it
    ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), "quarter"),
    ("2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
    ("năm 2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
])
def test_periods_are_read_as_people_type_them(typed, first, last, kind):
    span = parse_period(typed)
    assert (span.first, span.last, span.kind) == (first, last, kind)


@pytest.mark.parametrize("typed", ["", "13/2026", "Quý 5/2026", "9999", "12/9999", "1999", "2026-Q0", "abc"])
def test_a_period_out_of_shape_or_range_is_refused_in_vietnamese(typed):
    with pytest.raises(DomainError) as refusal:
        parse_period(typed)
    assert refusal.value.field == "period" and "Kỳ báo cáo" in refusal.value.message


def test_monthly_forms_take_a_month_only():
    with pytest.raises(DomainError, match="theo tháng"):
        period_range("2026", "hours")
    assert period_range("2026", "summary").label == "Năm 2026"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1", "-1", "@A1", "=1+1"])
def test_a_text_cell_that_looks_like_a_formula_is_written_as_text(text):
    cell = Workbook().active["A1"]
    cell.value = text
    assert cell.data_type == "f" or text[0] != "="  # what openpyxl does on its own
    as_text(cell)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_output_text_loses_control_and_bidi_characters_but_keeps_lines():
    assert clean("a\x07b\x1bc\x0bd\u202ee\r\nf\tg") == "abcde\nf\tg"


def test_a_batch_render_is_bounded_by_the_job_timeout_not_xhtml2pdfs_sixty_seconds():
    from webapp.queue import JOB_TIMEOUT
    from webapp.reports.pdf import _POLICY
    assert _POLICY.max_render_seconds == JOB_TIMEOUT > 60
