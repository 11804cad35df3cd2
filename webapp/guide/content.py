"""The guide's pages and their sections (stable ids: help links and the PDF point at them).

To describe a new page: add a Section here (id, title, when), a `{% call g.section(id) %}` block with numbered
steps in templates/guide/roles/<slug>.html (in the same order), its screenshots in
tests/browser/test_guide_screenshots.py (`capture(page, "<slug>-….png", selectors…)`, shown with `g.shot`), and
its endpoint in webapp/guide/help.py. The tests check the order, the pictures and the mapping.
"""
from dataclasses import dataclass

WHEN_LABELS = {
    "start": "Bắt đầu",
    "day": "Hằng ngày",
    "month": "Hằng tháng",
    "quarter": "Hằng quý",
    "year": "Cuối năm",
    "any": "Khi cần",
}


@dataclass(frozen=True)
class Section:
    """One numbered procedure of a role's page."""

    id: str
    title: str
    when: str


@dataclass(frozen=True)
class GuidePage:
    """A role's page: who it is for and its sections, in the order they are read."""

    slug: str
    role: str
    title: str
    audience: str
    sections: tuple[Section, ...]

    @property
    def template(self) -> str:
        """The Jinja template holding the page's steps."""
        return f"guide/roles/{self.slug}.html"

    def section(self, section_id: str) -> Section:
        """The section with this id (a KeyError names a template's mistake)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"{self.slug}: no section {section_id!r}")

    def groups(self) -> list[tuple[str, list[Section]]]:
        """The sections under their time headings (Hằng ngày, Hằng tháng…), in reading order."""
        groups: list[tuple[str, list[Section]]] = []
        for section in self.sections:
            if not groups or groups[-1][0] != section.when:
                groups.append((section.when, []))
            groups[-1][1].append(section)
        return groups


def _page(slug: str, role: str, title: str, audience: str, *sections: tuple[str, str, str]) -> GuidePage:
    """A page from (id, title, when) triples."""
    return GuidePage(slug, role, title, audience, tuple(Section(*s) for s in sections))


PAGES = (
    _page("cong-chuc", "staff", "Cán bộ, công chức, viên chức",
          "Mọi người có nhật ký công việc: công chức, viên chức, và cả lãnh đạo phòng, thủ trưởng "
          "với nhật ký của mình.",
          ("dang-nhap", "Đăng nhập lần đầu và đổi mật khẩu", "start"),
          ("viec-can-lam", "Xem việc cần làm trên Trang chủ", "day"),
          ("ghi-nhat-ky", "Ghi nhật ký công việc", "day"),
          ("gui-duyet", "Gửi duyệt nhật ký", "day"),
          ("bi-tra-lai", "Sửa mục nhật ký bị trả lại", "day"),
          ("viec-duoc-giao", "Theo dõi việc được giao", "day"),
          ("tu-danh-gia", "Tự đánh giá phiếu tháng", "month"),
          ("kien-nghi", "Xem kết quả và gửi kiến nghị", "month"),
          ("okr-ca-nhan", "Mục tiêu của tôi và mục tiêu cá nhân", "quarter"),
          ("ket-qua-nam", "Xem kết quả theo quý, năm", "year"),
          ("kiem-tra-ky-so", "Kiểm tra văn bản ký số", "any")),
    _page("lanh-dao-phong", "manager", "Lãnh đạo phòng (lãnh đạo trực tiếp)",
          "Lãnh đạo phòng, ban (tài khoản vai trò Lãnh đạo phòng): giao việc, duyệt nhật ký và đánh giá phiếu "
          "của cán bộ trong phòng.",
          ("viec-can-lam", "Xem việc cần làm trên Trang chủ", "day"),
          ("duyet-nhat-ky", "Duyệt hoặc trả lại nhật ký", "day"),
          ("giao-viec", "Giao việc", "day"),
          ("gio-lam-viec", "Xem bảng tổng hợp giờ làm việc", "month"),
          ("danh-gia-phieu", "Đánh giá phiếu của cán bộ trong phòng", "month"),
          ("bao-cao", "In phiếu, nhật ký và bảng tổng hợp của phòng", "month"),
          ("muc-tieu-phong", "Đặt mục tiêu của phòng, gắn kết với mục tiêu của đơn vị", "quarter"),
          ("cap-nhat-tien-do", "Cập nhật tiến độ kết quả then chốt", "quarter"),
          ("tham-dinh-muc-tieu", "Thẩm định mục tiêu cá nhân của cán bộ trong phòng", "quarter"),
          ("ket-qua-nam", "Kết quả của phòng theo quý, năm", "year")),
    _page("thu-truong", "head", "Thủ trưởng cơ quan, đơn vị",
          "Thủ trưởng cơ quan, đơn vị: duyệt nhật ký và đánh giá lãnh đạo phòng, cấp phó; phê duyệt phiếu, "
          "xếp loại, chốt và khóa kỳ đánh giá.",
          ("viec-can-lam", "Xem việc cần làm trên Trang chủ", "day"),
          ("duyet-nhat-ky", "Duyệt nhật ký của lãnh đạo phòng và cấp phó", "day"),
          ("giao-viec", "Giao việc trong cơ quan, đơn vị", "day"),
          ("chot-so-lieu", "Chốt số liệu và tính điểm", "month"),
          ("phe-duyet-phieu", "Đánh giá và phê duyệt phiếu", "month"),
          ("ty-le-xuat-sac", "Kiểm tra tỷ lệ xuất sắc", "month"),
          ("diem-tu-okr", "Kết quả nhiệm vụ của đơn vị (đ) theo tiến độ OKR", "month"),
          ("cong-khai", "Công khai kết quả và khóa phiếu", "month"),
          ("tinh-hinh-danh-gia", "Tình hình đánh giá của đơn vị và nhắc việc", "month"),
          ("bao-cao", "Lập báo cáo của cơ quan, đơn vị", "month"),
          ("chi-so-don-vi", "Bộ chỉ số hiệu quả hoạt động của đơn vị", "month"),
          ("muc-tieu-don-vi", "Đặt mục tiêu và kết quả then chốt của đơn vị", "quarter"),
          ("theo-doi-okr", "Theo dõi, thống nhất và kết thúc mục tiêu", "quarter"),
          ("nhap-xuat-okr", "Nhập, xuất mục tiêu bằng Excel", "quarter"),
          ("ket-qua-nam", "Tổng hợp kết quả quý, năm", "year"),
          ("tu-danh-gia-co-quan", "Tự đánh giá, xếp loại cơ quan, đơn vị hằng năm", "year"),
          ("mo-lai", "Mở lại kỳ đánh giá", "any"),
          ("duyet-danh-muc", "Duyệt thay đổi danh mục", "any")),
    _page("can-bo-to-chuc", "personnel", "Cán bộ tổ chức của cơ quan, đơn vị",
          "Người giữ danh mục, vị trí việc làm, danh sách cán bộ, tài khoản và lập báo cáo của cơ quan, đơn vị.",
          ("co-cau-to-chuc", "Xem cơ cấu tổ chức", "start"),
          ("thong-tin-don-vi", "Thông tin đơn vị in trên biểu mẫu", "start"),
          ("phong-ban", "Thêm, sửa, giải thể phòng, ban", "start"),
          ("vi-tri-viec-lam", "Vị trí việc làm và khung năng lực", "start"),
          ("danh-sach-can-bo", "Danh sách cán bộ: thêm người và tạo tài khoản", "start"),
          ("quan-he-bao-cao", "Quan hệ báo cáo: sửa lãnh đạo trực tiếp", "start"),
          ("danh-muc", "Tra cứu danh mục sản phẩm/công việc", "start"),
          ("nhap-xuat-excel", "Nhập, xuất Excel", "start"),
          ("loai-van-ban", "Loại văn bản và sản phẩm/công việc tương ứng", "start"),
          ("de-xuat-danh-muc", "Đề xuất thay đổi danh mục", "any"),
          ("thoi-viec-chuyen-cong-tac", "Thôi việc, chuyển công tác, đổi vai trò", "any"),
          ("tai-khoan", "Đặt lại mật khẩu, khóa và mở khóa tài khoản", "any"),
          ("gio-lam-viec", "Theo dõi giờ làm việc", "month"),
          ("chot-thang", "Chốt số liệu, công khai và khóa phiếu", "month"),
          ("tinh-hinh-danh-gia", "Tình hình đánh giá của đơn vị và nhắc việc", "month"),
          ("kien-nghi", "Trả lời kiến nghị", "month"),
          ("bao-cao", "Lập báo cáo, biểu mẫu in", "month"),
          ("bao-cao-okr", "Bảng theo dõi mục tiêu, kết quả then chốt", "quarter"),
          ("ket-qua-nam", "Bảng tổng hợp quý, năm", "year")),
    _page("to-chuc-cap-tinh", "organiser", "Cơ quan tổ chức cấp tỉnh",
          "Ban Tổ chức Tỉnh ủy, Sở Nội vụ, Ủy ban MTTQ tỉnh: theo dõi mọi cơ quan, đơn vị của khối mình phụ trách.",
          ("theo-doi-don-vi", "Theo dõi các cơ quan, đơn vị của khối", "day"),
          ("phieu-thu-truong", "Đánh giá, phê duyệt phiếu của thủ trưởng", "month"),
          ("tinh-hinh-danh-gia", "Tình hình đánh giá của khối và nhắc việc", "month"),
          ("chot-toan-khoi", "Chốt số liệu toàn khối", "month"),
          ("chi-so-hieu-qua", "Bộ chỉ số hiệu quả hoạt động của các đơn vị", "month"),
          ("bao-cao-tinh", "Báo cáo tháng, báo cáo sơ kết quý", "month"),
          ("muc-tieu-tinh", "Mục tiêu của tỉnh, của khối", "quarter"),
          ("danh-gia-co-quan", "Đánh giá, xếp loại cơ quan, đơn vị hằng năm", "year"),
          ("cap-tren-danh-gia", "Chọn cấp trên đánh giá thủ trưởng", "any"),
          ("tong-ket-thi-diem", "Báo cáo tổng kết thí điểm", "any")),
    _page("quan-tri", "admin", "Quản trị hệ thống",
          "Người quản trị tài khoản và theo dõi hoạt động của hệ thống trên toàn tỉnh.",
          ("tai-khoan", "Quản lý tài khoản", "any"),
          ("co-cau-to-chuc", "Xem cơ cấu tổ chức toàn tỉnh", "any"),
          ("them-don-vi", "Thêm cơ quan, đơn vị mới, ngừng hoạt động", "any"),
          ("can-bo-don-vi", "Chuyển công tác, liên kết đặt lại mật khẩu", "any"),
          ("cap-tren-danh-gia", "Chọn cấp trên đánh giá thủ trưởng", "any"),
          ("he-thong-tich-hop", "Hệ thống tích hợp: cấp, đổi và thu hồi mã truy cập API", "any"),
          ("su-kien-gui-di", "Sự kiện gửi đi (webhook): đăng ký và lịch sử gửi", "any"),
          ("muc-tieu-tinh", "Mục tiêu của tỉnh, của khối", "quarter"),
          ("chot-toan-tinh", "Chốt số liệu toàn tỉnh", "month"),
          ("tinh-hinh-danh-gia", "Tình hình đánh giá toàn tỉnh và nhắc việc", "month"),
          ("chi-so-toan-tinh", "Bộ chỉ số hiệu quả hoạt động toàn tỉnh", "month"),
          ("bao-cao-tinh", "Báo cáo tháng, báo cáo sơ kết quý của toàn tỉnh", "month"),
          ("danh-gia-co-quan", "Đánh giá, xếp loại cơ quan, đơn vị hằng năm", "year")),
)
BY_SLUG = {page.slug: page for page in PAGES}
BY_ROLE = {page.role: page for page in PAGES}


def pages_for(role: str | None) -> list[GuidePage]:
    """Every page, the reader's own first; a manager or head also keeps a diary, so Công chức comes next."""
    own = BY_ROLE.get(role or "")
    first = [own] if own else []
    if role in ("manager", "head"):
        first.append(BY_ROLE["staff"])
    return first + [page for page in PAGES if page not in first]
