"""Header and footer of every page: product, campaign, screens, sample badge, language, credits.

The language switch is part of the static shell (its links follow every change of the URL on the
client), so only the texts here are re-rendered when the language changes.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.i18n import t
from geodata.assets import Manifest


def create_header_bar() -> html.Header:
    """The static header bar; ``HEADER_BRAND`` and ``HEADER_TOOLS`` get their texts later."""
    return html.Header(
        className="app-header",
        children=[
            html.Div(id=ids.HEADER_BRAND, className="brand"),
            html.Div(
                className="header-tools",
                children=[
                    html.Div(id=ids.HEADER_TOOLS, className="header-tools"),
                    html.Nav(
                        className="lang-switch",
                        children=[
                            dcc.Link("VI", id=ids.LANG_VI, href="?", title="Tiếng Việt"),
                            dcc.Link("EN", id=ids.LANG_EN, href="?lang=en", title="English"),
                        ],
                    ),
                ],
            ),
        ],
    )


def header_brand(lang: str) -> list[html.Span | html.Div]:
    return [
        html.Span(t("app_title", lang), className="brand-name"),
        html.Div(
            className="brand-campaign",
            children=[
                html.Span(t("campaign_name", lang), className="campaign-name"),
                html.Span(t("campaign_subtitle", lang), className="campaign-subtitle"),
            ],
        ),
    ]


def header_tools(
    *, lang: str, sample_only: bool, screens: list[tuple[str, str, bool]]
) -> list[html.Span | html.Nav | None]:
    """Sample badge and the screen links; ``screens`` holds (label, href, is_current)."""
    badge = (
        html.Span(
            t("sample_badge", lang),
            id=ids.SAMPLE_BANNER,
            className="badge badge-sample",
            title=t("sample_note", lang),
        )
        if sample_only
        else None
    )
    nav = html.Nav(
        id=ids.NAV,
        className="screen-nav",
        children=[
            dcc.Link(label, href=href, className="active" if current else "")
            for label, href, current in screens
        ],
    )
    return [nav, badge]


def footer_texts(*, lang: str, sample_only: bool, manifest: Manifest) -> list[html.Span | None]:
    """Credits the data licences ask for, and the sample-data notice."""
    sources = "; ".join(f"{a.text} ({a.licence})" for a in manifest.attribution)
    return [
        html.Span(t("sample_note", lang), className="footer-sample") if sample_only else None,
        html.Span(t("attribution", lang, sources=sources)),
    ]
