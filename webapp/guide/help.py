"""The "Hướng dẫn" link in the header: the guide's section for the page being looked at, by role."""
from flask import request, url_for
from flask_login import current_user

from .content import BY_SLUG

INDEX = ("", "")  # the guide's index page
# Endpoints that are not pages (fragments, files, probes): they have no help link of their own.
NOT_PAGES = frozenset({
    "static", "home.healthz", "home.readyz", "reports.status", "reports.download", "worklog.evidence_file",
    "worklog.entry_row", "worklog.edit", "catalog.pick_for_diary", "catalog.pick_for_assignment", "lists.export", "lists.template",
    "okr.excel",  # a workbook
    "catalog.batch_card",  # a fragment polling a background approval
    "okr.index",  # redirects to the unit's page (okr.unit)
    "performance.refresh", "performance.refresh_status",  # a write that redirects; the refresh's status fragment
})
# Blueprints whose endpoints are not pages of the app: the JSON API (its readable page /api/v1/docs is for the
# people wiring another system, who need no account; the guide points to it from "Hệ thống tích hợp").
NOT_PAGE_BLUEPRINTS = ("api",)

# The OKR pages: each role's own section (a personnel officer keeps objectives as any member of staff does).
OKR = {"manager": ("lanh-dao-phong", "muc-tieu-phong"), "head": ("thu-truong", "muc-tieu-don-vi"),
       "organiser": ("to-chuc-cap-tinh", "muc-tieu-tinh"), "admin": ("to-chuc-cap-tinh", "muc-tieu-tinh"),
       "*": ("cong-chuc", "okr-ca-nhan")}

# Tình hình đánh giá: the province's roles and a unit's head and personnel officer, each in their own page.
STANDING = {"admin": ("quan-tri", "tinh-hinh-danh-gia"), "head": ("thu-truong", "tinh-hinh-danh-gia"),
            "personnel": ("can-bo-to-chuc", "tinh-hinh-danh-gia"), "*": ("to-chuc-cap-tinh", "tinh-hinh-danh-gia")}

