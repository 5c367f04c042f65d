"""Turn free-text names or GSO codes of provinces, districts and communes into GSO codes.

Every place where a name meets a code (importers, the CLI, URL parameters) goes through
:class:`NameResolver`, so that "Hoà Bình", "Hoa Binh" and "Tỉnh Hòa Bình" all mean province 17
and a name that fits two units is reported, never guessed. The rules are those of the data
contract (DATA_FORMATS.md, "Name matching"):

* Names are compared by :func:`normalize_name` keys (NFC, one tone-mark placement, case,
  punctuation and spacing), ignoring spaces, and diacritics may be left out: "Dak Lak" and
  "Đăk Lăk" match "Đắk Lắk". Diacritics that *are* written must be right: "Ha Nọi" is not
  Hà Nội (it gets Hà Nội as a suggestion), and "Minh Quân" picks Minh Quân over Minh Quán.
* Unit-type prefixes (Tỉnh, TP., Quận, Q., Huyện, TX., Phường, Xã, TT., "District", "City", ...)
  are optional; when a bare name fits two units of the same parent, the prefix picks one.
* Digits are GSO codes, zero-padded as needed ("1" -> "01"), except that a number naming a unit
  of the parent ("1" in TP. Hồ Chí Minh) means that unit (Quận 1).
* A district is looked up inside its province and a commune inside its district or province; a
  code of another parent is reported with the unit it really names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal, NamedTuple

import pandas as pd

Level = Literal["province", "district", "commune"]
Status = Literal["ok", "ambiguous", "unknown", "empty"]
# What a spreadsheet cell or URL parameter may hold: text, a number (Excel, pandas) or nothing.
Query = str | int | float | None

CODE_WIDTH: dict[Level, int] = {"province": 2, "district": 3, "commune": 5}

# Names people use that are neither the GSO name nor its ASCII or English form. Keys are
# province codes; each alias is matched like a name (so "TP.HCM" also reaches "hcm").
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "01": ("HN",),
    "46": ("Huế",),
    "48": ("Danang",),
    "66": ("Đắc Lắc", "Daklak"),
    "67": ("Đắc Nông", "Daknong"),
    "77": ("BRVT", "BR VT"),
    "79": ("TP HCM", "TPHCM", "HCM", "HCMC", "Sài Gòn"),
    "92": ("Cantho",),
}

# Words naming a unit type, as they start a name ("Quận 1", "TX. Kỳ Anh", "District 1"), in
# normalised form. A written prefix may drop diacritics like any name ("Thi xa" = "Thị xã").
# English "district" covers both quận and huyện, "town" both thị xã and thị trấn.
_PREFIXES: dict[str, frozenset[str]] = {
    "tỉnh": frozenset({"Tỉnh"}),
    "thành phố": frozenset({"Thành phố"}),
    "tp": frozenset({"Thành phố"}),
    "t p": frozenset({"Thành phố"}),
    "quận": frozenset({"Quận"}),
    "q": frozenset({"Quận"}),
    "huyện": frozenset({"Huyện"}),
    "h": frozenset({"Huyện"}),
    "thị xã": frozenset({"Thị xã"}),
    "tx": frozenset({"Thị xã"}),
    "t x": frozenset({"Thị xã"}),
    "phường": frozenset({"Phường"}),
    "p": frozenset({"Phường"}),
    "xã": frozenset({"Xã"}),
    "thị trấn": frozenset({"Thị trấn"}),
    "tt": frozenset({"Thị trấn"}),
    "t t": frozenset({"Thị trấn"}),
    "province": frozenset({"Tỉnh"}),
    "city": frozenset({"Thành phố"}),
    "district": frozenset({"Quận", "Huyện"}),
    "town": frozenset({"Thị xã", "Thị trấn"}),
    "ward": frozenset({"Phường"}),
    "commune": frozenset({"Xã"}),
    "township": frozenset({"Thị trấn"}),
}
# English puts the type after the name: "Thu Duc City", "Ky Anh Town", "Dak Lak Province".
_SUFFIXES = ("province", "city", "district", "town", "township", "ward", "commune")

# Cached resolutions per resolver; beyond this many distinct queries the cache starts afresh,
# so that a long-running server fed arbitrary URL parameters cannot grow without bound.
_CACHE_LIMIT = 200_000


# --- Normalisation -----------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_TONED_NUCLEUS = re.compile(r"(?<!q)(o)([àáảãạèéẻẽẹ])(?!\w)|(?<!q)(u)([ỳýỷỹỵ])(?!\w)")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_NUMBER = re.compile(r"\b0+(?=\d)")


def _move_tone_to_first_vowel(match: re.Match[str]) -> str:
    first, toned = (match[1], match[2]) if match[1] else (match[3], match[4])
    decomposed = unicodedata.normalize("NFD", toned)
    return unicodedata.normalize("NFC", first + decomposed[1]) + decomposed[0]


def normalize_name(text: str) -> str:
    """Return the key under which a name is compared, keeping its diacritics.

    Steps: Unicode NFC (text from macOS or Windows-1258 files may arrive decomposed); "ð"
    (often typed for "đ") read as "đ"; lower case; the tone mark of a final "oa", "oe" or "uy"
    put on its first vowel, whichever placement was written ("Hoà" and "Hòa" give "hòa",
    "Thuỷ" gives "thủy", "Khoẻ" gives "khỏe"; "quý" is left alone since "qu" is a consonant);
    punctuation replaced by spaces; letters and digits split apart ("Q1" -> "q 1"); leading
    zeros dropped from numbers ("Phường 01" -> "phường 1"); spaces collapsed.

    Args:
        text: A name as typed.

    Returns:
        The key, e.g. ``normalize_name("Bà Rịa - Vũng Tàu") == "bà rịa vũng tàu"``. Use
        :func:`fold_diacritics` on it for a key that ignores diacritics too.
    """
    key = unicodedata.normalize("NFC", text).replace("Ð", "đ").replace("ð", "đ").lower()
    key = _TONED_NUCLEUS.sub(_move_tone_to_first_vowel, key)
    key = _NOT_ALNUM.sub(" ", key)
    key = _LETTER_DIGIT.sub(" ", key)
    key = _NUMBER.sub("", key)
    return " ".join(key.split())


def _letter_variants(letter: str) -> tuple[str, str]:
    """Return (the letter without its tone mark, the bare ASCII letter)."""
    parts = unicodedata.normalize("NFD", letter)
    toneless = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
    bare = "d" if letter == "đ" else "".join(c for c in parts if not unicodedata.combining(c))
    return toneless, bare


def _vietnamese_letters() -> Iterator[str]:
    for point in range(0xC0, 0x1F00):
        letter = chr(point)
        if letter.islower() and (letter == "đ" or unicodedata.decomposition(letter)):
            _, bare = _letter_variants(letter)
            if bare.isascii() and bare.isalpha() and len(bare) == 1:
                yield letter


_FOLD = str.maketrans({letter: _letter_variants(letter)[1] for letter in _vietnamese_letters()})
# Written letters that may stand for each reference letter: itself, without tone, bare.
_ACCEPTED = {letter: {letter, *_letter_variants(letter)} for letter in _vietnamese_letters()}


def fold_diacritics(key: str) -> str:
    """Return a :func:`normalize_name` key with every diacritic removed ("đắk lắk" -> "dak lak")."""
    return key.translate(_FOLD)


def _written_fits(written: str, reference: str) -> bool:
    """Tell whether ``written`` is ``reference`` with some diacritics possibly left out.

    Both are compact keys of the same folded form, hence of the same length.
    """
    return all(w == r or w in _ACCEPTED.get(r, ()) for w, r in zip(written, reference, strict=True))


# --- Public result types -------------------------------------------------------------------


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
        units = _join_labels(self.candidates, lang)
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
                units=_join_labels(self.suggestions, lang, text["or"])
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


def _join_labels(units: Iterable[Unit], lang: str, last_joiner: str = "") -> str:
    labels = [unit.label(lang) for unit in units]
    if last_joiner and len(labels) > 1:
        return f"{', '.join(labels[:-1])} {last_joiner} {labels[-1]}"
    return ", ".join(labels)


# --- Index -------------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One way of writing one unit's name (its GSO name, ASCII, English or an alias)."""

    written: str  # compact normalize_name key (no spaces), diacritics kept
    folded: str  # the same without diacritics
    unit: Unit
    unit_type: str

    @classmethod
    def of(cls, name: str, unit: Unit, unit_type: str) -> _Entry:
        written = _compact(normalize_name(name))
        return cls(written, fold_diacritics(written), unit, unit_type)


