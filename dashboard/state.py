"""What the screen shows, as a value that round-trips through the URL's query string.

The URL is the single source of truth: a link or a bookmark opens exactly the same view,
and the browser's back and forward buttons move between views.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal, cast
from urllib.parse import parse_qsl, urlencode

from dashboard.i18n import LANGUAGES

Metric = Literal["new_enrollments", "per_10k"]
METRICS: Final[tuple[Metric, ...]] = ("new_enrollments", "per_10k")


@dataclass(frozen=True)
class ViewState:
    """One view of the dashboard. Defaults are left out of the URL to keep links short."""

    lang: str = "vi"
    metric: Metric = "new_enrollments"
    province: str | None = None

    @classmethod
    def from_query(
        cls,
        search: str | None,
        *,
        default_lang: str = "vi",
        known_provinces: frozenset[str] = frozenset(),
    ) -> ViewState:
        """Parse ``?lang=en&metric=per_10k&province=01``; bad values fall back to defaults.

        A hand-edited or outdated link must still open a sensible view, so nothing here raises.
        """
        params = dict(parse_qsl((search or "").lstrip("?")))
        lang = params.get("lang", default_lang)
        metric = params.get("metric", "new_enrollments")
        province = params.get("province")
        return cls(
            lang=lang if lang in LANGUAGES else default_lang,
            metric=cast(Metric, metric) if metric in METRICS else "new_enrollments",
            province=province if province in known_provinces else None,
        )

    def to_query(self, *, default_lang: str = "vi") -> str:
        """The query string (with its leading "?", or "" for the default view)."""
        params: dict[str, str] = {}
        if self.lang != default_lang:
            params["lang"] = self.lang
        if self.metric != "new_enrollments":
            params["metric"] = self.metric
        if self.province:
            params["province"] = self.province
        return f"?{urlencode(params)}" if params else ""

    def with_province(self, province: str | None) -> ViewState:
        return replace(self, province=province)

    def with_metric(self, metric: Metric) -> ViewState:
        return replace(self, metric=metric)

    def with_lang(self, lang: str) -> ViewState:
        return replace(self, lang=lang)
