"""Text helpers for Vietnamese: accent-insensitive search keys."""
import unicodedata


def fold(text: str) -> str:
    """Lowercase without diacritics, so "ho so" finds "hồ sơ" (đ folds to d)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
