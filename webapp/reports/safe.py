"""Text made safe to put in a file others open: no control or bidi characters, no live formulas.

Rows stored before input was cleaned may still hold them: openpyxl refuses C0 controls
(IllegalCharacterError, so the workbook could never be written), and a description starting
with "=" became a formula in Excel.
"""
from openpyxl.cell.cell import Cell

from ..text import clean


def as_text(cell: Cell) -> None:
    """A text cell stays text: cleaned, stored as a string and quote-prefixed (what typing ' does in
    Excel), so "=HYPERLINK(…)", "+", "-" or "@" at its start is never a formula, not even after an edit."""
    if isinstance(cell.value, str):
        cell.value = clean(cell.value)
        cell.data_type = "s"
        cell.quotePrefix = True
