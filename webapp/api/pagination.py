"""Cursor pagination: a listing ordered by id; the cursor is the last id sent, signed for that listing."""
from dataclasses import dataclass

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from .problems import ApiProblem, field_error

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


@dataclass(frozen=True)
class Page:
    """Which page a request asks for: rows with an id above `after`, at most `limit` of them."""

    limit: int
    after: int
    listing: str


def _signer(listing: str) -> URLSafeSerializer:
    """The cursor's signer, bound to one listing (a cursor of another listing or unit is refused)."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"api-cursor:{listing}")


def requested(listing: str) -> Page:
    """The page of ?cursor=…&limit=… (400 problems for a bad limit or a cursor not made for this listing)."""
    text = request.args.get("limit", "")
    if text and not (text.isdigit() and 1 <= int(text) <= MAX_LIMIT):
        raise ApiProblem(400, "invalid_limit", f"limit phải là số nguyên từ 1 đến {MAX_LIMIT}.",
                         [field_error("limit", f"Từ 1 đến {MAX_LIMIT}.")])
    cursor, after = request.args.get("cursor", ""), 0
    if cursor:
        try:
            after = int(_signer(listing).loads(cursor))
        except (BadSignature, ValueError, TypeError):
            raise ApiProblem(400, "invalid_cursor", "Con trỏ phân trang không hợp lệ cho danh sách này.",
                             [field_error("cursor", "Không hợp lệ.")]) from None
    return Page(int(text) if text else DEFAULT_LIMIT, after, listing)


def paginate(session, statement, id_column, page: Page) -> tuple[list, str | None]:
    """The page's rows of a SELECT (ordered by id_column) and the next page's cursor, None on the last page."""
    rows = session.exec(statement.where(id_column > page.after).order_by(id_column).limit(page.limit + 1)).all()
    if len(rows) <= page.limit:
        return list(rows), None
    rows = list(rows[:page.limit])
    last = rows[-1]
    last_id = getattr(last, id_column.key, None)
    if last_id is None:
        last_id = last[0]  # a row of columns: the id comes first
    return rows, _signer(page.listing).dumps(last_id)


def envelope(items: list, next_cursor: str | None) -> dict:
    """One page of a listing as the API sends it."""
    return {"items": items, "next_cursor": next_cursor}
