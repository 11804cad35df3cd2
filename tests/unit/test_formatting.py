"""Vietnamese display and input of numbers, dates and months."""
from datetime import date
from decimal import Decimal

import pytest

from webapp.formatting import parse_vn_date, parse_vn_month, vn_date, vn_month, vn_number, vn_quantity


@pytest.mark.parametrize("value, places, shown", [
    (Decimal("1234567.125"), 2, "1.234.567,13"),  # thousands with dots, decimals with a comma, half up
    (Decimal("-1234.5"), 0, "-1.235"),
    (Decimal("0.005"), 2, "0,01"),
    (0, 2, "0,00"),
    (1.005, 2, "1,00"),  # a float is read exactly (1.00499…): scores are Decimal, floats only ever displayed
    (Decimal("999.995"), 2, "1.000,00"),  # rounding up to a thousand takes its separator
    (Decimal("-999.99"), 2, "-999,99"),  # below a thousand only the decimal point changes
    (Decimal("1000"), 0, "1.000"),
    (Decimal("87.3456"), 8, "87,34560000"),  # more places than the common ones
])
def test_numbers_are_shown_the_vietnamese_way(value, places, shown):
    assert vn_number(value, places) == shown


@pytest.mark.parametrize("value, shown", [(Decimal("3.00"), "3"), (Decimal("2.50"), "2,5"), (Decimal("1500"), "1.500")])
def test_quantities_drop_useless_zeros(value, shown):
    assert vn_quantity(value) == shown


@pytest.mark.parametrize("typed, meant", [
    ("05/11/2026", date(2026, 11, 5)), ("5/11/2026", date(2026, 11, 5)), (" 25/12/2026 ", date(2026, 12, 25)),
    ("2026-11-05", date(2026, 11, 5)),  # links and hidden fields
    ("11/25/2026", None), ("31/02/2026", None), ("05/11/26", None), ("", None), (None, None),
])
def test_a_typed_date_is_day_month_year(typed, meant):
    assert parse_vn_date(typed) == meant


@pytest.mark.parametrize("typed, meant", [
    ("11/2026", date(2026, 11, 1)), ("2026-11", date(2026, 11, 1)), ("13/2026", None), ("2026", None), ("", None),
])
def test_a_typed_month_is_month_year(typed, meant):
    assert parse_vn_month(typed) == meant


def test_dates_and_months_are_shown_dd_mm_yyyy():
    assert (vn_date(date(2026, 3, 7)), vn_month(date(2026, 3, 7))) == ("07/03/2026", "03/2026")
