"""HTML → PDF with xhtml2pdf, on the vendored Liberation Serif (Times metrics, full Vietnamese).

xhtml2pdf confines local reads to a base directory and silently falls back to Helvetica when a
font lies outside it, so the fonts folder is passed explicitly as the resource policy's base.

A long batch (a unit's 250 Form 01 sheets) is still one PDF document, but it is parsed in chunks
while ReportLab lays out the pages: xhtml2pdf keeps ~0,6 MB of flowables per sheet, so parsing the
whole batch first costs 300 MB; parsing ten sheets at a time keeps a worker near its baseline, and
each chunk reports real progress.
"""
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from unittest import mock

import xhtml2pdf.document
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import ActionFlowable
from xhtml2pdf import pisa
from xhtml2pdf.builders.printmarks import MarkedCanvas
from xhtml2pdf.config.resources import ResourceAccessPolicy
from xhtml2pdf.xhtml2pdf_reportlab import PmlBaseDoc

from ..queue import JOB_TIMEOUT
from ..text import clean

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
# The job's own timeout bounds a render: xhtml2pdf's 60 s default failed a 250-sheet unit on a busy worker.
_POLICY = ResourceAccessPolicy.server(base_dir=FONTS_DIR, max_render_seconds=JOB_TIMEOUT)
CHUNK_MARK = "<!--chunk-->"  # templates put it between the independent parts of a batch
CHUNK_SIZE = 10
SHEET_ANCHOR = "sheet-"  # <a name="sheet-…"> opens a sheet whose pages are numbered on their own
# <a name="sign-<key>@<from>-<to>"> before the head's printed name: a signature goes above it, in the column
# spanning <from> % to <to> % of the text block (xhtml2pdf draws an anchor at its line's start, not its own place).
SIGN_ANCHOR = "sign-"
MARGIN_LEFT, MARGIN_RIGHT = 3 * cm, 1.5 * cm  # the text block of templates/reports/_base.html
FOOTER_FONT = "OkrFooterSerif"


class PdfError(RuntimeError):
    """The document could not be rendered; the message is shown to the user."""


def font_css() -> str:
    """@font-face for the four faces under one family, so bold and italic really are."""
    faces = [("Regular", "normal", "normal"), ("Bold", "bold", "normal"), ("Italic", "normal", "italic"),
             ("BoldItalic", "bold", "italic")]
    return "\n".join(
        f"@font-face {{ font-family: 'Liberation Serif'; src: url('{FONTS_DIR / f'LiberationSerif-{face}.ttf'}'); "
        f"font-weight: {weight}; font-style: {style}; }}" for face, weight, style in faces)


def _chunks(html: str) -> list[str]:
    """Whole documents of CHUNK_SIZE parts each, sharing the head (styles, page frames, footer)."""
    head, _, body = html.partition(CHUNK_MARK)
    if not body:
        return [html]
    parts = body.replace("</body>", "").replace("</html>", "").split(CHUNK_MARK)
    groups = [parts[i:i + CHUNK_SIZE] for i in range(0, len(parts), CHUNK_SIZE)]
    return [head + "".join(group) + "</body></html>" for group in groups]


class _NextChunk(ActionFlowable):
    """Placed at the end of a chunk's flowables: parses the next chunk into the same build."""

    def __init__(self, story: list, pending: list[str], parse: Callable, done: Callable[[int], None]):
        super().__init__()
        self.story, self.pending, self.parse, self.done = story, pending, parse, done

    def apply(self, doc) -> None:
        """ReportLab calls this after removing us from the list it is building from."""
        self.done(len(self.pending))
        flowables = self.parse(self.pending.pop(0)).story
        if self.pending:
            flowables.append(_NextChunk(self.story, self.pending, self.parse, self.done))
        self.story[0:0] = flowables


def page_labels(total: int, starts: list[int]) -> list[tuple[int, int]]:
    """(x, y) of "Trang x/y" for pages 1..total, counted within the sheet each page belongs to."""
    bounds = sorted({1, *(s for s in starts if 1 <= s <= total)}) + [total + 1]
    return [(page - first + 1, after - first) for first, after in zip(bounds, bounds[1:])
            for page in range(first, after)]


