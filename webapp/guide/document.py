"""The whole guide as one A4 document (worker side): every role's page, images from static/guide."""
import struct
from collections.abc import Callable
from pathlib import Path

from flask import current_app

from ..clock import local_today
from ..reports.pdf import font_css, render_pdf
from .content import PAGES, WHEN_LABELS

IMAGES_DIR = Path(__file__).resolve().parents[2] / "static" / "guide"


POINTS_PER_PIXEL = 0.45  # a 1000 px screenshot fills the A4 text width (16.5 cm ≈ 468 pt)
MAX_WIDTH = 450


def image_path(name: str) -> str:
    """A screenshot as the PDF renderer reads it: a file inside the allowed folder."""
    return str(IMAGES_DIR / name)


def image_width(name: str) -> int:
    """The printed width in points: the same scale for every screenshot, so text reads the same size in all."""
    with (IMAGES_DIR / name).open("rb") as handle:
        header = handle.read(24)
    pixels = struct.unpack(">I", header[16:20])[0]  # the PNG IHDR width
    return min(round(pixels * POINTS_PER_PIXEL), MAX_WIDTH)


def guide_pdf(progress: Callable[[int, int], None] | None = None) -> bytes:
    """Render templates/guide/print.html: no request, no user, no context processors."""
    template = current_app.jinja_env.get_template("guide/print.html")
    html = template.render(font_css=font_css(), today=local_today(), pages=PAGES, pdf=True, shot_src=image_path,
                           shot_width=image_width, when_labels=WHEN_LABELS)
    return render_pdf(html, progress=progress, extra_roots=(IMAGES_DIR,))
