"""The four lists a unit keeps in Excel: their columns, in order, as the template, the export and the import
share them (one definition, so export → import is the identity)."""
from dataclasses import dataclass, field
from decimal import Decimal

from ..models.catalog import TASK_GROUPS

STAFF_KIND_LABELS = {"can_bo": "Cán bộ", "cong_chuc": "Công chức", "vien_chuc": "Viên chức"}
POSITION_GROUP_LABELS = {"leadership": "Lãnh đạo, quản lý", "professional": "Chuyên môn, nghiệp vụ",
                         "support": "Hỗ trợ, phục vụ"}
YES_NO = {True: "Có", False: "Không"}
GENDERS = ("Nam", "Nữ")
# K outside this range is refused: no rule set defines one yet, and the column holds NUMERIC(4, 2).
K_MIN, K_MAX = Decimal("0.1"), Decimal("10")
MAX_ROWS = 50_000  # data rows per file: a province unit has at most a few thousand; 100,000 is refused
MAX_PROBLEMS = 500  # problems kept on the job row and shown; the count says how many in all


@dataclass(frozen=True)
class Column:
    """One column: its key in a parsed row, its header, how a cell is read, and the notes for the officer."""

    key: str
    header: str
    kind: str  # text, code, int, decimal, date, choice, bool, codes
    note: str
    example: str
    required: bool = False
    max_length: int = 255
    low: Decimal | None = None
    high: Decimal | None = None
    places: int = 2
    choices: dict = field(default_factory=dict)  # stored value → label on screen and in the file
    picks: str = ""  # the name of the drop-down list (choices, positions, divisions, yes_no)
    width: int = 16
    keep_zeros: bool = False  # a number typed here lost its leading zeros: refused


@dataclass(frozen=True)
class ListSpec:
    """One list: its name, its data sheet, its columns."""

    kind: str
    label: str
    sheet: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        """The header row, in order."""
        return [column.header for column in self.columns]


def _code(key: str, header: str, note: str, example: str, required: bool = True, picks: str = "") -> Column:
    """A code column: short text, no spaces needed."""
    return Column(key, header, "code", note, example, required=required, max_length=32, picks=picks, width=16)


DIVISIONS = ListSpec("divisions", "Phòng, ban, bộ phận", "Phòng ban", (
    _code("code", "Mã phòng, ban", "Mã duy nhất trong cơ quan, đơn vị (khóa để cập nhật).", "vp"),
    Column("name", "Tên phòng, ban", "text", "Tên đầy đủ.", "Văn phòng Sở", required=True, width=40),
    _code("parent_code", "Mã phòng, ban cấp trên", "Để trống nếu trực thuộc cơ quan, đơn vị.", "", required=False,
          picks="divisions"),
    Column("sort_order", "Thứ tự", "int", "Số nguyên từ 0 đến 9999, dùng để sắp xếp.", "1",
           low=Decimal(0), high=Decimal(9999), width=10),
))

POSITIONS = ListSpec("positions", "Vị trí việc làm và khung năng lực", "Vị trí việc làm", (
    _code("code", "Mã vị trí việc làm", "Mã duy nhất trong cơ quan, đơn vị; mỗi năng lực một dòng, "
          "các cột của vị trí lặp lại giống nhau.", "CV-TH"),
    Column("name", "Tên vị trí việc làm", "text", "Tên vị trí.", "Chuyên viên tổng hợp", required=True, width=32),
    Column("group", "Nhóm vị trí (Thông tư 12/2022/TT-BNV)", "choice", "Chọn trong danh sách.",
           POSITION_GROUP_LABELS["professional"], required=True, max_length=16, choices=POSITION_GROUP_LABELS,
           picks="position_groups", width=24),
    Column("description", "Bản mô tả công việc", "text", "Mô tả công việc của vị trí (tối đa 4000 ký tự).",
           "Tham mưu tổng hợp, xây dựng báo cáo định kỳ", max_length=4000, width=50),
    Column("competency", "Năng lực", "text", "Một năng lực của khung năng lực; để trống nếu chưa có.",
           "Kỹ năng tổng hợp, phân tích", width=36),
    Column("level", "Mức độ yêu cầu (1-5)", "int", "Số nguyên từ 1 đến 5; bắt buộc khi có năng lực.", "3",
           low=Decimal(1), high=Decimal(5), width=12),
))

