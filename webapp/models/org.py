"""The organisation: blocs, levels, units and the division tree."""
from datetime import date

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


class Bloc(SQLModel, table=True):
    """Khối: Đảng, chính quyền, MTTQ và các tổ chức chính trị - xã hội."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)


class Level(SQLModel, table=True):
    """Cấp: tỉnh or xã."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)


class Unit(SQLModel, table=True):
    """Cơ quan, đơn vị: an agency, department, ward or commune."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=255)
    short_name: str = Field(max_length=200)
    bloc_id: int = Field(foreign_key="bloc.id", index=True)
    level_id: int = Field(foreign_key="level.id")
    place: str = Field(default="", max_length=100)  # địa danh printed before the date on forms
    superior_name: str = Field(default="", max_length=200)  # cơ quan chủ quản, top left of forms
    is_pilot: bool = Field(default=False)
    # Usernames of accounts the app makes for the unit's staff start with it ("ht" → "ht.lethithuhang").
    username_prefix: str = Field(default="", max_length=16)
    active: bool = Field(default=True)
    # The superior level that reviews and approves the head's own sheet (an organiser or an account of another
    # unit); use_alter because useraccount already refers to unit.
    superior_evaluator_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("useraccount.id", use_alter=True, name="fk_unit_superior_evaluator_id"), nullable=True))


class Division(SQLModel, table=True):
    """Phòng, ban, bộ phận: a node of a unit's division tree."""

    __table_args__ = (UniqueConstraint("unit_id", "code", name="uq_division_unit_code"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="division.id")
    code: str = Field(max_length=32)
    name: str = Field(max_length=255)
    sort_order: int = Field(default=0)
    # Đã giải thể từ: the division stays (history, past sheets) but takes no new people or children.
    closed_on: date | None = None
