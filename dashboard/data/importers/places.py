"""Places named in free text: an agent's title block, a person's address, an office's name.

A form says where its people live only in an address ("Thôn Đông, xã Yên Bình, huyện Ý Yên"),
often with the commune alone, and where its agent is in the title block. The rule (issue 10):
the person's place is the commune or district the address names when it resolves within the
agent's province; an address naming a place of another province, or an ambiguous name, is a
problem; an address naming nothing that resolves falls back to the agent's district, which
the preview counts as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from dashboard.data.importers import vocabulary
from dashboard.data.importers.problems import Message
from geodata import reference
from geodata.names import NameResolver, Resolution, fold_diacritics, normalize_name

Level = Literal["commune", "district", "province"]


@dataclass(frozen=True)
class Place:
    """GSO codes of a place; the commune may be unknown."""

    province: str
    district: str
    commune: str | None = None


@dataclass(frozen=True)
class Located:
    """Where an address puts a person: a place, the agent's place (a fallback), or a problem."""

    place: Place | None
    fallback: bool = False
    problem: Message | None = None


@cache
def _commune_districts() -> dict[str, str]:
    table = reference.communes()
    return dict(
        zip(table["commune_code"].astype(str), table["district_code"].astype(str), strict=True)
    )


@cache
def _district_provinces() -> dict[str, str]:
    table = reference.districts()
    return dict(
        zip(table["district_code"].astype(str), table["province_code"].astype(str), strict=True)
    )


def _folded(text: str) -> str:
    return fold_diacritics(normalize_name(text))


def address_parts(address: str) -> list[tuple[Level, str]]:
    """The commune, district and province parts of an address, by their prefixes.

    "thành phố" names a district unless it is the last part, where it names the province
    ("…, TP Hà Giang" is ambiguous and read as the district only when it is not last).
    """
    pieces = [piece.strip() for piece in re.split(r"[,;]", address) if piece.strip()]
    parts: list[tuple[Level, str]] = []
    for index, piece in enumerate(pieces):
        folded = _folded(piece)
        last = index == len(pieces) - 1 and index > 0

        def starts(prefixes: tuple[str, ...], folded: str = folded) -> bool:
            return any(folded.startswith(_folded(prefix) + " ") for prefix in prefixes)

        if starts(vocabulary.PROVINCE_ALWAYS) or (last and starts(vocabulary.PROVINCE_PREFIXES)):
            parts.append(("province", piece))
        elif starts(vocabulary.DISTRICT_PREFIXES):
            parts.append(("district", piece))
        elif starts(vocabulary.COMMUNE_PREFIXES):
            parts.append(("commune", piece))
    return parts


class PlaceFinder:
    """Resolve the places of one form: its agent's, its people's."""

    def __init__(self, resolver: NameResolver) -> None:
        self.names = resolver

    def province_of(self, text: str) -> str | None:
        """The province a text names after "tỉnh" / "thành phố" / "BHXH tỉnh", if it resolves."""
        for level, piece in address_parts(text):
            if level == "province" and (found := self.names.province(piece)).ok:
                return found.code
        words = text.replace(",", " ").split()
        for prefix in (*vocabulary.PROVINCE_OFFICE, *vocabulary.PROVINCE_NAMED_AFTER):
            for start in _after(words, prefix):
                # The province's name is the next words ("Hà Giang", "Bà Rịa - Vũng Tàu").
                for size in range(min(5, len(words) - start), 0, -1):
                    if (found := self.names.province(" ".join(words[start : start + size]))).ok:
                        return found.code
        return None

    def district_in(self, text: str, province: str) -> str | None:
        """The district a unit's name denotes: "BHXH huyện Vị Xuyên", "Bưu điện TP Hà Giang"."""
        words = text.split()
        for prefix in (*vocabulary.OFFICE_PREFIXES, *(w for w, _ in vocabulary.AGENT_CHANNELS)):
            starts = _after(words, prefix)
            if starts and starts[0] == len(prefix.split()):
                words = words[starts[0] :]
                break
        found = self.names.district(" ".join(words), province)
        return found.code if found.ok else None

    def agent_place(self, agent: str, address: str, title: str) -> Place | None:
        """The agent's district: from its address line, else its name; the province likewise,
        else anywhere in the title block."""
        province = self.province_of(address) or self.province_of(title)
        if province is None:
            return None
        for level, piece in address_parts(address):
            if level == "district" and (found := self.names.district(piece, province)).ok:
                return Place(province, str(found.code))
        district = self.district_in(agent, province)
        return None if district is None else Place(province, district)

    def locate(self, address: str, agent: Place) -> Located:
        """Where an address puts a person of an agent in ``agent`` (see the module's rule)."""
        parts = address_parts(address)
        named = {level: piece for level, piece in parts}
        if "province" in named:
            found = self.names.province(named["province"])
            if found.ok and found.code != agent.province:
                return Located(None, problem=_elsewhere(named["province"]))
        district: str | None = None
        if "district" in named:
            found = self.names.district(named["district"], agent.province)
            if found.status == "ambiguous":
                return Located(None, problem=_explain(found))
            if found.ok:
                district = str(found.code)
            elif self._elsewhere("district", named["district"]):
                return Located(None, problem=_elsewhere(named["district"]))
        if "commune" in named:
            located = self._commune(named["commune"], district, agent)
            if located is not None:
                return located
        if district is not None:
            return Located(Place(agent.province, district))
        return Located(agent, fallback=True)

    def _commune(self, text: str, district: str | None, agent: Place) -> Located | None:
        if district is not None:
            found = self.names.commune(text, district_code=district)
        else:
            found = self.names.commune(text, province_code=agent.province)
            if found.status == "ambiguous":
                # Two communes of that name in the province: the agent's own district decides.
                near = self.names.commune(text, district_code=agent.district)
                found = near if near.ok else found
        if found.status == "ambiguous":
            return Located(None, problem=_explain(found))
        if found.ok:
            code = str(found.code)
            return Located(Place(agent.province, _commune_districts()[code], code))
        if district is None and self._elsewhere("commune", text):
            return Located(None, problem=_elsewhere(text))
        return None

    def _elsewhere(self, level: Level, text: str) -> bool:
        """Whether a name that is not in the agent's province resolves somewhere else."""
        if level == "commune":
            # Commune names repeat across the country: only a unique one says "elsewhere".
            return self.names.commune(text).ok
        provinces = set(_district_provinces().values())
        return any(self.names.district(text, code).ok for code in sorted(provinces))


def _after(words: list[str], prefix: str) -> list[int]:
    """Positions in ``words`` right after each occurrence of the words of ``prefix``."""
    marker = [_folded(word) for word in prefix.split()]
    folded = [_folded(word) for word in words]
    size = len(marker)
    return [i + size for i in range(len(words) - size + 1) if folded[i : i + size] == marker]


def _explain(found: Resolution) -> Message:
    return Message("expect_place", explanation=found.explain)


def _elsewhere(text: str) -> Message:
    return Message("expect_agent_province_place", text=text)