class NumberedCanvas(MarkedCanvas):
    """Keeps every page until the document ends, then stamps "Trang x/y" of the sheet it belongs to.

    One layout pass: the page count of a sheet is known only once all its pages are laid out, so
    the pages wait (as ReportLab's NumberedCanvas recipe does) instead of a second pass.
    """

    marks: dict | None = None  # set on a subclass per render (ReportLab makes the canvas from a class)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []
        self._sheet_starts: list[int] = []

    def bookmarkHorizontal(self, key, relativeX, relativeY, **kwargs):
        """Note the page a sheet's anchor is drawn on, and where a signature anchor is (page, x, y on the page)."""
        if str(key).startswith(SHEET_ANCHOR):
            self._sheet_starts.append(self._pageNumber)
        if self.marks is not None and str(key).startswith(SIGN_ANCHOR):
            self.marks[str(key)] = (self._pageNumber, *self.absolutePosition(relativeX, relativeY), self._pagesize[0])
        return super().bookmarkHorizontal(key, relativeX, relativeY, **kwargs)

    def showPage(self):
        """Hold the page; it is shown in save()."""
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        """Stamp each held page with its number within its sheet, then write the document."""
        for state, (number, count) in zip(self._held_pages, page_labels(len(self._held_pages), self._sheet_starts)):
            self.__dict__.update(state)
            self._footer(number, count)
            Canvas.showPage(self)
        Canvas.save(self)

    def _footer(self, number: int, count: int) -> None:
        """"Trang x/y" centred under the text block (margins of templates/reports/_base.html)."""
        if FOOTER_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FOOTER_FONT, str(FONTS_DIR / "LiberationSerif-Regular.ttf")))
        width = self._pagesize[0]
        self.saveState()
        self.setFont(FOOTER_FONT, 10.5)
        self.drawCentredString((MARGIN_LEFT + width - MARGIN_RIGHT) / 2, 1.1 * cm, f"Trang {number}/{count}")
        self.restoreState()


def _numbered_canvas(original, marks: dict | None = None):
    """PmlBaseDoc._makeCanvas that builds on NumberedCanvas (recording signature anchors into marks)."""
    def make(doc, filename=None, canvasmaker=None):
        maker = NumberedCanvas if marks is None else type("MarkingCanvas", (NumberedCanvas,), {"marks": marks})
        return original(doc, filename=filename, canvasmaker=maker)
    return make


def render_pdf(html: str, progress: Callable[[int, int], None] | None = None,
               extra_roots: tuple[Path, ...] = (), marks: dict | None = None) -> bytes:
    """One PDF from one HTML document (NFC: ReportLab does not position marks; no control or bidi characters);
    extra_roots: further folders it may read (the guide's screenshots); marks: filled with where each
    signature anchor was drawn, name → (page from 1, x, y, page width)."""
    policy = replace(_POLICY, extra_roots=tuple(extra_roots)) if extra_roots else _POLICY
    chunks = _chunks(clean(html))
    total = len(chunks)
    parse_chunk = xhtml2pdf.document.pisaStory

    def parse_first(src, *args, **kwargs):
        context = parse_chunk(src, *args, **kwargs)
        if len(chunks) > 1:
            done = (lambda left: progress(total - left, total)) if progress else (lambda left: None)
            later = lambda text: parse_chunk(text, encoding="utf-8", resource_policy=policy)  # noqa: E731
            context.story.append(_NextChunk(context.story, chunks[1:], later, done))
        return context

    out = io.BytesIO()
    # capacity=-1: the working buffers stay in memory (no temporary files left behind by a worker).
    with (mock.patch.object(xhtml2pdf.document, "pisaStory", parse_first),
          mock.patch.object(PmlBaseDoc, "_makeCanvas", _numbered_canvas(PmlBaseDoc._makeCanvas, marks))):
        result = pisa.CreatePDF(chunks[0], dest=out, encoding="utf-8", resource_policy=policy, capacity=-1)
    if result.err:
        raise PdfError(f"Không dựng được tệp PDF ({result.err} lỗi).")
    if progress:
        progress(total, total)
    return out.getvalue()
