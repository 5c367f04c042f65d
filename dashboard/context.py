"""What every screen of one app instance shares: settings, data service, boundary manifest."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qsl

from dash import Dash

from dashboard.config import Settings
from dashboard.domain import Filters
from dashboard.glyphs import STYLE_FILE, style_version
from dashboard.services import DashboardService
from dashboard.state import ViewState, Vocabulary, parse_date
from geodata.assets import Manifest


@dataclass(frozen=True)
class MapAssets:
    """URLs of the map's static files, with the build id so a rebuilt asset is never stale."""

    style_url: str
    provinces_2022_url: str
    provinces_2025_url: str
    districts_2022_url: str  # every 2022 district in one file
    districts_url_template: str  # .format(province=<code>)

    @classmethod
    def for_app(cls, app: Dash, manifest: Manifest) -> MapAssets:
        suffix = f"?v={manifest.build}"
        version = style_version(Path(app.config.assets_folder))
        return cls(
            style_url=app.get_asset_url(STYLE_FILE) + (f"?v={version}" if version else ""),
            provinces_2022_url=app.get_asset_url("geo/provinces_2022.geojson") + suffix,
            provinces_2025_url=app.get_asset_url("geo/provinces_2025.geojson") + suffix,
            districts_2022_url=app.get_asset_url("geo/districts_2022.geojson") + suffix,
            districts_url_template=app.get_asset_url("geo/districts_2022/{province}.geojson")
            + suffix,
        )

    def districts_url(self, province_code: str) -> str:
        return self.districts_url_template.format(province=province_code)


@dataclass(frozen=True)
class AppContext:
    """Handed to every view's layout factory and callback registration."""

    settings: Settings
    service: DashboardService
    manifest: Manifest
    assets: MapAssets
    participant_key: bytes = b""  # the participant hash's key (data/participant_key.py)

    @property
    def default_lang(self) -> str:
        return self.settings.default_language

    def read_view(self, search: str | None) -> ViewState:
        """The view a URL's query string names (see ``dashboard.state``)."""
        return ViewState.from_query(
            search, default_lang=self.default_lang, vocabulary=self.vocabulary
        )

    def filters(self, state: ViewState) -> Filters:
        """The rows ``state`` counts (its period defaults to the campaign window)."""
        return state.filters(self.settings.campaign)

    def canonical_search(self, search: str | None) -> str:
        """The query string of the view ``search`` names, in its one normal form (unknown
        parameters and values dropped), plus the routes screen's ``day``: the key of the
        answers shared between viewers."""
        query = self.read_view(search).to_query(default_lang=self.default_lang)
        day = parse_date(dict(parse_qsl((search or "").lstrip("?"))).get("day"))
        if day is None:
            return query
        return f"{query}{'&' if query else '?'}day={day.isoformat()}"

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The codes and dates a URL may name (read once: every callback asks for it)."""
        return Vocabulary.from_reference()