@dataclass
class _Scope:
    """The units one lookup can reach: all provinces, or the units of one parent."""

    unit: Unit | None
    by_folded: dict[str, list[_Entry]] = field(default_factory=dict)
    by_number: dict[str, list[Unit]] = field(default_factory=dict)

    def add(self, entry: _Entry) -> None:
        self.by_folded.setdefault(entry.folded, []).append(entry)
        if entry.written.isdigit():
            self.by_number.setdefault(entry.written, []).append(entry.unit)


class _Reading(NamedTuple):
    """One reading of a query: a name, possibly with the unit types its prefix allows."""

    name: str  # compact key
    types: frozenset[str] | None


def _compact(key: str) -> str:
    return key.replace(" ", "")


def _readings(key: str) -> list[_Reading]:
    """List the ways to read a key: as a whole, and without each prefix or suffix it fits.

    The whole key is always kept, because a name may start with a word that looks like a
    prefix (a commune "Quan Lạn" is not "Quận Lạn").
    """
    words = key.split()
    readings = [_Reading(_compact(key), None)]
    for size in (1, 2):
        head = " ".join(words[:size])
        for prefix, types in _PREFIXES.items():
            if len(words) > size and len(head) == len(prefix) and _written_fits(head, prefix):
                readings.append(_Reading("".join(words[size:]), types))
    if len(words) > 1 and words[-1] in _SUFFIXES:
        readings.append(_Reading("".join(words[:-1]), _PREFIXES[words[-1]]))
    return readings


