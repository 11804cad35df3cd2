"""Taking the guide's screenshots: a region of the page around some elements, ~1000 px wide, saved small."""
import io
from pathlib import Path

from PIL import Image

GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "static" / "guide"
WIDTH = 1000  # the viewport the guide's pictures are taken at
MAX_HEIGHT = 760
PAD = 6


def capture(page, name: str, *selectors: str, max_height: int = MAX_HEIGHT) -> Path:
    """Crop the page to the union of the selectors' boxes (the first match of each) and save it to static/guide."""
    boxes = []
    for selector in selectors:
        locator = page.locator(selector).first
        locator.wait_for(state="visible")
        boxes.append(locator.bounding_box())
    scroll = page.evaluate("() => [window.scrollX, window.scrollY]")
    left = max(min(b["x"] for b in boxes) + scroll[0] - PAD, 0)
    top = max(min(b["y"] for b in boxes) + scroll[1] - PAD, 0)
    right = min(max(b["x"] + b["width"] for b in boxes) + scroll[0] + PAD, WIDTH)
    bottom = min(max(b["y"] + b["height"] for b in boxes) + scroll[1] + PAD, top + max_height)
    png = page.screenshot(full_page=True, clip={"x": left, "y": top, "width": right - left, "height": bottom - top})
    return save_small(png, GUIDE_IMAGES / name)


def save_small(png: bytes, path: Path) -> Path:
    """A palette PNG (screens have few colours): a tenth of the size, still sharp."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path