STAFF = ListSpec("staff", "Danh sách cán bộ, công chức, viên chức", "Cán bộ", (
    Column("national_id", "Mã định danh", "code", "Mã định danh cán bộ, công chức (khóa để cập nhật); "
           "gõ dạng văn bản để giữ số 0 ở đầu.", "0380400001", required=True, max_length=32, width=16,
           keep_zeros=True),
    Column("full_name", "Họ và tên", "text", "Họ và tên đầy đủ, có dấu.", "Nguyễn Văn An", required=True,
           max_length=200, width=28),
    Column("gender", "Giới tính", "choice", "Nam hoặc Nữ.", "Nam", max_length=8,
           choices={g: g for g in GENDERS}, picks="genders", width=10),
    Column("staff_kind", "Loại", "choice", "Cán bộ, Công chức hoặc Viên chức.", "Công chức", required=True,
           max_length=16, choices=STAFF_KIND_LABELS, picks="staff_kinds", width=12),
    Column("title", "Chức vụ, chức danh", "text", "In trên phiếu đánh giá.", "Chuyên viên", max_length=200,
           width=24),
    _code("position_code", "Mã vị trí việc làm", "Mã một vị trí việc làm đã có của cơ quan, đơn vị.", "CV-TH",
          required=False, picks="positions"),
    _code("division_code", "Mã phòng, ban", "Mã một phòng, ban đã có của cơ quan, đơn vị.", "vp",
          required=False, picks="divisions"),
    Column("is_leader", "Lãnh đạo", "bool", "Có nếu là lãnh đạo, quản lý (chấm thêm tiêu chí d, đ, e).", "Không",
           required=True, picks="yes_no", width=10),
    Column("started_on", "Ngày bắt đầu", "date", "Định dạng dd/mm/yyyy.", "01/02/2026", width=14),
    Column("left_on", "Ngày kết thúc", "date", "Để trống nếu đang công tác; có ngày thì thôi theo dõi từ ngày đó.",
           "", width=14),
))

CATALOGUE = ListSpec("catalogue", "Danh mục sản phẩm/công việc", "Danh mục", (
    _code("code", "Mã sản phẩm/công việc", "Mã duy nhất trong cơ quan, đơn vị (khóa để cập nhật).", "KHCN-001"),
    Column("name", "Tên sản phẩm/công việc", "text", "Tên đầy đủ.", "Văn bản hành chính tham mưu", required=True,
           max_length=500, width=50),
    Column("unit_of_measure", "Đơn vị tính", "text", "văn bản, hồ sơ, cuộc họp, báo cáo…", "văn bản",
           required=True, max_length=64, width=14),
    Column("task_group", "Nhóm", "choice", "A lãnh đạo, quản lý; B chuyên môn chung; C chuyên môn đặc thù; "
           "D khác.", "B", required=True, max_length=1, choices={g: g for g in TASK_GROUPS}, picks="task_groups",
           width=8),
    Column("coefficient", "Hệ số quy đổi K", "decimal", f"Lớn hơn 0, từ {K_MIN} đến {K_MAX}, tối đa 2 chữ số "
           "thập phân (ví dụ 1,25). Sản phẩm chuẩn có K = 1.", "1,25", required=True, low=K_MIN, high=K_MAX,
           width=12),
    Column("standard_hours", "Giờ chuẩn", "decimal", "Số giờ chuẩn (không bắt buộc), từ 0 đến 1000.", "4",
           low=Decimal(0), high=Decimal(1000), width=10),
    Column("positions", "Vị trí việc làm áp dụng", "codes", "Các mã vị trí cách nhau bởi dấu chấm phẩy; "
           "* là mọi vị trí.", "*", required=True, max_length=2000, picks="positions", width=30),
))

DOCUMENT_TYPES = ListSpec("document_types", "Loại văn bản và sản phẩm/công việc tương ứng", "Loại văn bản", (
    Column("document_type", "Loại văn bản", "text", "Đúng như hệ thống quản lý văn bản gửi (khóa để cập nhật).",
           "Quyết định", required=True, max_length=64, width=28),
    _code("item_code", "Mã sản phẩm/công việc", "Mã một sản phẩm/công việc đang dùng trong danh mục của đơn vị.",
          "KHCN-001"),
    Column("note", "Ghi chú", "text", "Không bắt buộc.", "", max_length=500, width=40),
))

LISTS = {spec.kind: spec for spec in (DIVISIONS, POSITIONS, STAFF, CATALOGUE, DOCUMENT_TYPES)}
