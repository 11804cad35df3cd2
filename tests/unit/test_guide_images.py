"""The guide's pictures: every image a guide template shows exists in static/guide, and every one there is shown."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates" / "guide"
IMAGES = ROOT / "static" / "guide"
SHOT = re.compile(r"""g\.shot\(\s*["']([^"']+)["']""")


def _referenced() -> set[str]:
    """The file names passed to g.shot(...) in the guide's templates."""
    return {name for path in TEMPLATES.rglob("*.html") for name in SHOT.findall(path.read_text(encoding="utf-8"))}


def test_every_image_the_guide_shows_exists():
    missing = {name for name in _referenced() if not (IMAGES / name).is_file()}
    assert _referenced() and missing == set()


def test_every_image_in_the_guide_folder_is_shown_somewhere():
    assert {path.name for path in IMAGES.iterdir()} - _referenced() == set()


def test_the_pictures_stay_small_in_all():
    sizes = [path.stat().st_size for path in IMAGES.glob("*.png")]
    assert sum(sizes) < 2_000_000 and max(sizes) < 250_000
