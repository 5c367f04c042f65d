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
from dataclasses import dataclass, field, replace
from functools import cache
from typing import NamedTuple

import pandas as pd

from geodata.normalise import compact_key, fold_diacritics, normalize_name, written_fits
from geodata.resolution import CODE_WIDTH, Level, Query, Resolution, Status, Unit

__all__ = [
    "CODE_WIDTH",
    "Level",
    "NameResolver",
    "Query",
    "Resolution",
    "Status",
    "Unit",
    "fold_diacritics",
    "normalize_name",
]


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


# --- Index -------------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One way of writing one unit's name (its GSO name, ASCII, English or an alias)."""

    written: str  # compact normalize_name key (no spaces), diacritics kept
    folded: str  # the same without diacritics
    unit: Unit
    unit_type: str

    @classmethod
    def of(cls, name: str, unit: Unit, unit_type: str) -> _Entry:
        written = compact_key(normalize_name(name))
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


def _readings(key: str) -> list[_Reading]:
    """List the ways to read a key: as a whole, and without each prefix or suffix it fits.

    The whole key is always kept, because a name may start with a word that looks like a
    prefix (a commune "Quan Lạn" is not "Quận Lạn").
    """
    words = key.split()
    readings = [_Reading(compact_key(key), None)]
    for size in (1, 2):
        head = " ".join(words[:size])
        for prefix, types in _PREFIXES.items():
            if len(words) > size and len(head) == len(prefix) and written_fits(head, prefix):
                readings.append(_Reading(compact_key(" ".join(words[size:])), types))
    if len(words) > 1 and words[-1] in _SUFFIXES:
        readings.append(_Reading(compact_key(" ".join(words[:-1])), _PREFIXES[words[-1]]))
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
        fitting = exact or [e for e in entries if written_fits(reading.name, e.written)]
        typed = [e for e in fitting if reading.types and e.unit_type in reading.types]
        for entry in typed or fitting:
            matches[entry.unit.code] = entry.unit
        for entry in entries:
            near[entry.unit.code] = entry.unit
    return sorted(matches.values(), key=_by_code), sorted(near.values(), key=_by_code)


def _suggest(key: str, scope: _Scope, near: list[Unit], limit: int = 3) -> tuple[Unit, ...]:
    """Pick up to ``limit`` units whose names are closest to an unmatched key."""
    suggestions = dict.fromkeys(near)
    folded = fold_diacritics(compact_key(key))
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
