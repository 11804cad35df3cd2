"""The password policy: one pure function, Vietnamese reasons."""
import re
from functools import cache
from pathlib import Path

MIN_LENGTH = 10
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def common_passwords() -> frozenset[str]:
    """The vendored list of common passwords, lower-cased."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str) -> str | None:
    """Why the password is refused for this username (None when it is acceptable)."""
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
    lowered = password.lower()
    if any(part in lowered for part in _username_parts(username)):
        return "Mật khẩu không được là hoặc chứa tên đăng nhập."
    if lowered in common_passwords() or _EDGES.sub("", lowered) in common_passwords():
        return "Mật khẩu quá phổ biến, dễ bị đoán: hãy chọn mật khẩu khác."
    return None


def _username_parts(username: str) -> list[str]:
    """The username and its dotted parts of four letters or more (ht.trinhquangkhai → trinhquangkhai)."""
    name = username.strip().lower()
    if not name:
        return []
    return [name, *(part for part in name.split(".") if len(part) >= 4)]
