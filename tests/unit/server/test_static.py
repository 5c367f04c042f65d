"""Static files: compressed once, immutable when fingerprinted, revalidated by strong ETags."""

from __future__ import annotations

import gzip
import re
import threading

import pytest

from dashboard.server.static import (
    EXTENSION,
    IMMUTABLE,
    PARTIAL_PLOTLY,
    REVALIDATE,
    partial_plotly,
    partial_plotly_version,
)
from tests.unit.server.helpers import fetch, make_app

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
YEAR = 31536000


@pytest.fixture
def app(tmp_path):
    assets = tmp_path / "assets"
    (assets / "geo").mkdir(parents=True)
    (assets / "app.css").write_text("body { margin: 0; }\n" * 200)
    (assets / "map-style.json").write_text('{"version": 8, "layers": []}' + " " * 2000)
    (assets / "geo" / "provinces.geojson").write_text(
        '{"type": "FeatureCollection", "features": []}' + " " * 5000
    )
    app, engine = make_app(tmp_path, assets_folder=str(assets))
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.server.test_client()


def page_scripts(client):
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert scripts
    return scripts


def assert_strong(etag):
    assert etag.startswith('"') and etag.endswith('"'), etag


def test_fingerprinted_scripts_are_immutable_for_a_year(client):
    for src in page_scripts(client):
        assert re.search(r"\.v[\w-]+m[0-9a-f]+\.", src), src
        response = fetch(client, src, headers=GZIP)
        assert response.status_code == 200
        cache_control = response.headers["Cache-Control"]
        assert f"max-age={YEAR}" in cache_control and "immutable" in cache_control, src
        assert response.headers["Content-Encoding"] == "gzip", src
        assert_strong(response.headers["ETag"])
        assert "Accept-Encoding" in response.headers["Vary"]


def test_gzip_and_plain_forms_have_their_own_strong_validators(client):
    src = page_scripts(client)[0]
    zipped = fetch(client, src, headers=GZIP)
    plain = fetch(client, src)
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data)
    assert_strong(zipped.headers["ETag"])
    assert_strong(plain.headers["ETag"])
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in plain.headers["Vary"]


def test_scripts_loaded_by_plain_name_revalidate_with_a_304(client):
    # Dash's scripts load their chunks and plotly.js without a fingerprint in the URL.
    client.get("/")
    for path in (
        "/_dash-component-suites/dash/dcc/async-graph.js",
        "/_dash-component-suites/plotly/package_data/plotly.min.js",
    ):
        first = fetch(client, path, headers=GZIP)
        assert first.status_code == 200, path
        assert first.headers["Cache-Control"] == REVALIDATE
        assert first.headers["Content-Encoding"] == "gzip"
        etag = first.headers["ETag"]
        assert_strong(etag)
        again = fetch(client, path, headers={**GZIP, "If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.data == b""
        assert again.headers["ETag"] == etag
        # The plain form is another representation: the gzip form's tag does not match it.
        assert fetch(client, path, headers={"If-None-Match": etag}).status_code == 200


def test_assets_with_a_version_are_immutable_and_others_revalidate(client):
    css = fetch(client, "/assets/app.css?m=123.4", headers=GZIP)
    assert css.headers["Cache-Control"] == IMMUTABLE
    geo = fetch(client, "/assets/geo/provinces.geojson?v=abc123", headers=GZIP)
    assert geo.headers["Cache-Control"] == IMMUTABLE
    assert geo.headers["Content-Encoding"] == "gzip"
    style = fetch(client, "/assets/map-style.json", headers=GZIP)
    assert style.headers["Cache-Control"] == REVALIDATE
    revalidated = fetch(
        client, "/assets/map-style.json", headers={**GZIP, "If-None-Match": style.headers["ETag"]}
    )
    assert revalidated.status_code == 304
    assert fetch(client, "/assets/missing.js").status_code == 404


def test_the_favicon_is_cached_for_a_year(client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'rel="icon"[^>]*href="([^"]+)"', page).group(1)
    assert "?v=" in href
    response = fetch(client, href, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_each_file_is_read_and_compressed_once(app, client):
    store = app.server.extensions[EXTENSION]
    scripts = page_scripts(client)
    for _ in range(3):
        for src in scripts:
            fetch(client, src, headers=GZIP)
            fetch(client, src)
    assert store.builds == len(scripts)


def test_many_requests_at_once_compress_a_file_once(app):
    store = app.server.extensions[EXTENSION]
    path = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    app.server.test_client().get("/")  # Dash learns its packages' files from the page
    statuses: list[int] = []

    def ask() -> None:
        statuses.append(fetch(app.server.test_client(), path, headers=GZIP).status_code)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert store.builds == 1


def test_a_changed_asset_is_read_again(app, client, tmp_path):
    first = fetch(client, "/assets/map-style.json")
    path = tmp_path / "assets" / "map-style.json"
    path.write_text('{"version": 8, "layers": [], "name": "new"}' + " " * 2000)
    second = fetch(client, "/assets/map-style.json")
    assert b'"new"' in second.data
    assert second.headers["ETag"] != first.headers["ETag"]


def test_the_partial_plotly_build_matches_the_plotly_js_of_plotlys_python_package():
    from plotly.offline import get_plotlyjs_version

    # A plotly upgrade needs `make plotlyjs`: until then the full bundle is served.
    assert partial_plotly_version() == get_plotlyjs_version()
    assert (PARTIAL_PLOTLY.parent / "plotly.min.LICENSES.md").exists()


def test_graphs_load_the_partial_plotly_build_under_dashs_url(client):
    client.get("/")
    path = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    served = fetch(client, path)
    assert served.status_code == 200
    assert served.data == PARTIAL_PLOTLY.read_bytes()
    assert served.data.startswith(b"/** plotly.js v")
    assert b"partial" in served.data[:200]


def test_a_partial_build_of_another_version_is_not_used(tmp_path):
    other = tmp_path / "plotly.min.js"
    other.write_text("/** plotly.js v0.0.1 (partial) | MIT */\nvar Plotly = {};\n")
    assert partial_plotly(other) == {}
    assert partial_plotly(tmp_path / "missing.js") == {}
