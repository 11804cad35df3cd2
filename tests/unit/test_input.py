"""The one input normalizer and the shared fields: clean text, plain decimals, bounded dates and ids."""
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import Length

from webapp.forms import BaseForm, IntField, VnDateField, VnDecimalField, db_int, parse_vn_decimal
from webapp.formatting import parse_vn_date, parse_vn_month
from webapp.requests import CleanParameters
from webapp.text import clean, tidy


@pytest.mark.parametrize("typed, stored", [
    ("Báo\x00 cáo", "Báo cáo"),
    ("hoso\u202efdp.exe", "hosofdp.exe"),
    ("a\x07\x1b\x0bb", "ab"),
    ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
    ("cột\tcột", "cột\tcột"),
    (unicodedata.normalize("NFD", "Hạc Thành"), "Hạc Thành"),
    ("\u2066ẩn\u2069\u200f\ufeff", "ẩn"),
])
def test_clean_keeps_nfc_text_and_drops_control_and_bidi_characters(typed, stored):
    assert clean(typed) == stored


def test_tidy_trims_and_reads_none_as_empty():
    assert tidy("  \x00 Sở Nội vụ \n") == "Sở Nội vụ" and tidy(None) == ""


def test_request_parameters_are_cleaned_before_any_view_reads_them():
    params = CleanParameters([("q", "bao\x00cao"), ("q", "tu\u202ean")])
    assert params.getlist("q") == ["baocao", "tuan"]


@pytest.mark.parametrize("typed, value", [
    ("2,5", "2.5"), ("2.5", "2.5"), ("10", "10"), (" 0,125 ", "0.125"), ("1,2345", "1.2345"), ("1000", "1000"),
])
def test_plain_decimals_with_a_comma_or_a_point_are_read(typed, value):
    assert parse_vn_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed, says", [
    ("1e9", "không dùng dấu phân cách hàng nghìn hay ký hiệu mũ"),
    ("1.000.000", "không dùng dấu phân cách"),
    ("1.000", "dễ nhầm với số có dấu phân cách hàng nghìn"),
    ("2,500", "viết 2500 nếu là số nghìn"),
    ("NaN", "chỉ gõ chữ số"), ("Infinity", "chỉ gõ chữ số"), ("-1", "chỉ gõ chữ số"), ("1,23456", "Tối đa 4"),
    ("1 000", "chỉ gõ chữ số"),
])
def test_exponents_grouping_and_specials_are_refused_saying_how_to_type(typed, says):
    with pytest.raises(ValueError) as refusal:
        parse_vn_decimal(typed)
    assert says in str(refusal.value)


class _Sample(BaseForm):
    quantity = VnDecimalField("Số lượng")
    day = VnDateField("Ngày")
    count = IntField("Số")


def _form(**data) -> _Sample:
    form = _Sample(MultiDict(data))
    form.validate()
    return form


def test_the_decimal_field_shows_what_was_typed_with_its_vietnamese_error():
    form = _form(quantity="1e9")
    assert form.quantity.data is None and "ký hiệu mũ" in form.quantity.errors[0]
    assert form.quantity._value() == "1e9"


@pytest.mark.parametrize("typed", ["31/12/9999", "01/01/1900", "0001-01-01", "9999-12-31"])
def test_dates_outside_2000_to_2100_are_refused_in_vietnamese(typed):
    assert "từ 01/01/2000 đến 31/12/2100" in _form(day=typed).day.errors[0]


def test_dates_inside_the_range_are_read_either_way():
    assert _form(day="05/11/2026").day.data == _form(day="2026-11-05").day.data == date(2026, 11, 5)


@pytest.mark.parametrize("typed", ["99999999999999999999", "2147483648", "-1"])
def test_integers_beyond_the_databases_integer_are_refused(typed):
    assert _form(count=typed).count.errors


def test_query_string_ids_beyond_the_databases_integer_are_not_ids():
    assert db_int("2147483647") == 2**31 - 1
    with pytest.raises(ValueError):
        db_int("99999999999999999999")


def test_typed_dates_and_months_outside_the_range_read_as_nothing():
    assert parse_vn_date("9999-12-31") is None and parse_vn_date("01/01/0001") is None
    assert parse_vn_month("12/9999") is None and parse_vn_month("2026-11") == date(2026, 11, 1)


class _Short(BaseForm):
    reason = StringField("Lý do", [Length(min=2, max=3)])


def test_length_messages_speak_vietnamese():
    form = _Short(MultiDict({"reason": "quá dài"}))
    form.validate()
    assert form.reason.errors == ["Cần từ 2 đến 3 ký tự."]