def _unit_name(unit_type: str, name: str) -> str:
    # GSO capitalises some types inside full names ("Thành Phố Bắc Kạn"); build them evenly.
    return f"{unit_type} {name}"


# --- Resolver ------------------------------------------------------------------------------


class NameResolver:
    """Resolve names or codes of provinces, districts and communes to GSO codes.

    Build it once (:meth:`default` does so from :mod:`geodata.reference`) and reuse it:
    results are cached per level, parent and query.

    Example:
        >>> names = NameResolver.default()
        >>> names.province("TP HCM").code
        '79'
        >>> names.district("Kỳ Anh", "42").status
        'ambiguous'
    """

    def __init__(
        self, provinces: pd.DataFrame, districts: pd.DataFrame, communes: pd.DataFrame
    ) -> None:
        """Index the reference tables (columns as in :mod:`geodata.reference`)."""
        self._units: dict[Level, dict[str, Unit]] = {}
        self._parent: dict[Level, dict[str, str]] = {}
        self._scopes: dict[tuple[Level, str], _Scope] = {}
        self._cache: dict[tuple[Level, str, str], Resolution] = {}
        self._index_provinces(provinces)
        self._index_level("district", districts, "district_type", ("province",))
        self._index_level("commune", communes, "commune_type", ("district", "province"))

    @classmethod
    def default(cls) -> NameResolver:
        """Return the resolver of the 2022 reference tables, built once per process."""
        return _default_resolver()

    # -- public lookups --

    def province(self, text: Query) -> Resolution:
        """Resolve a province name ("Khánh Hoà", "TP.HCM", "Hanoi") or code ("01", 1)."""
        return self._resolve("province", text, "")

    def district(self, text: Query, province_code: str | int) -> Resolution:
        """Resolve a district name or code inside one province.

        Args:
            text: "Thị xã Kỳ Anh", "Q.1", "District 1", "Thu Duc City", "449", 449, ...
            province_code: The GSO code of the province searched ("42", "1" or 1 accepted).

        Raises:
            ValueError: If ``province_code`` is not a province code.
        """
        province = self._parent_code("province", province_code)
        return self._resolve("district", text, province)

    def commune(
        self,
        text: Query,
        *,
        district_code: str | int | None = None,
        province_code: str | int | None = None,
    ) -> Resolution:
        """Resolve a commune name or code inside a district, a province or, if neither is given,
        the whole country.

        Raises:
            ValueError: If a parent code is unknown, or the district is not in the province.
        """
        if district_code is not None:
            district = self._parent_code("district", district_code)
            if province_code is not None:
                province = self._parent_code("province", province_code)
                if self._parent["district"][district] != province:
                    raise ValueError(f"district {district} is not in province {province}")
            return self._resolve("commune", text, district)
        if province_code is not None:
            return self._resolve("commune", text, self._parent_code("province", province_code))
        return self._resolve("commune", text, "")

    # -- building --

    def _index_provinces(self, table: pd.DataFrame) -> None:
        scope = self._scope("province", "")
        self._units["province"] = {}
        for row in table.itertuples(index=False):
            code = str(row.province_code)
            unit_type = "Thành phố" if str(row.unit_type).startswith("Thành phố") else "Tỉnh"
            unit = Unit(code, str(row.full_name_vi))
            self._units["province"][code] = unit
            names = (row.name_vi, row.name_ascii, row.name_en, *PROVINCE_ALIASES.get(code, ()))
            entries = {_Entry.of(str(name), unit, unit_type) for name in names}
            for entry in sorted(entries):
                scope.add(entry)

    def _index_level(
        self, level: Level, table: pd.DataFrame, type_column: str, parents: tuple[Level, ...]
    ) -> None:
        """Index districts or communes under each parent (districts also for communes)."""
        self._units[level] = {}
        self._parent[level] = {}
        # Plain lists: iterating pandas string columns row by row is several times slower.
        columns = [f"{level}_code", type_column, "name_vi", *(f"{p}_code" for p in parents)]
        rows = zip(*(table[column].astype(str).tolist() for column in columns), strict=True)
        for code, unit_type, name, *parent_codes in rows:
            unit = Unit(code, _unit_name(unit_type, name))
            self._units[level][code] = unit
            self._parent[level][code] = parent_codes[0]
            entry = _Entry.of(name, unit, unit_type)
            for parent, parent_code in zip(parents, parent_codes, strict=True):
                self._scope(level, parent_code, parent).add(entry)
            if level == "commune":
                self._scope(level, "").add(entry)

    def _scope(self, level: Level, parent_code: str, parent: Level | None = None) -> _Scope:
        scope = self._scopes.get((level, parent_code))
        if scope is None:
            parent_unit = self._units[parent][parent_code] if parent else None
            scope = self._scopes[(level, parent_code)] = _Scope(parent_unit)
        return scope

    def _parent_code(self, level: Level, code: str | int) -> str:
        padded = _as_code(str(code).strip(), CODE_WIDTH[level])
        if padded is None or padded not in self._units[level]:
            raise ValueError(f"{code!r} is not a {level} code")
        return padded

    # -- resolving --

    def _resolve(self, level: Level, text: Query, scope_code: str) -> Resolution:
        query = _as_text(text)
        cache_key = (level, scope_code, query)
        result = self._cache.get(cache_key)
        if result is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            scope = self._scopes.get((level, scope_code)) or _Scope(None)
            result = self._cache[cache_key] = self._lookup(level, query, scope, scope_code)
        return result

    def _lookup(self, level: Level, query: str, scope: _Scope, scope_code: str) -> Resolution:
        found = Resolution(query, "empty", level=level, scope=scope.unit)
        key = normalize_name(query)
        if not key:
            return found
        if key.isdigit() and not (
            len(query.strip()) < CODE_WIDTH[level] and key in scope.by_number
        ):
            return self._by_code(found, query.strip(), scope_code)
        matches, near = _match_name(key, scope)
        if len(matches) == 1:
            return replace(found, status="ok", code=matches[0].code, candidates=tuple(matches))
        if matches:
            return replace(found, status="ambiguous", candidates=tuple(matches))
        return replace(found, status="unknown", suggestions=_suggest(key, scope, near))

    def _by_code(self, found: Resolution, digits: str, scope_code: str) -> Resolution:
        level = found.level
        code = _as_code(digits, CODE_WIDTH[level]) or ""
        unit = self._units[level].get(code)
        if unit is None:
            return replace(found, status="unknown")
        if scope_code and scope_code not in self._ancestors(level, code):
            parent_level: Level = "province" if level == "district" else "district"
            parent = self._units[parent_level][self._parent[level][code]]
            return replace(found, status="unknown", misplaced=unit, misplaced_parent=parent)
        return replace(found, status="ok", code=code, candidates=(unit,))

    def _ancestors(self, level: Level, code: str) -> tuple[str, ...]:
        parent = self._parent[level][code]
        if level == "commune":
            return (parent, self._parent["district"][parent])
        return (parent,)


