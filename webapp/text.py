"""Text helpers for Vietnamese: the one input normalizer, and accent-insensitive search keys."""
import re
import unicodedata
from functools import lru_cache

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


# Vietnamese letter order (a ă â b c d đ e ê … o ô ơ … u ư …); f, j, w, z keep their Latin places.
_ALPHABET = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_MODIFIED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
             ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
# Tones after the base letter, in the dictionaries' (and CLDR's) order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters_and_tones(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A word's base letters as ranks, and each letter's tone (0: none), case- and normalization-blind."""
    bases: list[str] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if not unicodedata.combining(char):
            bases.append(char)
            tones.append(0)
        elif bases and char in _TONES:
            tones[-1] = _TONES[char]
        elif bases and (bases[-1], char) in _MODIFIED:
            bases[-1] = _MODIFIED[(bases[-1], char)]
    return tuple(_ALPHABET.get(char, len(_ALPHABET) + ord(char)) for char in bases), tuple(tones)


def _part_key(words: list[str]) -> tuple:
    """Letters of every word first, then their tones (Ánh after Anh, before Ăn)."""
    keys = [_letters_and_tones(word) for word in words]
    return tuple(letters for letters, _ in keys), tuple(tones for _, tones in keys)


@lru_cache(maxsize=32768)  # pure, and the same names sort page after page (a province's people fit)
def vn_name_key(full_name: str) -> tuple:
    """Sort key of a Vietnamese full name: the given name (last word), then the middle names, then the
    family name, each in Vietnamese letter order with tones after the base letters ("Đặng Văn An" before
    "Bùi Thị Bình"; Anh < Ân < Bùi < Dương < Đặng). Equal for names differing only in case or NFC/NFD;
    sort stably after a deterministic query to order such twins."""
    words = full_name.split()
    return (*_part_key(words[-1:]), *_part_key(words[1:-1]), *_part_key(words[:-1][:1]))


def vn_text_key(text: str) -> tuple:
    """Sort key of a name read in its own word order (a unit's name), in Vietnamese letter order."""
    return _part_key(text.split())
