"""People evaluated and the user accounts that act for them."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from ._base import created_at_field, timestamp_field

ROLES = ("staff", "manager", "head", "personnel", "organiser", "admin")
STAFF_KINDS = ("can_bo", "cong_chuc", "vien_chuc")


class Person(SQLModel, table=True):
    """Cán bộ, công chức, viên chức of a unit."""

    __table_args__ = (
        CheckConstraint("staff_kind IN ('can_bo','cong_chuc','vien_chuc')", name="ck_person_staff_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    division_id: int | None = Field(default=None, foreign_key="division.id", index=True)
    position_id: int | None = Field(default=None, foreign_key="jobposition.id")
    # Mã định danh: "một hồ sơ – một mã định danh", the key of staff imports and integrations.
    national_id: str | None = Field(default=None, max_length=32, unique=True)
    full_name: str = Field(max_length=200)
    gender: str = Field(default="", max_length=8)
    title: str = Field(default="", max_length=200)  # chức vụ, chức danh printed on forms
    staff_kind: str = Field(default="cong_chuc", max_length=16)
    is_leader: bool = Field(default=False)  # scored with d, đ, e
    started_on: date | None = None
    left_on: date | None = None
    active: bool = Field(default=True)
    # Lãnh đạo trực tiếp set by the personnel officer; None means the default (org.lines.default_manager).
    manager_override_id: int | None = Field(default=None, foreign_key="person.id")
    # The resolved line, kept filled by org.lines.reset_default_lines: every queue is one indexed condition on it.
    reports_to_id: int | None = Field(default=None, foreign_key="person.id", index=True)


class UserAccount(SQLModel, table=True):
    """A login with one role bound to its place in the organisation tree."""

    __table_args__ = (
        CheckConstraint(
            "role IN ('staff','manager','head','personnel','organiser','admin')", name="ck_user_account_role"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=16)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True, unique=True)  # one login a person
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    division_id: int | None = Field(default=None, foreign_key="division.id")
    bloc_id: int | None = Field(default=None, foreign_key="bloc.id")
    display_name: str = Field(default="", max_length=200)
    active: bool = Field(default=True)
    must_change_password: bool = Field(default=False)  # a seeded or reset password: changed at next login
    created_at: datetime = created_at_field()
    last_login_at: datetime | None = timestamp_field()
    # Stored in the session cookie at login; bumping it ends every session of the account (logout).
    session_version: int = Field(default=0)


class LoginThrottle(SQLModel, table=True):
    """Failed logins of one account or address within a window (when no Redis is configured)."""

    key: str = Field(primary_key=True, max_length=200)
    failures: int = Field(default=0)
    window_ends: int = Field(index=True)  # Unix seconds: no time-zone handling between databases
