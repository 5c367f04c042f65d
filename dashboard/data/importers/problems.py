"""What goes wrong in a file, said so that the person holding the spreadsheet can fix it.

Every message exists in English and Vietnamese (:class:`Text`); a :class:`Problem` carries
both, so one check serves the command line (English by default) and the upload screen
(Vietnamese by default) alike.
"""

from __future__ import annotations

from dataclasses import dataclass

# A file with a systematic mistake (a date format, a wrong column) has one problem per row;
# listing the first ones is enough to fix it, and keeps the report readable.
MAX_PROBLEMS = 1000
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Text:
    """One message in English and in Vietnamese; ``str()`` gives the English."""

    en: str
    vi: str

    def __str__(self) -> str:
        return self.en

    def in_language(self, lang: str) -> str:
        """The message in ``lang`` ("vi" or "en")."""
        if lang not in LANGUAGES:
            raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
        return self.vi if lang == "vi" else self.en


_WORDS = {"en": {"row": "row", "column": "column"}, "vi": {"row": "dòng", "column": "cột"}}


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
        expected: What was expected, in English; for names, what matched or what is close.
        codes: For names: the GSO codes of the ambiguous candidates or of the suggestions.
        expected_vi: ``expected`` in Vietnamese.
        names: For names: the full names of the units in ``codes``, in the same order.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    expected: str
    codes: tuple[str, ...] = ()
    expected_vi: str = ""
    names: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        file: str,
        row: int | None,
        column: str | None,
        value: str,
        expected: Text,
        codes: tuple[str, ...] = (),
        names: tuple[str, ...] = (),
    ) -> Problem:
        """A problem whose expectation is given in both languages."""
        return cls(file, row, column, value, expected.en, codes, expected.vi, names)

    @property
    def suggestions(self) -> tuple[tuple[str, str], ...]:
        """For names: (GSO code, full name) of each candidate or suggestion."""
        return tuple(zip(self.codes, self.names, strict=False))

    def expected_in(self, lang: str) -> str:
        """``expected`` in ``lang`` ("vi" or "en")."""
        return Text(self.expected, self.expected_vi or self.expected).in_language(lang)

    def message(self, lang: str = "en") -> str:
        """The whole problem as one line, e.g. 'a.csv, dòng 5, cột “Kênh”: “fax” cần là ...'."""
        words = _WORDS["vi" if lang == "vi" else "en"]
        where = self.file
        if self.row is not None:
            where += f", {words['row']} {self.row}"
        if self.column is not None:
            where += f", {words['column']} “{self.column}”"
        value = f" “{self.value}”" if self.value else ""
        return f"{where}:{value} {self.expected_in(lang)}"

    def __str__(self) -> str:
        return self.message("en")


def file_problem(file_name: str, expected: Text, row: int | None = None) -> Problem:
    """A problem with the file as a whole (or with one line of it)."""
    return Problem.of(file_name, row, None, "", expected)


class ReadError(Exception):
    """The file cannot be read as a table at all (wrong format, encoding, no header row)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
