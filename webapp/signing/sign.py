"""Sign a rendered PDF (PAdES B-B) with the unit's certificate, its visible block over the head's printed one.

The report templates put two anchors around the head's printed name, "<key>-l" before it and "<key>-r" after it;
webapp.reports.pdf records where they are drawn. The box sits in the blank space above the name (the 48 pt where
a signature goes on paper), centred on the name, so it follows the block wherever the layout puts it.
"""
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyhanko import stamp
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError

from ..clock import LOCAL_TZ
from ..errors import DomainError
from .config import PKCS11_MISSING, P12Config, Pkcs11Config, pkcs11_installed

REASON = "Phê duyệt kết quả đánh giá"
FIELD_NAME = "KySoThuTruong"
FONT = Path(__file__).resolve().parents[2] / "static" / "fonts" / "LiberationSerif-Regular.ttf"
BOX_WIDTH, BOX_HEIGHT = 150, 42  # points: inside the head's column (5,6 cm) and the 48 pt above the name
STAMP_TEXT = "Ký số bởi: %(signer)s\nThời gian ký: %(when)s\nLý do: %(reason)s"


@dataclass(frozen=True)
class Place:
    """Where the visible signature goes: a page (from 0) and a box (x1, y1, x2, y2) in points."""

    page: int
    box: tuple[float, float, float, float]


def place_of(marks: dict[str, tuple[int, float, float]]) -> Place:
    """The first head's block of the document (a batch: its first sheet) from the anchors around the name."""
    starts = sorted((page, -y, key[:-2]) for key, (page, _, y) in marks.items()
                    if key.endswith("-l") and key[:-2] + "-r" in marks)
    if not starts:
        raise DomainError("Mẫu báo cáo này không có chỗ ký của thủ trưởng nên không ký số được.")
    page, _, key = starts[0]
    (_, left, top), (_, right, _) = marks[key + "-l"], marks[key + "-r"]
    middle = (left + right) / 2
    return Place(page - 1, (middle - BOX_WIDTH / 2, top + 3, middle + BOX_WIDTH / 2, top + 3 + BOX_HEIGHT))


@dataclass(frozen=True)
class _Font(GlyphAccumulatorFactory):
    """pyHanko's font engine on Liberation Serif (every Vietnamese mark), from bytes: no file left open."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        """The engine over an in-memory copy of the font file."""
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
                                font_size=self.font_size, obj_stream=obj_stream)


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
    style = stamp.TextStampStyle(stamp_text=STAMP_TEXT, border_width=1, background=None,
                                 text_box_style=TextBoxStyle(font=_Font(str(FONT), font_size=7)))
    metadata = signers.PdfSignatureMetadata(field_name=FIELD_NAME, reason=reason, location=location, name=name,
                                            subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    pdf_signer = signers.PdfSigner(metadata, signer=signer, stamp_style=style,
                                   new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=place.page, box=place.box))
    out = io.BytesIO()
    when = datetime.now(LOCAL_TZ).strftime("%d/%m/%Y %H:%M:%S")
    pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out,
                        appearance_text_params={"when": when, "reason": reason})
    return out.getvalue()
