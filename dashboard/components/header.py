"""Header and footer of every page: product, campaign, screens, sample badge, language, credits.

The screen links and the language switch are part of the static shell (their links follow
every change of the URL on the client), so only the texts are re-rendered for a language.
"""

from __future__ import annotations

from dataclasses import dataclass

from dash import dcc, html

from dashboard import ids
from dashboard.i18n import t


def create_header_bar(nav_ids: list[str]) -> html.Header:
    """The static header bar; brand, screen links and tools get their texts from the URL."""
    return html.Header(
        className="app-header",
        children=[
            html.Div(id=ids.HEADER_BRAND, className="brand"),
            html.Div(
                className="header-tools",
                children=[
                    # Phones: the screens fold behind this button (assets/layout.js).
                    html.Button("☰", className="menu-toggle", title="Menu", n_clicks=0),
                    html.Nav(
                        id=ids.NAV,
                        className="screen-nav",
                        children=[dcc.Link(id=nav_id, href="/") for nav_id in nav_ids],
                    ),
                    html.Div(id=ids.HEADER_TOOLS),
                    html.Nav(
                        className="lang-switch",
                        children=[
                            # A full page load: the router renders on a new path only.
                            dcc.Link(
                                "VI", id=ids.LANG_VI, href="?", title="Tiếng Việt", refresh=True
                            ),
                            dcc.Link(
                                "EN", id=ids.LANG_EN, href="?lang=en", title="English", refresh=True
                            ),
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


@dataclass(frozen=True)
class Account:
    """The signed-in account as the header shows it, and what its sign-out form posts."""

    name: str
    role_label: str
    logout_url: str
    csrf_token: str


def header_tools(
    *, lang: str, sample_only: bool, account: Account | None = None
) -> list[html.Span | html.Form | None]:
    """The sample-data badge, while only sample data is loaded, and a sign-out button for
    a signed-in account (a form: signing out is a POST with the session's token)."""
    tools: list[html.Span | html.Form | None] = []
    if sample_only:
        tools.append(
            html.Span(
                t("sample_badge", lang),
                id=ids.SAMPLE_BANNER,
                className="badge badge-sample",
                title=t("sample_note", lang),
            )
        )
    if account is not None:
        tools.append(
            html.Form(
                id=ids.SIGN_OUT,
                className="sign-out",
                action=account.logout_url,
                method="post",
                children=[
                    dcc.Input(type="hidden", name="csrf_token", value=account.csrf_token),
                    dcc.Input(type="hidden", name="lang", value=lang),
                    html.Button(
                        t("sign_out", lang),
                        type="submit",
                        className="button-link",
                        title=t("signed_in_as", lang, name=account.name, role=account.role_label),
                    ),
                ],
            )
        )
    return tools or [None]


def footer_texts(*, lang: str, sample_only: bool) -> list[html.Span | None]:
    """Credits the data licences ask for, and the sample-data notice."""
    # In the page's language; the manifest's own credits (English) stay in geodata/sources.
    sources = t("boundary_credits", lang)
    return [
        html.Span(t("sample_note", lang), className="footer-sample") if sample_only else None,
        html.Span(t("attribution", lang, sources=sources)),
    ]
