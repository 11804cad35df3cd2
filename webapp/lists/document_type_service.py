"""Loại văn bản → sản phẩm/công việc: the personnel officer says which catalogue item of the unit a document type
of the e-office counts as (work events that name a document type become suggestions of that item)."""
from sqlmodel import Session, select

from ..audit import record, snapshot
from ..auth.actor import Actor
from ..clock import utcnow
from ..errors import DomainError, NotFound
from ..models import CatalogueItem, DocumentTypeMapping, Unit
from ..org.access import locked_unit
from ..text import tidy

FIELDS = ("document_type", "item_id", "note")


def listing(session: Session, unit: Unit) -> list[tuple[DocumentTypeMapping, CatalogueItem]]:
    """The unit's mappings with their items, by document type."""
    return list(session.exec(select(DocumentTypeMapping, CatalogueItem)
                             .join(CatalogueItem, CatalogueItem.id == DocumentTypeMapping.item_id)
                             .where(DocumentTypeMapping.unit_id == unit.id)
                             .order_by(DocumentTypeMapping.document_type)).all())


def items(session: Session, unit: Unit) -> list[CatalogueItem]:
    """The unit's items in use, to choose from."""
    return list(session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.active)
                             .order_by(CatalogueItem.code)).all())


def check_type(document_type: str) -> str:
    """A document type of 1-64 characters, tidied."""
    value = tidy(document_type)
    if not value:
        raise DomainError("Vui lòng nhập loại văn bản.", field="document_type")
    if len(value) > 64:
        raise DomainError("Loại văn bản tối đa 64 ký tự.", field="document_type")
    return value


def save(session: Session, actor: Actor, unit: Unit, document_type: str, item_code: str,
         note: str = "") -> DocumentTypeMapping:
    """Add the mapping, or change the item of an existing one (the unit's lists are locked meanwhile)."""
    locked_unit(session, actor, unit.id)
    document_type, note = check_type(document_type), tidy(note)[:500]
    item = session.exec(select(CatalogueItem).where(CatalogueItem.unit_id == unit.id, CatalogueItem.active,
                                                    CatalogueItem.code == tidy(item_code))).first()
    if item is None:
        raise DomainError("Vui lòng chọn sản phẩm/công việc trong danh mục của cơ quan, đơn vị.", field="item_code")
    mapping = session.exec(select(DocumentTypeMapping).where(DocumentTypeMapping.unit_id == unit.id,
                                                             DocumentTypeMapping.document_type == document_type)).first()
    before = snapshot(mapping, FIELDS) if mapping else {}
    if mapping is None:
        mapping = DocumentTypeMapping(unit_id=unit.id, document_type=document_type, item_id=item.id, note=note)
        session.add(mapping)
    else:
        mapping.item_id, mapping.note, mapping.updated_at = item.id, note, utcnow()
    record(session, actor, "document_type_mapped", mapping, before, snapshot(mapping, FIELDS))
    session.commit()
    return mapping


def remove(session: Session, actor: Actor, unit: Unit, mapping_id: int) -> None:
    """Delete one mapping of the unit (events naming that type are refused afterwards)."""
    locked_unit(session, actor, unit.id)
    mapping = session.get(DocumentTypeMapping, mapping_id)
    if mapping is None or mapping.unit_id != unit.id:
        raise NotFound("Không tìm thấy loại văn bản này.")
    record(session, actor, "document_type_unmapped", mapping, snapshot(mapping, FIELDS), {})
    session.delete(mapping)
    session.commit()
