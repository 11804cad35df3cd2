"""The signed-in user as a small immutable value the services check scope against."""
from dataclasses import dataclass

from flask_login import UserMixin

ROLE_LABELS = {
    "staff": "Cán bộ, công chức",
    "manager": "Lãnh đạo phòng",
    "head": "Thủ trưởng cơ quan, đơn vị",
    "personnel": "Cán bộ tổ chức",
    "organiser": "Cơ quan tổ chức cấp tỉnh",
    "admin": "Quản trị hệ thống",
}


@dataclass(frozen=True, slots=True)
class Actor(UserMixin):
    """Who acts, with which role, bound to which place of the organisation tree."""

    account_id: int
    username: str
    role: str
    display_name: str
    person_id: int | None = None
    unit_id: int | None = None
    division_id: int | None = None
    bloc_id: int | None = None
    unit_code: str | None = None
    session_version: int = 0
    must_change_password: bool = False

    def get_id(self) -> str:
        """Flask-Login stores the account id and its session version in the session."""
        return f"{self.account_id}:{self.session_version}"

    @property
    def role_label(self) -> str:
        """The role's name on screen."""
        return ROLE_LABELS.get(self.role, self.role)

    @classmethod
    def from_account(cls, account, unit_code: str | None = None) -> "Actor":
        """Build the actor from a UserAccount row."""
        return cls(
            account_id=account.id, username=account.username, role=account.role,
            display_name=account.display_name or account.username, person_id=account.person_id,
            unit_id=account.unit_id, division_id=account.division_id, bloc_id=account.bloc_id,
            unit_code=unit_code, session_version=account.session_version or 0,
            must_change_password=account.must_change_password,
        )
