"""Who sets, reviews and sees objectives at each level of the organisation."""
from sqlalchemy import and_, false, or_, true
from sqlmodel import Session, select

from ..auth.actor import Actor
from ..auth.scope import manages_person
from ..errors import Forbidden, NotFound
from ..models import Bloc, Division, Objective, Person, Unit, UserAccount

LEVEL_LABELS = {"province": "Cấp tỉnh", "bloc": "Khối", "unit": "Cơ quan, đơn vị", "division": "Phòng, ban",
                "person": "Cá nhân"}
ABOVE = {"bloc": "province", "unit": "bloc", "division": "unit", "person": "division"}
STATE_LABELS = {"draft": "Dự thảo", "agreed": "Đã thống nhất", "closed": "Đã kết thúc"}
SETTERS = {"province": "cơ quan tổ chức cấp tỉnh hoặc quản trị hệ thống", "bloc": "cơ quan tổ chức cấp tỉnh của khối",
           "unit": "thủ trưởng cơ quan, đơn vị", "division": "lãnh đạo phòng", "person": "chính cán bộ, công chức"}


def scope_of_new(session: Session, actor: Actor, level: str) -> dict:
    """The scope columns of an objective the actor sets at the level, or a refusal naming who may set it."""
    person = session.get(Person, actor.person_id) if actor.person_id else None
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    if level == "province" and actor.role in ("organiser", "admin"):
        return {}
    if level == "bloc" and actor.role == "organiser" and actor.bloc_id:
        return {"bloc_id": actor.bloc_id}
    if level == "unit" and actor.role == "head" and unit is not None:
        return {"bloc_id": unit.bloc_id, "unit_id": unit.id}
    if level == "division" and actor.role == "manager" and unit is not None and actor.division_id:
        return {"bloc_id": unit.bloc_id, "unit_id": unit.id, "division_id": actor.division_id}
    if level == "person" and person is not None and person.active and unit is not None:
        return {"bloc_id": unit.bloc_id, "unit_id": person.unit_id, "person_id": person.id}
    raise Forbidden(f"Mục tiêu {LEVEL_LABELS.get(level, '').lower()} do {SETTERS.get(level, 'người có thẩm quyền')} "
                    "đặt: tài khoản của bạn không đặt được mục tiêu ở cấp này.")


def reviewer_candidates(session: Session, level: str, scope: dict, owner_id: int) -> list[UserAccount]:
    """The accounts that may agree and close an objective of the level and scope (never its owner).

    Province and bloc: the organisers (and administrators for the province); a unit: the organisers of its bloc
    (the superior level evaluates heads); a division: the head of the unit; a person: their direct manager or
    the head (auth.scope.manages_person)."""
    query = select(UserAccount).where(UserAccount.active, UserAccount.id != owner_id)
    if level == "province":
        query = query.where(UserAccount.role.in_(("organiser", "admin")))
    elif level == "bloc":
        query = query.where(or_(UserAccount.role == "admin",
                                and_(UserAccount.role == "organiser", UserAccount.bloc_id == scope["bloc_id"])))
    elif level == "unit":
        query = query.where(UserAccount.role == "organiser", UserAccount.bloc_id == scope["bloc_id"])
    elif level == "division":
        query = query.where(UserAccount.role == "head", UserAccount.unit_id == scope["unit_id"])
    else:
        query = query.where(UserAccount.role.in_(("manager", "head")), UserAccount.unit_id == scope["unit_id"])
    accounts = session.exec(query.order_by(UserAccount.display_name, UserAccount.id)).all()
    if level != "person":
        return list(accounts)
    person = session.get(Person, scope["person_id"])
    return [a for a in accounts if manages_person(Actor.from_account(a), person)]


def visible_condition(session: Session, actor: Actor):
    """SQL condition on Objective: what the actor may see (own, division, unit; organisers their bloc)."""
    mine = or_(Objective.owner_id == actor.account_id, Objective.reviewer_id == actor.account_id)
    if actor.role == "admin":
        return true()
    if actor.role == "organiser":
        return or_(mine, Objective.level == "province", Objective.bloc_id == actor.bloc_id)
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    if unit is None:
        return or_(mine, Objective.level == "province")
    above = or_(Objective.level == "province", and_(Objective.level == "bloc", Objective.bloc_id == unit.bloc_id),
                and_(Objective.level == "unit", Objective.unit_id == unit.id))
    if actor.role in ("head", "personnel"):
        return or_(mine, above, Objective.unit_id == unit.id)
    return or_(mine, above, _division_condition(actor), Objective.person_id == (actor.person_id or -1))


def _division_condition(actor: Actor):
    """The actor's division: its objectives and its people's."""
    if not actor.division_id:
        return false()
    people = select(Person.id).where(Person.division_id == actor.division_id)
    return or_(and_(Objective.level == "division", Objective.division_id == actor.division_id),
               and_(Objective.level == "person", Objective.person_id.in_(people)))


def visible(session: Session, actor: Actor, objective_id: int) -> Objective:
    """An objective the actor may see, or not found (an objective outside the scope is not shown to exist)."""
    objective = session.exec(select(Objective).where(Objective.id == objective_id,
                                                     visible_condition(session, actor))).first()
    if objective is None:
        raise NotFound("Không tìm thấy mục tiêu.")
    return objective


def scope_name(session: Session, objective: Objective) -> str:
    """Whose objective it is, in words: the province, a bloc, a unit, a division or a person."""
    if objective.level == "province":
        return "Tỉnh Thanh Hóa"
    if objective.level == "bloc":
        return session.get(Bloc, objective.bloc_id).name
    if objective.level == "unit":
        return session.get(Unit, objective.unit_id).name
    if objective.level == "division":
        return session.get(Division, objective.division_id).name
    return session.get(Person, objective.person_id).full_name
