"""A small PNG reader for the browser tests: the pixels of an 8-bit RGB or RGBA image."""

from __future__ import annotations

import struct
import zlib


class Pixels:
    """An image's pixels, read as (r, g, b) by (x, y)."""

    def __init__(self, width: int, height: int, channels: int, rows: list[bytearray]) -> None:
        self.width, self.height, self.channels, self.rows = width, height, channels, rows

    def at(self, x: int, y: int) -> tuple[int, int, int]:
        i = x * self.channels
        r, g, b = self.rows[y][i : i + 3]
        return r, g, b


def read_png(data: bytes) -> Pixels:
    """Decode ``data`` (a non-interlaced 8-bit RGB or RGBA PNG, as browsers write them)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, row, previous, channels)
        rows.append(row)
        previous = row
    return Pixels(width, height, channels, rows)


def _unfilter(kind: int, row: bytearray, above: bytearray, bpp: int) -> None:
    """Undo one row's PNG filter in place (RFC 2083, 6.3)."""
    if kind == 1:
        for i in range(bpp, len(row)):
            row[i] = (row[i] + row[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(len(row)):
            row[i] = (row[i] + above[i]) & 0xFF
    elif kind == 3:
        for i in range(len(row)):
            left = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + ((left + above[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(row)):
            a = row[i - bpp] if i >= bpp else 0
            b, c = above[i], above[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            nearest = a if pa <= pb and pa <= pc else b if pb <= pc else c
            row[i] = (row[i] + nearest) & 0xFF
