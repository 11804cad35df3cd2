"""Text helpers for Vietnamese: the one input normalizer, and accent-insensitive search keys."""
import re
import unicodedata

# C0 controls but tab and newline, DEL, C1 controls; the bidirectional marks, embeddings, overrides and
# isolates (U+202E shows "hosofdp.exe" for "hoso.pdf"... exe); zero-width no-break space (BOM).
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(value: str) -> str:
    """NFC, line breaks as "\\n", no control or bidi-override characters (PostgreSQL refuses NUL,
    openpyxl refuses C0 controls, bidi overrides disguise file names). Not trimmed."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", text)


def tidy(value: str | None) -> str:
    """Cleaned and trimmed text ("" for None): what every typed field is stored as."""
    return clean(value or "").strip()


def fold(text: str) -> str:
    """Lowercase without diacritics, so "ho so" finds "hồ sơ" (đ folds to d)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
