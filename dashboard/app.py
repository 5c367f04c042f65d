"""The application factory. Importing this module does no I/O; ``create_app`` does it all."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from dashboard.config import Settings
from dashboard.context import AppContext, MapAssets
from dashboard.data.db import create_schema, make_engine
from dashboard.data.participant_key import resolve_key, upgrade_participant_hashes
from dashboard.data.sample.store import load_sample_if_empty
from dashboard.i18n import t
from dashboard.server.answers import writes_any
from dashboard.server.install import VERSION_CLOCK, dash_prefix_arguments, install_server
from dashboard.server.layouts import install_layout_cache
from dashboard.services import DashboardService
from dashboard.views import shell
from geodata.assets import load_manifest


def create_app(settings: Settings) -> Dash:
    """Build a ready-to-serve Dash app for ``settings``.

    Opens (and if needed creates) the database, fills an empty one with the sample data when
    ``settings.load_sample`` is on, and reads the boundary manifest, failing early with a clear
    message when the assets have not been built.
    """
    assets_folder = Path(settings.assets_folder)
    manifest = load_manifest(assets_folder / "geo")
    engine = make_engine(settings.database_url)
    create_schema(engine)
    participant_key = resolve_key(settings.participant_key, settings.participant_key_file)
    upgrade_participant_hashes(engine, participant_key)
    if settings.load_sample:
        load_sample_if_empty(
            engine, national_target=settings.national_target, scale=settings.sample_scale
        )

    app = Dash(
        __name__,
        title=t("app_title", settings.default_language),
        assets_folder=str(assets_folder),
        serve_locally=True,
        update_title="",
        # Screens render into the shell after load, so their callbacks' components do not
        # exist at first; the renderer would report them. tests/integration/test_app.py
        # checks instead that each callback's components all live in one part of the page.
        suppress_callback_exceptions=True,
        **dash_prefix_arguments(settings.url_prefix),
    )
    ctx = AppContext(
        settings=settings,
        service=DashboardService(engine, campaign=settings.campaign),
        manifest=manifest,
        assets=MapAssets.for_app(app, manifest),
        participant_key=participant_key,
    )
    install_server(
        app,
        engine,
        settings,
        canonical_search=ctx.canonical_search,
        follow_version=ctx.service.served_version,
        pure_callback=writes_any(shell.PURE_OUTPUTS),
    )
    # Workers keep answering from the data they hold while the next version loads.
    ctx.service.serve_in_background(app.server.extensions[VERSION_CLOCK].database)
    # Built per request: the page asking for its layout gets its screen already drawn.
    app.layout = lambda: shell.create_page(app, ctx)
    # ... and kept per page and data version: every viewer of a view gets the same bytes.
    install_layout_cache(
        app,
        lambda request: shell.layout_key(app, ctx, request),
        app.server.extensions[VERSION_CLOCK],
    )
    shell.register_callbacks(app, ctx)
    app.server.config["DIEMTUA_CONTEXT"] = ctx
    return app
