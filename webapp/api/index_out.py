"""The unit performance index out (Bộ chỉ số hiệu quả hoạt động, webapp/performance): a unit's figures for a month
and its divisions', as the summary rows hold them after the last refresh; ratios as decimal strings (1 = 100 %)."""
from dataclasses import asdict
from decimal import Decimal

from flask import request
from sqlmodel import select

from ..db import get_session
from ..models import Division, PerformanceSummary
from ..performance.queries import figures_of
from . import openapi
from .problems import ApiProblem, field_error
from .results import _MONTH_PARAMETER, MONTH, unit_of
from .routes import answer, operation

FIGURES = {"type": "object", "additionalProperties": True,
           "description": "Các chỉ số (số đếm là số nguyên; tỷ lệ, điểm là chuỗi thập phân, 1 = 100 %)"}
INDEX = {"type": "object", "required": ["unit", "month", "refreshed_at", "figures", "divisions"], "properties": {
    "unit": {"type": "string"}, "month": {"type": "string"},
    "refreshed_at": {"type": ["string", "null"], "format": "date-time"},
    "figures": {"oneOf": [FIGURES, {"type": "null"}]},
    "divisions": {"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "string"}, "name": {"type": "string"}, "figures": FIGURES}}}}}
openapi.add_schema("UnitIndex", INDEX)


@operation("GET", "/units/{code}/index", scope="results:read", tag="Kết quả",
           summary="Bộ chỉ số hiệu quả hoạt động tháng của một cơ quan, đơn vị và các phòng, ban",
           parameters=[_MONTH_PARAMETER], responses={"200": {"description": "Bộ chỉ số", "content": {
               "application/json": {"schema": {"$ref": "#/components/schemas/UnitIndex"}}}},
               "404": openapi.PROBLEM_REF})
def unit_index(code: str):
    """The unit's row and its divisions' rows of the month (figures null when the month was never refreshed)."""
    session, unit = get_session(), unit_of(code)
    month = request.args.get("month", "")
    if not MONTH.fullmatch(month):
        raise ApiProblem(400, "invalid_month", "Tham số month phải có dạng YYYY-MM.",
                         [field_error("month", "Dạng YYYY-MM.")])
    rows = session.exec(select(PerformanceSummary, Division).outerjoin(
        Division, Division.id == PerformanceSummary.division_id).where(
        PerformanceSummary.unit_id == unit.id, PerformanceSummary.month == month)
        .order_by(PerformanceSummary.division_key)).all()
    own = next((row for row, division in rows if division is None), None)
    return answer({"unit": unit.code, "month": month, "refreshed_at": own.refreshed_at if own else None,
                   "figures": _figures(own) if own else None,
                   "divisions": [{"code": division.code, "name": division.name, "figures": _figures(row)}
                                 for row, division in rows if division is not None]})


def _figures(row) -> dict:
    """The figures of one row, decimals as strings."""
    return {name: str(value) if isinstance(value, Decimal) else value
            for name, value in asdict(figures_of(row)).items()}
