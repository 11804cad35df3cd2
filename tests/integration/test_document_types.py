"""Loại văn bản → sản phẩm/công việc: the personnel officer's page, its Excel list, and who may change it."""
from sqlmodel import select

from webapp.lists import document_type_service as mapping
from webapp.lists import service
from webapp.models import AuditLog, DocumentTypeMapping, UserAccount

from .lists_data import confirm, import_file, officer, unit_of, xlsx


def _mappings(session, unit) -> dict[str, str]:
    """The unit's document types → item codes."""
    return {m.document_type: item.code for m, item in mapping.listing(session, unit)}


def test_the_officer_maps_a_document_type_and_changes_it_on_the_page(login, session):
    unit = unit_of(session)
    user = login("khcn.lethithuhien")
    page = user.get(f"/units/{unit.code}/document-types")
    assert page.status_code == 200 and "Loại văn bản" in page.get_data(as_text=True)
    for code in ("KHCN-001", "KHCN-002"):
        response = user.post(f"/units/{unit.code}/document-types",
                             data={"document_type": "Quyết định", "item_code": code})
        assert response.status_code == 303
    assert _mappings(session, unit) == {"Quyết định": "KHCN-002"}
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "documenttypemapping")).all()
    assert actions.count("document_type_mapped") == 2


def test_an_item_of_another_unit_is_refused_with_a_message(login, session):
    unit = unit_of(session)
    response = login("khcn.lethithuhien").post(f"/units/{unit.code}/document-types",
                                               data={"document_type": "Công văn", "item_code": "SNV-001"})
    assert response.status_code == 422 and "danh mục của cơ quan" in response.get_data(as_text=True)
    assert _mappings(session, unit) == {}


def test_a_staff_member_reads_the_mapping_but_cannot_change_it(login, session):
    unit = unit_of(session)
    mapping.save(session, officer(session), unit, "Báo cáo", "KHCN-001")
    account = session.exec(select(UserAccount).where(UserAccount.unit_id == unit.id,
                                                     UserAccount.role == "staff")).first()
    user = login(account.username)
    assert "Báo cáo" in user.get(f"/units/{unit.code}/document-types").get_data(as_text=True)
    response = user.post(f"/units/{unit.code}/document-types", data={"document_type": "Báo cáo",
                                                                     "item_code": "KHCN-002"})
    assert response.status_code == 403 and _mappings(session, unit) == {"Báo cáo": "KHCN-001"}


def test_removing_a_mapping_is_audited(login, session):
    unit = unit_of(session)
    row = mapping.save(session, officer(session), unit, "Tờ trình", "KHCN-001")
    response = login("khcn.lethithuhien").post(f"/units/{unit.code}/document-types/{row.id}/delete")
    assert response.status_code == 303 and _mappings(session, unit) == {}
    assert session.exec(select(AuditLog).where(AuditLog.action == "document_type_unmapped")).first() is not None


def test_the_mapping_goes_out_to_excel_and_back_unchanged(session):
    actor, unit = officer(session), unit_of(session)
    mapping.save(session, actor, unit, "Quyết định", "KHCN-001", "Quyết định cá biệt")
    content, _ = service.workbook(session, actor, unit, "document_types", True)
    job = import_file(session, actor, unit, "document_types", content)
    assert job.status == "ready", job.problems
    assert job.preview["counts"] == {"added": 0, "changed": 0, "retired": 0, "kept": 0}


def test_an_excel_file_adds_and_changes_mappings_once_confirmed(session):
    actor, unit = officer(session), unit_of(session)
    mapping.save(session, actor, unit, "Quyết định", "KHCN-001")
    content = xlsx("document_types", [["Quyết định", "KHCN-002", ""], ["Công văn", "KHCN-001", "Công văn đi"]])
    job = confirm(session, actor, import_file(session, actor, unit, "document_types", content))
    assert job.status == "done", (job.problems, job.error)
    assert _mappings(session, unit) == {"Quyết định": "KHCN-002", "Công văn": "KHCN-001"}


def test_an_excel_file_with_an_unknown_item_or_a_repeated_type_is_refused_whole(session):
    actor, unit = officer(session), unit_of(session)
    content = xlsx("document_types", [["Quyết định", "KHONG-CO", ""], ["Công văn", "KHCN-001", ""],
                                      ["Công văn", "KHCN-002", ""]])
    job = import_file(session, actor, unit, "document_types", content)
    assert job.status == "invalid" and job.problem_count == 2
    assert session.exec(select(DocumentTypeMapping).where(DocumentTypeMapping.unit_id == unit.id)).first() is None
