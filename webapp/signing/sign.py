"""Sign a rendered PDF (PAdES B-B) with the unit's certificate, its visible block over the head's printed one.

The report templates put an anchor "sign-<key>@<from>-<to>" before the head's printed name, naming the column
(<from> % to <to> % of the text block) the head's block stands in; webapp.reports.pdf records the page and the
top of the name's line. The box sits in the blank space above it (the 48 pt where a signature goes on paper),
centred in the column, so it follows the block wherever the layout puts it. The block itself is drawn
by ReportLab on Liberation Serif, as the report is (pyHanko's own text stamp spaced Vietnamese glyphs apart).
"""
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils.content import ImportedPdfPage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..clock import LOCAL_TZ
from ..errors import DomainError
from ..reports.pdf import FONTS_DIR, MARGIN_LEFT, MARGIN_RIGHT
from .config import PKCS11_MISSING, P12Config, Pkcs11Config, pkcs11_installed
from .isolated import isolated

REASON = "Phê duyệt kết quả đánh giá"
FIELD_NAME = "KySoThuTruong"
STAMP_FONT = "OkrStampSerif"
BOX_WIDTH, BOX_HEIGHT = 156, 40  # points: inside the head's column (5,6 cm) and the 48 pt above the name
GAP = 3  # points between the name's line and the box
INK = (0.05, 0.2, 0.55)  # the blue of a seal's ink: the block reads as added, not printed
_ANCHOR = re.compile(r"^sign-(?P<key>.+)@(?P<start>\d{1,3})-(?P<end>\d{1,3})$")


@dataclass(frozen=True)
class Place:
    """Where the visible signature goes: a page (from 0) and a box (x1, y1, x2, y2) in points."""

    page: int
    box: tuple[float, float, float, float]


def place_of(marks: dict[str, tuple[int, float, float, float]]) -> Place:
    """The first head's block of the document (a batch: its first sheet), from its anchor."""
    found = sorted((page, -y, name) for name, (page, _, y, _) in marks.items() if _ANCHOR.match(name))
    if not found:
        raise DomainError("Mẫu báo cáo này không có chỗ ký của thủ trưởng nên không ký số được.")
    page, _, name = found[0]
    _, _, top, page_width = marks[name]
    match = _ANCHOR.match(name)
    text_width = page_width - MARGIN_LEFT - MARGIN_RIGHT
    left = MARGIN_LEFT + text_width * int(match["start"]) / 100
    right = MARGIN_LEFT + text_width * int(match["end"]) / 100
    middle, width = (left + right) / 2, min(BOX_WIDTH, right - left - 4)
    return Place(page - 1, (middle - width / 2, top + GAP, middle + width / 2, top + GAP + BOX_HEIGHT))


def appearance(lines: list[str], width: float, height: float) -> bytes:
    """The visible block as a one-page PDF of the box's size: a thin frame and the lines, shrunk to fit."""
    if STAMP_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(STAMP_FONT, str(FONTS_DIR / "LiberationSerif-Regular.ttf")))
    size = min([8.5] + [8.5 * (width - 8) / pdfmetrics.stringWidth(line, STAMP_FONT, 8.5) for line in lines if line])
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=1)
    canvas.setStrokeColorRGB(*INK)
    canvas.setFillColorRGB(*INK)
    canvas.setLineWidth(0.8)
    canvas.rect(0.5, 0.5, width - 1, height - 1)
    canvas.setFont(STAMP_FONT, size)
    step = (height - 6) / len(lines)
    for n, line in enumerate(lines):
        canvas.drawString(4, height - 3 - step * (n + 1) + (step - size) / 2 + 1, line)
    canvas.save()
    return out.getvalue()


class _PageFromBytes(ImportedPdfPage):
    """pyHanko's imported page, read from memory rather than from a file."""

    def __init__(self, data: bytes):
        super().__init__(file_name="", page_ix=0)
        self.data = data

    def render(self) -> bytes:
        """The page as a form XObject of the appearance (ImportedPdfPage.render, on bytes)."""
        xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/ImportStamp"
        self.resources.xobject[name] = xobj  # keyed with its slash, as pyHanko does
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode() + b" Do"


@contextmanager
def open_signer(config: P12Config | Pkcs11Config) -> Iterator[signers.Signer]:
    """The pyHanko signer of the configuration; a file, passphrase or token problem is refused in Vietnamese."""
    if isinstance(config, P12Config):
        try:
            data = Path(config.path).read_bytes()
        except OSError:
            raise DomainError("Không đọc được tệp chứng thư số của cơ quan, đơn vị (kiểm tra đường dẫn cấu hình).")
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=config.passphrase.encode())
        except ValueError:
            raise DomainError("Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp bị hỏng.")
        yield signer
        return
    if not pkcs11_installed():
        raise DomainError(PKCS11_MISSING)
    from pyhanko.config.pkcs11 import PKCS11PinEntryMode, PKCS11SignatureConfig, TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11SigningContext
    settings = PKCS11SignatureConfig(
        module_path=config.module, token_criteria=TokenCriteria(label=config.token), key_label=config.key,
        cert_label=config.key, user_pin=config.pin,
        prompt_pin=PKCS11PinEntryMode.PROMPT if config.pin else PKCS11PinEntryMode.DEFER)
    try:
        with PKCS11SigningContext(settings) as signer:
            yield signer
    except SigningError as error:
        raise DomainError(f"Không ký được bằng thiết bị PKCS#11: {error}")


def common_name(signer: signers.Signer) -> str:
    """The signer certificate's common name (the head's name on a personal certificate)."""
    subject = signer.signing_cert.subject.native
    return subject.get("common_name") or signer.signing_cert.subject.human_friendly


def sign_pdf(pdf: bytes, signer: signers.Signer, place: Place, location: str, reason: str = REASON) -> bytes:
    """The PDF with one PAdES signature over all of it, drawn in the place given."""
    name = common_name(signer)
    x1, y1, x2, y2 = place.box
    when = datetime.now(LOCAL_TZ).strftime("%d/%m/%Y %H:%M:%S")
    block = appearance([f"Ký số bởi: {name}", f"Thời gian ký: {when}", f"Lý do: {reason}"], x2 - x1, y2 - y1)
    style = stamp.StaticStampStyle(background=_PageFromBytes(block), border_width=0,  # no margin: drawn to size
                                   background_layout=SimpleBoxLayoutRule(AxisAlignment.ALIGN_MID,
                                                                         AxisAlignment.ALIGN_MID, Margins.uniform(0)))
    metadata = signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason=reason, location=location, name=name,
                                            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=style,
                                   new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=place.page, box=place.box))
    out = io.BytesIO()
    isolated(pdf_signer.sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    return out.getvalue()
