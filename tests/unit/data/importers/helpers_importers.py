"""Small builders shared by the importer tests: CSV bytes, Windows-1258 bytes, counts."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from dashboard.data.schema import DATA_TABLES, imports

ENROLLMENT_HEADER = "Ngày đăng ký,Tỉnh/Thành phố,Quận/Huyện,Kênh,Mã số BHXH"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def enrollment_csv(*rows: tuple[str, str, str], channel: str = "Bưu điện") -> bytes:
    """Enrollments on 08/05/2022, one per (province, district, ref) row."""
    lines = [ENROLLMENT_HEADER]
    lines += [f"08/05/2022,{p},{d},{channel},{ref}" for p, d, ref in rows]
    return csv_bytes(*lines)


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def count(engine: Engine, kind: str) -> int:
    with engine.connect() as con:
        return con.execute(select(func.count()).select_from(DATA_TABLES[kind])).scalar_one()


def import_count(engine: Engine) -> int:
    with engine.connect() as con:
        return con.execute(select(func.count()).select_from(imports)).scalar_one()
