"""HTML → PDF with xhtml2pdf, on the vendored Liberation Serif (Times metrics, full Vietnamese).

xhtml2pdf confines local reads to a base directory and silently falls back to Helvetica when a
font lies outside it, so the fonts folder is passed explicitly as the resource policy's base.

A long batch (a unit's 250 Form 01 sheets) is still one PDF document, but it is parsed in chunks
while ReportLab lays out the pages: xhtml2pdf keeps ~0,6 MB of flowables per sheet, so parsing the
whole batch first costs 300 MB; parsing ten sheets at a time keeps a worker near its baseline, and
each chunk reports real progress.
"""
import io
import unicodedata
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import xhtml2pdf.document
from reportlab.platypus.doctemplate import ActionFlowable
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
_POLICY = ResourceAccessPolicy.server(base_dir=FONTS_DIR)
CHUNK_MARK = "<!--chunk-->"  # templates put it between the independent parts of a batch
CHUNK_SIZE = 10


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


def render_pdf(html: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One PDF from one HTML document (text normalized to NFC: ReportLab does not position marks)."""
    chunks = _chunks(unicodedata.normalize("NFC", html))
    total = len(chunks)
    parse_chunk = xhtml2pdf.document.pisaStory

    def parse_first(src, *args, **kwargs):
        context = parse_chunk(src, *args, **kwargs)
        if len(chunks) > 1:
            done = (lambda left: progress(total - left, total)) if progress else (lambda left: None)
            later = lambda text: parse_chunk(text, encoding="utf-8", resource_policy=_POLICY)  # noqa: E731
            context.story.append(_NextChunk(context.story, chunks[1:], later, done))
        return context

    out = io.BytesIO()
    # capacity=-1: the working buffers stay in memory (no temporary files left behind by a worker).
    with mock.patch.object(xhtml2pdf.document, "pisaStory", parse_first):
        result = pisa.CreatePDF(chunks[0], dest=out, encoding="utf-8", resource_policy=_POLICY, capacity=-1)
    if result.err:
        raise PdfError(f"Không dựng được tệp PDF ({result.err} lỗi).")
    if progress:
        progress(total, total)
    return out.getvalue()
