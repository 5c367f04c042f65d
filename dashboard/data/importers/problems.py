"""What goes wrong in a file, said so that the person holding the spreadsheet can fix it."""

from __future__ import annotations

from dataclasses import dataclass

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
        expected: What was expected, and for names what matched or what is close.
        codes: For names: the GSO codes of the ambiguous candidates or of the suggestions.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    expected: str
    codes: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column “{self.column}”"
        value = f" “{self.value}”" if self.value else ""
        return f"{where}:{value} {self.expected}"


class ReadError(Exception):
    """The file cannot be read as a table at all (wrong format, encoding, no header row)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