# endpoint → {role: (page slug, section id)}; "*" is every other role (and must be given).
HELP: dict[str, dict[str, tuple[str, str]]] = {
    "home.index": {"staff": ("cong-chuc", "viec-can-lam"), "manager": ("lanh-dao-phong", "viec-can-lam"),
                   "head": ("thu-truong", "viec-can-lam"), "organiser": ("to-chuc-cap-tinh", "theo-doi-don-vi"),
                   "*": INDEX},
    "auth.login": {"*": ("cong-chuc", "dang-nhap")},
    "signing.verify_form": {"*": ("cong-chuc", "kiem-tra-ky-so")},
    "auth.password": {"*": ("cong-chuc", "dang-nhap")},
    "auth.account_list": {"admin": ("quan-tri", "tai-khoan"), "*": ("can-bo-to-chuc", "tai-khoan")},
    "org.tree": {"admin": ("quan-tri", "co-cau-to-chuc"), "organiser": ("to-chuc-cap-tinh", "theo-doi-don-vi"),
                 "*": ("can-bo-to-chuc", "co-cau-to-chuc")},
    "org.unit": {"organiser": ("to-chuc-cap-tinh", "theo-doi-don-vi"), "*": ("can-bo-to-chuc", "co-cau-to-chuc")},
    "org.positions": {"*": ("can-bo-to-chuc", "vi-tri-viec-lam")},
    "org.new_unit": {"*": ("quan-tri", "them-don-vi")},
    "org.unit_settings": {"admin": ("quan-tri", "them-don-vi"), "organiser": ("to-chuc-cap-tinh", "theo-doi-don-vi"),
                          "*": ("can-bo-to-chuc", "thong-tin-don-vi")},
    "catalog.catalogue": {"*": ("can-bo-to-chuc", "danh-muc")},
    "worklog.diary": {"*": ("cong-chuc", "ghi-nhat-ky")},
    "worklog.approvals": {"head": ("thu-truong", "duyet-nhat-ky"), "*": ("lanh-dao-phong", "duyet-nhat-ky")},
    "worklog.approval_entry": {"head": ("thu-truong", "duyet-nhat-ky"), "*": ("lanh-dao-phong", "duyet-nhat-ky")},
    "assignments.index": {"manager": ("lanh-dao-phong", "giao-viec"), "head": ("thu-truong", "giao-viec"),
                          "*": ("cong-chuc", "viec-duoc-giao")},
    "hours.index": {"manager": ("lanh-dao-phong", "gio-lam-viec"), "*": ("can-bo-to-chuc", "gio-lam-viec")},
    "reports.index": {"manager": ("lanh-dao-phong", "bao-cao"), "head": ("thu-truong", "bao-cao"),
                      "*": ("can-bo-to-chuc", "bao-cao")},
    "evaluations.index": {"manager": ("lanh-dao-phong", "danh-gia-phieu"), "head": ("thu-truong", "phe-duyet-phieu"),
                          "personnel": ("can-bo-to-chuc", "chot-thang"),
                          "organiser": ("to-chuc-cap-tinh", "phieu-thu-truong"),
                          "admin": ("quan-tri", "chot-toan-tinh"),
                          "*": ("cong-chuc", "tu-danh-gia")},
    "evaluations.sheet": {"manager": ("lanh-dao-phong", "danh-gia-phieu"), "head": ("thu-truong", "phe-duyet-phieu"),
                          "organiser": ("to-chuc-cap-tinh", "phieu-thu-truong"), "*": ("cong-chuc", "tu-danh-gia")},
    "evaluations.work": {"manager": ("lanh-dao-phong", "danh-gia-phieu"), "head": ("thu-truong", "phe-duyet-phieu"),
                         "*": ("cong-chuc", "tu-danh-gia")},
    "evaluations.person_scorecard": {"manager": ("lanh-dao-phong", "ket-qua-nam"),
                                     "head": ("thu-truong", "ket-qua-nam"),
                                     "*": ("cong-chuc", "ket-qua-nam")},
    "evaluations.unit_results": {"personnel": ("can-bo-to-chuc", "chot-thang"),
                                 "organiser": ("to-chuc-cap-tinh", "theo-doi-don-vi"),
                                 "*": ("thu-truong", "chot-so-lieu")},
    "evaluations.close_month": {"personnel": ("can-bo-to-chuc", "chot-thang"), "*": ("thu-truong", "chot-so-lieu")},
    "evaluations.publish_month": {"personnel": ("can-bo-to-chuc", "chot-thang"), "*": ("thu-truong", "cong-khai")},
    "evaluations.lock_month": {"personnel": ("can-bo-to-chuc", "chot-thang"), "*": ("thu-truong", "cong-khai")},
    "evaluations.close_all": {"admin": ("quan-tri", "chot-toan-tinh"), "*": ("to-chuc-cap-tinh", "chot-toan-khoi")},
    "org.divisions": {"admin": ("quan-tri", "co-cau-to-chuc"), "organiser": ("to-chuc-cap-tinh", "theo-doi-don-vi"),
                      "*": ("can-bo-to-chuc", "phong-ban")},
    "org.division_row": {"*": ("can-bo-to-chuc", "phong-ban")},
    "org.edit_division": {"*": ("can-bo-to-chuc", "phong-ban")},
    "org.reporting_lines": {"admin": ("quan-tri", "cap-tren-danh-gia"),
                            "organiser": ("to-chuc-cap-tinh", "cap-tren-danh-gia"),
                            "*": ("can-bo-to-chuc", "quan-he-bao-cao")},
    "org.position_card": {"*": ("can-bo-to-chuc", "vi-tri-viec-lam")},
    "org.edit_position": {"*": ("can-bo-to-chuc", "vi-tri-viec-lam")},
    "staff.index": {"admin": ("quan-tri", "can-bo-don-vi"), "*": ("can-bo-to-chuc", "danh-sach-can-bo")},
    "staff.add": {"admin": ("quan-tri", "can-bo-don-vi"), "*": ("can-bo-to-chuc", "danh-sach-can-bo")},
    "staff.edit": {"admin": ("quan-tri", "can-bo-don-vi"), "*": ("can-bo-to-chuc", "thoi-viec-chuyen-cong-tac")},
    "staff.move": {"admin": ("quan-tri", "can-bo-don-vi"), "*": ("can-bo-to-chuc", "thoi-viec-chuyen-cong-tac")},
    "auth.reset_by_link": {"*": ("cong-chuc", "dang-nhap")},
    "catalog.item_history": {"*": ("can-bo-to-chuc", "danh-muc")},
    "catalog.draft_form": {"*": ("can-bo-to-chuc", "de-xuat-danh-muc")},
    "catalog.changes_page": {"head": ("thu-truong", "duyet-danh-muc"), "*": ("can-bo-to-chuc", "de-xuat-danh-muc")},
    "lists.index": {"*": ("can-bo-to-chuc", "nhap-xuat-excel")},
    "lists.job": {"*": ("can-bo-to-chuc", "nhap-xuat-excel")},
    "lists.document_types": {"*": ("can-bo-to-chuc", "loai-van-ban")},
    "okr.unit": OKR,
    "okr.new": OKR,
    "okr.objective": OKR,
    "okr.entries": {**OKR, "manager": ("lanh-dao-phong", "cap-nhat-tien-do")},
    "okr.import_page": {"*": ("thu-truong", "nhap-xuat-okr")},
    "agency.index": {"admin": ("quan-tri", "danh-gia-co-quan"), "*": ("to-chuc-cap-tinh", "danh-gia-co-quan")},
    "agency.unit_year": {"organiser": ("to-chuc-cap-tinh", "danh-gia-co-quan"),
                         "admin": ("quan-tri", "danh-gia-co-quan"), "*": ("thu-truong", "tu-danh-gia-co-quan")},
    "standing.index": STANDING,
    "standing.unit": STANDING,
    "api_admin.index": {"*": ("quan-tri", "he-thong-tich-hop")},
    "webhooks.client_page": {"*": ("quan-tri", "su-kien-gui-di")},
    "pilot.index": {"*": ("to-chuc-cap-tinh", "tong-ket-thi-diem")},
    "performance.index": {"admin": ("quan-tri", "chi-so-toan-tinh"), "*": ("to-chuc-cap-tinh", "chi-so-hieu-qua")},
    "performance.unit": {"admin": ("quan-tri", "chi-so-toan-tinh"),
                         "organiser": ("to-chuc-cap-tinh", "chi-so-hieu-qua"), "*": ("thu-truong", "chi-so-don-vi")},
    "performance.trend": {"admin": ("quan-tri", "chi-so-toan-tinh"),
                          "organiser": ("to-chuc-cap-tinh", "chi-so-hieu-qua"), "*": ("thu-truong", "chi-so-don-vi")},
    "reports.province": {"admin": ("quan-tri", "bao-cao-tinh"), "*": ("to-chuc-cap-tinh", "bao-cao-tinh")},
    "guide.index": {"*": INDEX},
    "guide.page": {"*": INDEX},
}


def target(endpoint: str | None, role: str | None) -> tuple[str, str] | None:
    """(page slug, section id) for the endpoint and role; INDEX for the guide's index; None when unmapped."""
    by_role = HELP.get(endpoint or "")
    if by_role is None:
        return None
    return by_role.get(role or "", by_role["*"])


def help_url(endpoint: str | None = None, role: str | None = None) -> str:
    """The guide's address for the current page (its section's anchor), else the index."""
    endpoint = endpoint or request.endpoint
    role = role or getattr(current_user, "role", None)
    slug, section = target(endpoint, role) or INDEX
    if not slug or slug not in BY_SLUG:
        return url_for("guide.index")
    return url_for("guide.page", slug=slug, _anchor=section)


def init_app(app) -> None:
    """help_url() in every template."""
    app.jinja_env.globals["help_url"] = help_url
