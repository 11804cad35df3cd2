"""Results and the catalogue out, for the provincial HR database and dashboards: a unit's published monthly
results and its catalogue, only for the units of the client, cursor-paginated."""
import re
from decimal import ROUND_HALF_UP, Decimal

from flask import request
from sqlmodel import Session, select

from ..db import get_session
from ..evaluations.rulesets import default_ruleset_row, rules_of
from ..models import CatalogueItem, EvaluationSheet, Period, Person, Unit
from . import openapi, pagination
from .caller import current_caller, require_unit
from .outbound_schemas import CATALOGUE_ITEM, RESULT, WEBHOOK_EVENT
from .problems import ApiProblem, field_error
from .routes import answer, operation
from .schemas import PARAMETERS, page_of

openapi.add_schema("Result", RESULT)
openapi.add_schema("ResultPage", page_of("Result"))
openapi.add_schema("CatalogueItem", CATALOGUE_ITEM)
openapi.add_schema("CataloguePage", page_of("CatalogueItem"))
openapi.add_schema("WebhookEvent", WEBHOOK_EVENT)
# Inline rather than schemas.PAGE_PARAMETERS ($refs): openapi.operation_for reads each parameter's name.
PAGE_PARAMETERS = [PARAMETERS["cursor"], PARAMETERS["limit"]]
PUBLISHED = ("published", "locked")  # a locked sheet was published first
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
CENT = Decimal("0.01")
_MONTH_PARAMETER = {"name": "month", "in": "query", "required": True, "description": "Tháng, dạng YYYY-MM",
                    "schema": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}}


def _page_answer(schema: str, description: str) -> dict:
    """A 200 answer carrying one page of a listing, and the unit's 404."""
    return {"200": {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}, "404": openapi.PROBLEM_REF}


@operation("GET", "/units/{code}/results", scope="results:read", tag="Kết quả",
           summary="Kết quả đánh giá tháng đã công khai của một cơ quan, đơn vị",
           parameters=[_MONTH_PARAMETER, *PAGE_PARAMETERS], responses=_page_answer("ResultPage", "Một trang kết quả"))
def unit_results(code: str):
    """Only sheets published (or locked after publication) in the month: person, points (string), band."""
    session, unit = get_session(), unit_of(code)
    month = request.args.get("month", "")
    if not MONTH.fullmatch(month):
        raise ApiProblem(400, "invalid_month", "Tham số month phải có dạng YYYY-MM.",
                         [field_error("month", "Dạng YYYY-MM.")])
    period = session.exec(select(Period).where(Period.unit_id == unit.id, Period.kind == "month",
                                               Period.key == month)).first()
    page = pagination.requested(f"results:{unit.id}:{month}")
    if period is None:
        return answer(pagination.envelope([], None))
    statement = (select(EvaluationSheet.id, EvaluationSheet, Person)
                 .join(Person, Person.id == EvaluationSheet.person_id)
                 .where(EvaluationSheet.period_id == period.id, EvaluationSheet.state.in_(PUBLISHED)))
    rows, cursor = pagination.paginate(session, statement, EvaluationSheet.id, page)
    rules = rules_of(default_ruleset_row(session, period.starts_on))
    return answer(pagination.envelope([_result(sheet, person, rules) for _, sheet, person in rows], cursor))


def _result(sheet: EvaluationSheet, person: Person, rules) -> dict:
    """One person's published result."""
    points = sheet.total_points.quantize(CENT, ROUND_HALF_UP) if sheet.total_points is not None else None
    return {"person": {"national_id": person.national_id, "full_name": person.full_name},
            "points": str(points) if points is not None else None, "band": sheet.band or None,
            "band_name": rules.band(sheet.band).name if sheet.band else None, "published_at": sheet.published_at}


@operation("GET", "/units/{code}/catalogue", scope="catalogue:read", tag="Danh mục",
           summary="Danh mục sản phẩm, công việc của một cơ quan, đơn vị", parameters=PAGE_PARAMETERS,
           responses=_page_answer("CataloguePage", "Một trang danh mục"))
def unit_catalogue(code: str):
    """The unit's items in use: code, name, unit of measure, group, K (string), standard hours, dates in force."""
    session, unit = get_session(), unit_of(code)
    statement = select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.active)
    page = pagination.requested(f"catalogue:{unit.id}")
    rows, cursor = pagination.paginate(session, statement, CatalogueItem.id, page)
    return answer(pagination.envelope([_item(item) for item in rows], cursor))


def _item(item: CatalogueItem) -> dict:
    """One catalogue item."""
    return {"code": item.code, "name": item.name, "unit_of_measure": item.unit_of_measure, "group": item.task_group,
            "k": str(item.coefficient), "standard_hours": str(item.standard_hours) if item.standard_hours is not None
            else None, "effective_from": item.effective_from, "effective_to": item.effective_to}


def unit_of(code: str, session: Session | None = None) -> Unit:
    """The unit by code: 404 when there is none, 403 when the client may not read it."""
    unit = (session or get_session()).exec(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        raise ApiProblem(404, "unknown_unit", "Không có cơ quan, đơn vị với mã này.")
    require_unit(current_caller(), unit.id)
    return unit
