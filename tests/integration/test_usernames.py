"""The username rule of accounts made by the app: unit prefix, dot, the folded full name, a number on collision."""
from webapp.auth.usernames import name_part, new_username


def test_a_name_is_folded_to_ascii_letters_without_spaces():
    assert name_part("Nguyễn Văn Đức") == "nguyenvanduc"
    assert name_part("  Lê Thị Thu Hằng ") == "lethithuhang"
    assert name_part("Hà-Anh O'Neil 2") == "haanhoneil2"


def test_a_name_without_letters_still_gives_a_username():
    assert name_part("—") == "canbo"


def test_the_username_is_the_unit_prefix_and_the_folded_name(session, make):
    unit = make.unit()
    assert new_username(session, unit, "Trịnh Quang Khải") == f"{unit.username_prefix}.trinhquangkhai"


def test_a_taken_username_gets_the_smallest_free_number_from_two(session, make):
    unit = make.unit()
    base = f"{unit.username_prefix}.nguyenvanan"
    make.person(unit, username=base)
    make.person(unit, username=f"{base}3")
    assert new_username(session, unit, "Nguyễn Văn An") == f"{base}2"
    assert new_username(session, unit, "Nguyễn Văn An", reserved={f"{base}2"}) == f"{base}4"


def test_a_very_long_name_leaves_room_for_the_number(session, make):
    unit = make.unit()
    username = new_username(session, unit, "Tôn Nữ " + "Hoàng " * 20 + "Lan")
    assert len(username) <= 61 and username.startswith(f"{unit.username_prefix}.tonnuhoang")