def _match_name(key: str, scope: _Scope) -> tuple[list[Unit], list[Unit]]:
    """Return the units a name key matches, and those it would match but for its diacritics.

    A name written with all its diacritics matches only units spelled exactly so; otherwise
    every unit whose name it fits with diacritics left out. A prefix narrows the matches to
    the unit types it names, unless no match has such a type (then the prefix is taken as a
    slip, e.g. "Quận Thủ Đức" for what is now Thành phố Thủ Đức).
    """
    matches: dict[str, Unit] = {}
    near: dict[str, Unit] = {}
    for reading in _readings(key):
        entries = scope.by_folded.get(fold_diacritics(reading.name), [])
        exact = [e for e in entries if e.written == reading.name]
        fitting = exact or [e for e in entries if _written_fits(reading.name, e.written)]
        typed = [e for e in fitting if reading.types and e.unit_type in reading.types]
        for entry in typed or fitting:
            matches[entry.unit.code] = entry.unit
        for entry in entries:
            near[entry.unit.code] = entry.unit
    return sorted(matches.values(), key=_by_code), sorted(near.values(), key=_by_code)


def _suggest(key: str, scope: _Scope, near: list[Unit], limit: int = 3) -> tuple[Unit, ...]:
    """Pick up to ``limit`` units whose names are closest to an unmatched key."""
    suggestions = dict.fromkeys(near)
    folded = fold_diacritics(_compact(key))
    for close in difflib.get_close_matches(folded, scope.by_folded, n=limit, cutoff=0.75):
        for entry in sorted(scope.by_folded[close], key=lambda e: e.unit.code):
            suggestions.setdefault(entry.unit)
    return tuple(suggestions)[:limit]


def _by_code(unit: Unit) -> str:
    return unit.code


def _as_text(text: Query) -> str:
    """Return the query as text; spreadsheet numbers become digits (1.0 -> "1")."""
    if text is None:
        return ""
    if isinstance(text, float):
        return "" if text != text else (str(int(text)) if text.is_integer() else str(text))
    if not isinstance(text, str) and pd.isna(text):
        return ""
    return str(text)


def _as_code(digits: str, width: int) -> str | None:
    """Zero-pad a numeric code to ``width`` digits, or None if it cannot be one."""
    if not digits.isdigit():
        return None
    code = digits.lstrip("0").zfill(width)
    return code if len(code) == width else None


@cache
def _default_resolver() -> NameResolver:
    from geodata import reference

    return NameResolver(reference.provinces(), reference.districts(), reference.communes())
