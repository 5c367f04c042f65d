"""Every setting of the dashboard, declared once: name, default, help.

Settings are read from environment variables (``DIEMTUA_<NAME>``; ``DATABASE_URL`` and
``REDIS_URL`` are also accepted bare, as hosting platforms set them) and may be overridden
by the command line. The README's configuration table is checked against ``SETTINGS`` by a test.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from dashboard.domain import (
    CAMPAIGN_DEADLINE,
    CAMPAIGN_START,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    NATIONAL_TARGET,
    Campaign,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "DIEMTUA_"


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true/false, got {text!r}")


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def normalise_url_prefix(text: str) -> str:
    """A path prefix as Dash wants it: ``/`` or ``/name/`` (slashes added where missing)."""
    parts = [part for part in text.strip().split("/") if part]
    return "/" + "".join(f"{part}/" for part in parts)


def _scale(text: str) -> float:
    value = float(text.strip())
    if not 0 < value <= 10:
        raise ValueError(f"expected a number above 0 and at most 10, got {text!r}")
    return value


def _optional_count(text: str) -> int | None:
    """A whole number, or None for an empty value (no target set)."""
    return int(text) if text.strip() else None


def _language(text: str) -> str:
    value = text.strip().lower()
    if value not in LANGUAGES:
        raise ValueError(f"expected {' or '.join(map(repr, LANGUAGES))}, got {text!r}")
    return value


@dataclass(frozen=True)
class Setting:
    """One configurable value: its name, default, help text and parser."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    bare_env: bool = False  # also read from the un-prefixed variable (DATABASE_URL)

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        f"sqlite:///{REPO_ROOT / 'instance' / 'diemtua.sqlite3'}",
        "SQLAlchemy URL of the database; SQLite by default, postgresql://... for several workers.",
        bare_env=True,
    ),
    Setting("host", "127.0.0.1", "Address the development server listens on."),
    Setting("port", 8050, "Port the development server listens on.", int),
    Setting(
        "debug", False, "Dash debug mode (hot reload, error pop-ups). Never in production.", _bool
    ),
    Setting(
        "load_sample",
        True,
        "Fill an empty database with the deterministic sample data at start-up.",
        _bool,
    ),
    Setting(
        "sample_scale",
        1.0,
        "Size of the sample against the published campaign (1: the published totals; 0.1: a "
        "tenth, quicker to write).",
        _scale,
    ),
    Setting(
        "national_target", NATIONAL_TARGET, "National target of new voluntary participants.", int
    ),
    Setting(
        "hhi_target",
        None,
        "National target of new household health insurance participants; empty: none set "
        "(the screens say so).",
        _optional_count,
    ),
    Setting("campaign_start", CAMPAIGN_START, "First day of the campaign (ISO date).", _date),
    Setting(
        "campaign_deadline",
        CAMPAIGN_DEADLINE,
        "Day by which the national target should be reached (ISO date).",
        _date,
    ),
    Setting(
        "default_language",
        DEFAULT_LANGUAGE,
        "Language of the interface when the URL names none (vi or en).",
        _language,
    ),
    Setting(
        "assets_folder",
        str(REPO_ROOT / "assets"),
        "Folder served as /assets/ (CSS, map style, boundary files).",
    ),
    Setting(
        "redis_url",
        "",
        "Redis URL for the shared cache; empty means an in-process cache.",
        bare_env=True,
    ),
    Setting(
        "participant_salt",
        "diemtua-2022",
        "Salt of the hash that stands in for social insurance numbers; set your own, keep it.",
    ),
    Setting(
        "participant_key",
        "",
        "Secret key of the participant hash (HMAC), kept outside the database; if empty, the "
        "key file below is used (generated at first start, owner-only).",
    ),
    Setting(
        "participant_key_file",
        str(REPO_ROOT / "instance" / "participant.key"),
        "File holding the participant key when participant_key is empty; back it up apart "
        "from the database.",
    ),
    Setting(
        "secret_key",
        "",
        "Key that signs session cookies and cached results; if empty, one is generated once and "
        "kept in the database, so every worker and machine shares it.",
    ),
    Setting("workers", 2, "Worker processes of `make serve` (gunicorn).", int),
    Setting(
        "access_log",
        False,
        "make serve: write an access log (with client addresses) to standard output.",
        _bool,
    ),
    Setting(
        "url_prefix",
        "/",
        "Path under which users reach the app, e.g. /diemtua/ behind a reverse proxy.",
        normalise_url_prefix,
    ),
    Setting(
        "proxy_hops",
        0,
        "Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).",
        int,
    ),
    Setting(
        "anonymous_viewing",
        True,
        "Anyone may view the dashboard without signing in; off: viewers need an account too.",
        _bool,
    ),
    Setting(
        "secure_cookies",
        True,
        "Send the session cookie over HTTPS only; turn off to sign in over plain http locally.",
        _bool,
    ),
    Setting("max_upload_mb", 20, "Largest file accepted for import, in megabytes.", int),
    Setting(
        "jobs_folder",
        str(REPO_ROOT / "instance" / "jobs"),
        "Folder where large imports run as background jobs report to the page (shared by "
        "the workers of one machine).",
    ),
    Setting(
        "refresh_seconds", 15, "How often an open dashboard checks for new imports (seconds).", int
    ),
    Setting("tour_seconds", 12, "Presenter mode: seconds per stop of the automatic tour.", int),
)


def _setting_names() -> set[str]:
    return {s.name for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """The resolved settings of one app instance (tests build their own)."""

    database_url: str
    host: str
    port: int
    debug: bool
    load_sample: bool
    sample_scale: float
    national_target: int
    hhi_target: int | None
    campaign_start: dt.date
    campaign_deadline: dt.date
    default_language: str
    assets_folder: str
    redis_url: str
    participant_salt: str
    participant_key: str
    participant_key_file: str
    secret_key: str
    workers: int
    access_log: bool
    url_prefix: str
    proxy_hops: int
    anonymous_viewing: bool
    secure_cookies: bool
    max_upload_mb: int
    jobs_folder: str
    refresh_seconds: int
    tour_seconds: int

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, then the environment, then explicit overrides.

        Raises:
            ValueError: an environment variable holds a value its setting cannot parse;
                the message names the variable.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env_var)
            if raw is None and setting.bare_env:
                raw = env.get(setting.name.upper())
            if raw is None:
                values[setting.name] = setting.default
                continue
            try:
                values[setting.name] = setting.parse(raw)
            except ValueError as exc:
                raise ValueError(f"{setting.env_var}: {exc}") from None
        unknown = set(overrides) - _setting_names()
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def campaign(self) -> Campaign:
        """The campaign window and national targets these settings name."""
        return Campaign(
            self.campaign_start, self.campaign_deadline, self.national_target, self.hhi_target
        )
