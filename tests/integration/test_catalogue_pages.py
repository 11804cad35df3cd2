"""The catalogue's pages: an item's history row, the officer's inline draft form, the head's approval page with
before → after per field, the to-do lists; role and scope on the server; hostile input never a 500."""
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from webapp.clock import local_today
from webapp.models import AuditLog, CatalogueDraft, CatalogueItem

from ..helpers import organiser_of, username_of
from .catalogue_data import approved_change, item, new_k, office

CATALOGUE = "/units/so-noi-vu/catalogue"
HUGE = "99999999999999999999"


def _form(**kw) -> dict:
    """The draft form of a new item for every position, effective today."""
    return {"kind": "new", "code": "SNV-NEW-9", "name": "Thẩm định hồ sơ nâng ngạch", "unit_of_measure": "hồ sơ",
            "task_group": "C", "coefficient": "1,3", "standard_hours": "5", "positions": "*",
            "effective_from": local_today().strftime("%d/%m/%Y"), "reason": "Nhiệm vụ mới năm 2027", **kw}


def _batch_id(session) -> int:
    """The newest batch's id."""
    return session.exec(select(CatalogueDraft.batch_id).order_by(CatalogueDraft.id.desc())).first()


def test_the_officer_proposes_inline_and_the_head_approves_on_the_approval_page(login, session):
    officer = login(username_of(session, "so-noi-vu", "personnel"))
    head = login(username_of(session, "so-noi-vu", "head"))
    page = officer.get(CATALOGUE).get_data(as_text=True)
    assert "Đề xuất thêm sản phẩm/công việc" in page and 'id="draft-form"' in page
    fragment = officer.get(f"{CATALOGUE}/drafts/new", hx=True).get_data(as_text=True)
    assert fragment.startswith('<form id="draft-form"') or 'id="draft-form"' in fragment.split("\n", 2)[1]
    response = officer.post(f"{CATALOGUE}/drafts", data=_form(), hx=True)
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("/catalogue/changes")
    assert "Thay đổi danh mục chờ tôi duyệt" in head.get("/").get_data(as_text=True)
    changes = head.get(f"{CATALOGUE}/changes").get_data(as_text=True)
    assert "Duyệt thay đổi danh mục" in changes and "Thẩm định hồ sơ nâng ngạch" in changes and "1,30" in changes
    card = head.post(f"/catalogue/batches/{_batch_id(session)}/approve", hx=True)
    assert card.status_code == 200 and "Đã duyệt" in card.get_data(as_text=True)
    created = session.exec(select(CatalogueItem).where(CatalogueItem.code == "SNV-NEW-9")).one()
    assert created.coefficient == Decimal("1.30")
    assert "SNV-NEW-9: đã duyệt" in officer.get("/").get_data(as_text=True).replace("Mã ", "")


def test_the_approval_page_shows_before_and_after_of_each_changed_field(login, session):
    officer = login(username_of(session, "so-noi-vu", "personnel"))
    target = item(session, office(session).unit)
    officer.post(f"{CATALOGUE}/drafts", data=_form(kind="change", code=target.code, name=target.name,
                                                   unit_of_measure=target.unit_of_measure, task_group=target.task_group,
                                                   coefficient="1,25", standard_hours="", positions="*"))
    page = login(username_of(session, "so-noi-vu", "head")).get(f"{CATALOGUE}/changes").get_data(as_text=True)
    row = re.search(r'<tr class="changed"><td>Hệ số K</td><td>([^<]*)</td>\s*<td><strong>([^<]*)</strong>', page)
    assert row and row.groups() == ("1,00", "1,25")


def test_an_invalid_draft_comes_back_with_its_vietnamese_errors_and_writes_nothing(login, session):
    officer = login(username_of(session, "so-noi-vu", "personnel"))
    response = officer.post(f"{CATALOGUE}/drafts", data=_form(coefficient="3"), hx=True)
    assert response.status_code == 422 and "Hệ số K phải từ 0,8 đến 2,0" in response.get_data(as_text=True)
    response = officer.post(f"{CATALOGUE}/drafts", data=_form(effective_from="31/02/2027"), hx=True)
    assert response.status_code == 422 and "Ngày không hợp lệ" in response.get_data(as_text=True)
    assert session.exec(select(CatalogueDraft)).all() == []


def test_the_history_row_lists_every_version_with_its_dates_k_and_approver(login, session):
    o = office(session)
    approved_change(session, o, new_k("SNV-001", "1.10"), local_today())
    target = item(session, o.unit)
    staff = login(o.staff.username)
    row = staff.get(f"{CATALOGUE}/items/{target.id}/history", hx=True).get_data(as_text=True)
    assert row.startswith(f'<tr id="history-{target.id}"') and row.count('<tr id="version-') == 2
    assert "1,10" in row and "1,00" in row and o.head.display_name in row
    assert (local_today() - timedelta(days=1)).strftime("%d/%m/%Y") in row
    assert "Lịch sử phiên bản" in staff.get(f"{CATALOGUE}/items/{target.id}/history").get_data(as_text=True)


