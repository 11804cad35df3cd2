"""The password policy: length, the username, the common-password list."""
import pytest

from webapp.auth.policy import common_passwords, password_problem

TOO_SHORT = "Mật khẩu phải có ít nhất 10 ký tự."
USERNAME = "Mật khẩu không được là hoặc chứa tên đăng nhập."
COMMON = "Mật khẩu quá phổ biến, dễ bị đoán: hãy chọn mật khẩu khác."


@pytest.mark.parametrize(("password", "username", "problem"), [
    ("Sông Mã chảy xiết 7", "ht.lethithuhang", None),
    ("rung-thong-xanh-91", "admin", None),
    ("ngan9chu", "admin", TOO_SHORT),
    ("Demo@2026", "ht.lethithuhang", TOO_SHORT),
    ("", "admin", TOO_SHORT),
    ("ht.lethithuhang", "ht.lethithuhang", USERNAME),
    ("HT.LeThiThuHang!", "ht.lethithuhang", USERNAME),
    ("lethithuhang2026", "ht.lethithuhang", USERNAME),
    ("1234567890", "ht.lethithuhang", COMMON),
    ("Matkhau@2026", "ht.lethithuhang", COMMON),
    ("2026matkhau!!", "ht.lethithuhang", COMMON),
    ("Demo@2026!!", "ht.lethithuhang", COMMON),
    ("Demo@123456", "ht.lethithuhang", COMMON),
    ("ANHYEUEM123", "ht.lethithuhang", COMMON),
    ("qwertyuiop", "ht.lethithuhang", COMMON),
    ("P@ssw0rd2026", "admin", COMMON),
])
def test_the_policy_gives_the_first_reason_a_password_is_refused(password, username, problem):
    assert password_problem(password, username) == problem


def test_the_common_list_holds_a_few_hundred_entries_with_the_vietnamese_favourites():
    common = common_passwords()
    assert len(common) >= 300
    assert {"12345678", "matkhau", "demo@2026", "anhyeuem"} <= common
