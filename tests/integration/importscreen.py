"""The import screen's steps as the browser asks for them: upload (the check), confirm."""

from __future__ import annotations

import base64
from typing import Any

from dashboard import ids
from tests.integration.dashclient import answer


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


def upload(
    app: Any,
    content: bytes,
    name: str,
    kind: str = "enrollments",
    lang: str = "vi",
    client: Any = None,
) -> dict[str, dict[str, Any]]:
    """Drop a file on the screen; returns the check's outputs."""
    return answer(
        app,
        f"{ids.IMPORT_PREVIEW}.rowData",
        {f"{ids.IMPORT_UPLOAD}.contents": data_url(content), f"{ids.IMPORT_KIND}.value": kind},
        changed=f"{ids.IMPORT_UPLOAD}.contents",
        state={
            f"{ids.IMPORT_UPLOAD}.filename": name,
            f"{ids.IMPORT_URL}.search": "?lang=en" if lang == "en" else "",
        },
        client=client,
    )


def confirm_stored(app: Any, client: Any, stored: Any) -> dict[str, dict[str, Any]]:
    """Press Confirm with ``stored`` (the check's ``IMPORT_FILE`` data); English messages."""
    return answer(
        app,
        f"{ids.IMPORT_RESULT}.children",
        {f"{ids.IMPORT_CONFIRM}.n_clicks": 1},
        changed=f"{ids.IMPORT_CONFIRM}.n_clicks",
        state={f"{ids.IMPORT_FILE}.data": stored, f"{ids.IMPORT_URL}.search": "?lang=en"},
        client=client,
    )


def download_problems(app: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Press "Download problems" with ``rows`` in the problems table (file "a.csv")."""
    return answer(
        app,
        f"{ids.IMPORT_PROBLEMS_DOWNLOAD}.data",
        {f"{ids.IMPORT_PROBLEMS_BUTTON}.n_clicks": 1},
        changed=f"{ids.IMPORT_PROBLEMS_BUTTON}.n_clicks",
        state={f"{ids.IMPORT_PROBLEMS}.rowData": rows, f"{ids.IMPORT_UPLOAD}.filename": "a.csv"},
    )[ids.IMPORT_PROBLEMS_DOWNLOAD]["data"]