@pytest.mark.parametrize("who", ["staff", "head", "other officer"])
def test_only_the_units_officer_opens_the_draft_form_or_proposes(login, session, who):
    username = username_of(session, "hac-thanh", "personnel") if who == "other officer" else username_of(
        session, "so-noi-vu", who)
    user = login(username)
    assert user.get(f"{CATALOGUE}/drafts/new").status_code == 403
    assert user.post(f"{CATALOGUE}/drafts", data=_form()).status_code == 403
    assert session.exec(select(CatalogueDraft)).all() == []


def test_the_organiser_reads_the_catalogue_and_its_changes_but_cannot_propose_or_decide(login, session):
    o = office(session)
    officer = login(o.officer.username)
    officer.post(f"{CATALOGUE}/drafts", data=_form())
    organiser = login(organiser_of(session, "chinhquyen"))
    assert organiser.get(CATALOGUE).status_code == 200
    page = organiser.get(f"{CATALOGUE}/changes").get_data(as_text=True)
    assert "SNV-NEW-9" in page and "Duyệt</button>" not in page
    assert organiser.post(f"{CATALOGUE}/drafts", data=_form(code="SNV-NEW-8")).status_code == 403
    assert organiser.post(f"/catalogue/batches/{_batch_id(session)}/approve").status_code == 403


def test_the_staff_and_the_officer_cannot_decide_and_the_head_cannot_withdraw(login, session):
    o = office(session)
    officer = login(o.officer.username)
    officer.post(f"{CATALOGUE}/drafts", data=_form())
    batch_id = _batch_id(session)
    staff = login(o.staff.username)
    assert staff.post(f"/catalogue/batches/{batch_id}/approve").status_code == 403
    assert staff.get(f"{CATALOGUE}/changes").status_code == 403
    assert officer.post(f"/catalogue/batches/{batch_id}/approve").status_code == 403
    assert login(o.head.username).post(f"/catalogue/batches/{batch_id}/withdraw").status_code == 403
    assert session.exec(select(CatalogueDraft)).one().state == "pending"


def test_a_second_decision_on_a_decided_batch_is_a_clear_conflict(login, session):
    o = office(session)
    login(o.officer.username).post(f"{CATALOGUE}/drafts", data=_form())
    head = login(o.head.username)
    batch_id = _batch_id(session)
    assert head.post(f"/catalogue/batches/{batch_id}/reject", data={"reason": "Chưa đủ căn cứ"}).status_code == 303
    again = head.post(f"/catalogue/batches/{batch_id}/approve", hx=True)
    assert again.status_code == 409 and "đã được quyết định" in again.get_data(as_text=True)


def test_a_decision_needs_a_valid_draft_id(login, session):
    o = office(session)
    login(o.officer.username).post(f"{CATALOGUE}/drafts", data=_form())
    response = login(o.head.username).post(f"/catalogue/batches/{_batch_id(session)}/approve", data={"draft": HUGE})
    assert response.status_code == 422
    assert session.exec(select(CatalogueDraft)).one().state == "pending"


HOSTILE = {"nul": "a\x00b\u202e", "huge": HUGE, "year 9999": "31/12/9999", "negative": "-1", "formula": "=1+1"}
FIELDS = ("kind", "code", "name", "unit_of_measure", "task_group", "coefficient", "standard_hours", "positions",
          "effective_from", "reason", "draft")


@pytest.mark.parametrize("role", ["personnel", "head"])
def test_hostile_input_on_every_catalogue_route_never_answers_a_500_and_writes_nothing_bad(login, session, role):
    o = office(session)
    login(o.officer.username).post(f"{CATALOGUE}/drafts", data=_form())
    user, batch_id = login(username_of(session, "so-noi-vu", role)), _batch_id(session)
    posts = [f"{CATALOGUE}/drafts", *(f"/catalogue/batches/{b}/{verb}" for b in (batch_id, HUGE)
                                      for verb in ("approve", "reject", "withdraw"))]
    gets = [f"{CATALOGUE}/drafts/new?item={HUGE}&kind=x", f"{CATALOGUE}/items/{HUGE}/history",
            f"{CATALOGUE}/drafts/new?item=-1", f"{CATALOGUE}/changes?x=%00", "/picker/diary?work_date=9999-12-31",
            "/picker/diary?work_date=a%00b", f"/picker/diary?work_date={HUGE}"]
    failures = []
    for label, value in HOSTILE.items():
        for url in posts:
            for hx in (True, False):
                status = user.post(url, data={name: value for name in FIELDS}, hx=hx).status_code
                if status >= 500:
                    failures.append((url, label, status))
    failures += [(url, status) for url in gets if (status := user.get(url).status_code) >= 500]
    assert failures == []
    assert all("\x00" not in (d.code + d.after.get("name", "")) for d in session.exec(select(CatalogueDraft)))
    assert session.exec(select(AuditLog).where(AuditLog.action == "catalogue_draft_approved")).all() == []
