"""The map style and its labels' glyphs (``assets/glyphs/``) under URLs naming their content.

MapLibre fetches the glyphs from the URL template in the map style (``glyphs``). The template
carries ``?v=<fingerprint of the glyph files>``, and the style's own URL the fingerprint of
the style, so the static files' server sends both with a year-long immutable cache: a reload
does not even ask for them again. ``make glyphs`` writes the glyphs' fingerprint into the
style after building them (``python -m dashboard.glyphs``); a test fails when the style names
another.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Final

GLYPHS_FOLDER: Final = "glyphs"
STYLE_FILE: Final = "map-style.json"
_VERSION = re.compile(r"\?v=[0-9a-f]*$")


def fingerprint(folder: Path) -> str:
    """12 hex digits naming the content of every glyph file under ``folder``."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(folder.rglob("*.pbf")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def style_version(assets: Path) -> str | None:
    """12 hex digits naming the content of the map style in ``assets`` (``None``: none)."""
    try:
        content = (assets / STYLE_FILE).read_bytes()
    except OSError:
        return None
    return hashlib.blake2b(content, digest_size=6).hexdigest()


def glyphs_url(style: dict[str, object]) -> str:
    """The glyph URL template of a map style."""
    return str(style["glyphs"])


def stamp(assets: Path) -> str:
    """Write the glyphs' fingerprint into the style's glyph URL in ``assets``; returns it."""
    style_path = assets / STYLE_FILE
    text = style_path.read_text(encoding="utf-8")
    template = glyphs_url(json.loads(text))
    stamped = _VERSION.sub("", template) + f"?v={fingerprint(assets / GLYPHS_FOLDER)}"
    style_path.write_text(text.replace(json.dumps(template), json.dumps(stamped)), "utf-8")
    return stamped


if __name__ == "__main__":
    print(stamp(Path(sys.argv[1] if len(sys.argv) > 1 else "assets")))
