"""CSV written by the app (problem lists, reports): safe to open in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and LibreOffice as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Such cells
get a leading apostrophe, which spreadsheets show as text and do not run. Numbers stay
numbers: only text is touched.
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index), every text cell and header neutralised."""
    safe = frame.rename(columns=neutralise)
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False)
