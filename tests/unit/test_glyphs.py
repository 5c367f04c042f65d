"""The map style and its glyphs under URLs naming their content: cached for a year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dashboard.context import MapAssets
from dashboard.glyphs import GLYPHS_FOLDER, STYLE_FILE, fingerprint, glyphs_url, stamp
from dashboard.server.static import IMMUTABLE, REVALIDATE
from geodata.assets import load_manifest
from tests.unit.server.helpers import fetch, make_app

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def style(assets: Path) -> dict[str, object]:
    return json.loads((assets / STYLE_FILE).read_text(encoding="utf-8"))


def test_the_style_names_the_committed_glyphs_by_their_fingerprint():
    # After `make glyphs`, `python -m dashboard.glyphs assets` writes the new one.
    assert glyphs_url(style(ASSETS)).endswith(f"?v={fingerprint(ASSETS / GLYPHS_FOLDER)}")


def test_stamping_follows_a_changed_glyph_file(tmp_path):
    shutil.copytree(ASSETS / GLYPHS_FOLDER, tmp_path / GLYPHS_FOLDER)
    shutil.copy(ASSETS / STYLE_FILE, tmp_path / STYLE_FILE)
    before = stamp(tmp_path)
    (tmp_path / GLYPHS_FOLDER / "NotoSans-Bold" / "0-255.pbf").write_bytes(b"other glyphs")
    after = stamp(tmp_path)
    assert before != after and after.count("?v=") == 1
    assert glyphs_url(style(tmp_path)) == after
    assert style(tmp_path)["layers"] == style(ASSETS)["layers"]


def test_the_glyphs_and_the_style_are_cached_for_a_year(tmp_path):
    app, engine = make_app(tmp_path, assets_folder=str(ASSETS))
    client = app.server.test_client()
    template = glyphs_url(style(ASSETS))
    glyph = "/" + template.format(fontstack="NotoSans-Bold", range="0-255")
    assert fetch(client, glyph).headers["Cache-Control"] == IMMUTABLE
    # Without the version (an older style), a strong validator gives a bodiless 304.
    bare = fetch(client, glyph.split("?")[0])
    assert bare.headers["Cache-Control"] == REVALIDATE
    again = fetch(client, glyph.split("?")[0], headers={"If-None-Match": bare.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    style_url = MapAssets.for_app(app, load_manifest(ASSETS / "geo")).style_url
    assert "?v=" in style_url
    assert fetch(client, style_url).headers["Cache-Control"] == IMMUTABLE
    engine.dispose()
