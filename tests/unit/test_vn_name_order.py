"""People in Vietnamese order: given name, middle names, family name; Vietnamese letters; tones after."""
import unicodedata

import pytest

from webapp.text import vn_name_key


@pytest.mark.parametrize("first, second", [
    ("Đặng Văn An", "Bùi Thị Bình"),          # the given name decides before the family name
    ("Anh", "Ân"), ("Ân", "Bùi"), ("Bùi", "Dương"), ("Dương", "Đặng"),
    ("An", "Ăn"), ("Ăn", "Ân"), ("Ân", "Bình"),  # a < ă < â < b
    ("Dũng", "Đan"), ("Đức", "Em"),            # d < đ < e
    ("Em", "Êm"), ("Om", "Ôm"), ("Ôm", "Ơm"), ("Ơm", "Pa"), ("Um", "Ưm"), ("Ưm", "Vân"),
    ("An", "Àn"), ("Àn", "Ản"), ("Ản", "Ãn"), ("Ãn", "Án"), ("Án", "Ạn"),  # ngang, huyền, hỏi, ngã, sắc, nặng
    ("Ạn", "Anh"), ("Anh", "Ánh"), ("Ánh", "Ăn"),  # tones only after the base letters of the whole name
    ("Trần Thị Lan", "Nguyễn Văn Lan"),        # same given name: the middle names decide
    ("Lê Văn Lan", "Nguyễn Văn Lan"),          # then the family name
    ("Hoàng Minh", "Hoàng An Minh"),           # no middle name first
])
def test_names_are_ordered_the_vietnamese_way(first, second):
    assert vn_name_key(first) < vn_name_key(second)


def test_the_order_ignores_case_and_unicode_normalization():
    name = "Nguyễn Thị Ánh Đào"
    variants = [name.upper(), name.lower(), unicodedata.normalize("NFD", name), unicodedata.normalize("NFC", name),
                "  Nguyễn   Thị Ánh Đào "]
    assert {vn_name_key(v) for v in variants} == {vn_name_key(name)}


def test_a_unit_list_is_sorted_with_d_stroke_after_d_and_before_e():
    names = ["Vũ Thị Vân", "Đỗ Văn Đức", "Trần Văn Dũng", "Lê Thị Em", "Phạm Văn Ân", "Nguyễn Văn Anh"]
    assert sorted(names, key=vn_name_key) == [
        "Nguyễn Văn Anh", "Phạm Văn Ân", "Trần Văn Dũng", "Đỗ Văn Đức", "Lê Thị Em", "Vũ Thị Vân"]
