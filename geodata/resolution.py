"""What resolving a name gives: the unit found, or why none was, in words for the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from geodata.normalise import normalize_name

Level = Literal["province", "district", "commune"]
Status = Literal["ok", "ambiguous", "unknown", "empty"]
# What a spreadsheet cell or URL parameter may hold: text, a number (Excel, pandas) or nothing.
Query = str | int | float | None

CODE_WIDTH: dict[Level, int] = {"province": 2, "district": 3, "commune": 5}


@dataclass(frozen=True)
class Unit:
    """An administrative unit: its GSO code and full Vietnamese name ("Thị xã Kỳ Anh")."""

    code: str
    name: str

    def label(self, lang: str) -> str:
        """Return the name with its code, as shown to users: "Thị xã Kỳ Anh (mã 449)"."""
        return f"{self.name} ({_word('code', lang)} {self.code})"


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name or code.

    Attributes:
        query: The text as given ("" for None).
        status: "ok" (one unit), "ambiguous" (several), "unknown" (none) or "empty".
        code: The GSO code, set only when status is "ok".
        candidates: The units the query matched: one when ok, all of them when ambiguous.
        suggestions: When unknown, up to 3 units whose names are closest to the query.
        level: What was looked for.
        scope: The province or district searched in, if any.
        misplaced: When unknown because the query is the code of a unit outside ``scope``,
            that unit, and ``misplaced_parent`` the province or district it belongs to.
    """

    query: str
    status: Status
    code: str | None = None
    candidates: tuple[Unit, ...] = ()
    suggestions: tuple[Unit, ...] = ()
    level: Level = "province"
    scope: Unit | None = None
    misplaced: Unit | None = field(default=None, repr=False)
    misplaced_parent: Unit | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """True when the query named exactly one unit."""
        return self.status == "ok"

    def explain(self, lang: str = "vi") -> str:
        """Return one sentence saying what happened, for someone fixing a spreadsheet.

        Args:
            lang: "vi" or "en".

        Returns:
            E.g. 'Không tìm thấy quận/huyện “Kỳ Ang” trong Tỉnh Hà Tĩnh. Có phải là: Huyện Kỳ
            Anh (mã 447), Thị xã Kỳ Anh (mã 449)?'
        """
        if lang not in _TEXT:
            raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
        text = _TEXT[lang]
        what = text[self.level]
        where = text["in"].format(scope=self.scope.name) if self.scope else ""
        units = join_labels(self.candidates, lang)
        if self.status == "empty":
            return text["empty"].format(what=what)
        if self.status == "ok":
            return text["ok"].format(query=self.query, unit=units)
        if self.status == "ambiguous":
            return text["ambiguous"].format(
                query=self.query, n=len(self.candidates), what=what, where=where, units=units
            )
        if self.misplaced is not None and self.misplaced_parent is not None:
            return text["misplaced"].format(
                code=self.misplaced.code,
                unit=self.misplaced.name,
                parent=self.misplaced_parent.name,
                scope=self.scope.name if self.scope else "",
            )
        if normalize_name(self.query).isdigit():
            return text["unknown_code"].format(query=self.query.strip(), what=what, where=where)
        sentence = text["unknown"].format(query=self.query, what=what, where=where)
        if self.suggestions:
            return sentence + text["suggest"].format(
                units=join_labels(self.suggestions, lang, text["or"])
            )
        return sentence + text["no_suggestion"].format(width=CODE_WIDTH[self.level])


_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "province": "tỉnh/thành phố",
        "district": "quận/huyện",
        "commune": "xã/phường/thị trấn",
        "code": "mã",
        "in": " trong {scope}",
        "or": "hoặc",
        "empty": "Chưa ghi {what}.",
        "ok": "“{query}” là {unit}.",
        "ambiguous": (
            "“{query}” khớp với {n} {what}{where}: {units}; hãy ghi thêm loại đơn vị "
            "(ví dụ “Huyện”, “Thị xã”) hoặc dùng mã."
        ),
        "misplaced": "Mã {code} là {unit} thuộc {parent}, không thuộc {scope}.",
        "unknown_code": "Không có {what} nào mã {query}{where}.",
        "unknown": "Không tìm thấy {what} “{query}”{where}.",
        "suggest": " Có phải là {units}?",
        "no_suggestion": " Hãy kiểm tra chính tả hoặc dùng mã GSO {width} chữ số.",
    },
    "en": {
        "province": "province",
        "district": "district",
        "commune": "commune",
        "code": "code",
        "in": " in {scope}",
        "or": "or",
        "empty": "The {what} is missing.",
        "ok": "“{query}” is {unit}.",
        "ambiguous": (
            "“{query}” matches {n} {what}s{where}: {units}; add the unit type "
            "(e.g. “Huyện”, “Thị xã”) or use the code."
        ),
        "misplaced": "Code {code} is {unit} in {parent}, not in {scope}.",
        "unknown_code": "No {what} has code {query}{where}.",
        "unknown": "No {what} called “{query}”{where}.",
        "suggest": " Did you mean {units}?",
        "no_suggestion": " Check the spelling or use the {width}-digit GSO code.",
    },
}


def _word(key: str, lang: str) -> str:
    return _TEXT.get(lang, _TEXT["vi"])[key]


def join_labels(units: Iterable[Unit], lang: str, last_joiner: str = "") -> str:
    labels = [unit.label(lang) for unit in units]
    if last_joiner and len(labels) > 1:
        return f"{', '.join(labels[:-1])} {last_joiner} {labels[-1]}"
    return ", ".join(labels)
