"""Every text a user reads, in Vietnamese (the default) and English: one catalogue, read
through ``dashboard.i18n.t`` (or carried as a ``dashboard.i18n.Message`` until it is shown).

Split by who speaks: ``interface`` (the screens and the server's pages) and ``imports`` (what
the importer says about a file: its problems, warnings and descriptions). A key lives in one
part only. The words used to *recognise* input files are not messages: they live in
``dashboard/data/importers/vocabulary.py``.
"""

from __future__ import annotations

from typing import Final

from dashboard.messages.imports import IMPORTS
from dashboard.messages.interface import INTERFACE

if clash := INTERFACE.keys() & IMPORTS.keys():  # pragma: no cover - caught by any import
    raise RuntimeError(f"message keys defined twice: {sorted(clash)}")

MESSAGES: Final[dict[str, dict[str, str]]] = {**INTERFACE, **IMPORTS}
