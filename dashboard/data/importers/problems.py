"""What goes wrong in a file, said so that the person holding the spreadsheet can fix it.

A :class:`Problem` carries what was expected as a :class:`~dashboard.i18n.Message` (a key of
the one catalogue, ``dashboard/messages/imports.py``, and its values), so one check serves the
command line (English by default) and the upload screen (Vietnamese by default) alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.i18n import Message, t

__all__ = ["MAX_PROBLEMS", "Message", "Problem", "ReadError", "file_problem"]

# A file with a systematic mistake (a date format, a wrong column) has one problem per row;
# listing the first ones is enough to fix it, and keeps the report readable.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file.

    Attributes:
        file: The file name as given by the user.
        row: The row as the user sees it (the spreadsheet row, or the CSV line; the point
            number in a GPX file); None when the problem concerns the whole file.
        column: The column header as written in the file (or the canonical name of a missing
            column); None when the problem concerns a whole row or file.
        value: The offending value, as text ("" when missing).
        expectation: What was expected; for names, what matched or what is close.
        codes: For names: the GSO codes of the ambiguous candidates or of the suggestions.
        names: For names: the full names of the units in ``codes``, in the same order.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    expectation: Message
    codes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def expected(self) -> str:
        """What was expected, in English."""
        return self.expectation.in_language("en")

    @property
    def suggestions(self) -> tuple[tuple[str, str], ...]:
        """For names: (GSO code, full name) of each candidate or suggestion."""
        return tuple(zip(self.codes, self.names, strict=False))

    def expected_in(self, lang: str) -> str:
        """What was expected, in ``lang`` ("vi" or "en")."""
        return self.expectation.in_language(lang)

    def message(self, lang: str = "en") -> str:
        """The whole problem as one line, e.g. 'a.csv, dòng 5, cột “Kênh”: “fax” cần là ...'."""
        where = self.file
        if self.row is not None:
            where = t("problem_at_row", lang, where=where, row=self.row)
        if self.column is not None:
            where = t("problem_at_column", lang, where=where, column=self.column)
        value = f" “{self.value}”" if self.value else ""
        return f"{where}:{value} {self.expected_in(lang)}"

    def __str__(self) -> str:
        return self.message("en")


def file_problem(file_name: str, expected: Message, row: int | None = None) -> Problem:
    """A problem with the file as a whole (or with one line of it)."""
    return Problem(file_name, row, None, "", expected)


class ReadError(Exception):
    """The file cannot be read as a table at all (wrong format, encoding, no header row)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
