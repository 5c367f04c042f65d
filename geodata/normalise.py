"""The keys under which names of places are compared (see ``geodata.names``).

A name typed by staff and a name of the reference lists meet as :func:`normalize_name` keys
(one Unicode form, one tone-mark placement, no case, punctuation or extra spaces);
:func:`fold_diacritics` drops the diacritics too, and :func:`written_fits` tells whether the
diacritics that were written are right.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_TONED_NUCLEUS = re.compile(r"(?<!q)(o)([àáảãạèéẻẽẹ])(?!\w)|(?<!q)(u)([ỳýỷỹỵ])(?!\w)")
# Without spaces a syllable's end is unknown ("hoàthành"): compact keys move every such tone.
_TONED_PAIR = re.compile(r"(?<!q)(o)([àáảãạèéẻẽẹ])|(?<!q)(u)([ỳýỷỹỵ])")
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


def compact_key(key: str) -> str:
    """A :func:`normalize_name` key without its spaces, as names written run together are
    compared ("hoàthành" = "Hòa Thành"). Spaces were the only sign of where a syllable ends,
    so the tone of every "oa", "oe" and "uy" goes on its first vowel, on both sides alike."""
    return _TONED_PAIR.sub(_move_tone_to_first_vowel, key.replace(" ", ""))


def fold_diacritics(key: str) -> str:
    """Return a :func:`normalize_name` key with every diacritic removed ("đắk lắk" -> "dak lak")."""
    return key.translate(_FOLD)


def written_fits(written: str, reference: str) -> bool:
    """Tell whether ``written`` is ``reference`` with some diacritics possibly left out.

    Both are compact keys of the same folded form, hence of the same length.
    """
    return all(w == r or w in _ACCEPTED.get(r, ()) for w, r in zip(written, reference, strict=True))
