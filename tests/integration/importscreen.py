"""The import screen's steps as the browser asks for them: an app with its accounts, a
signed-in client, upload (the check), confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.dashclient import answer
from tests.sample_scale import SMALL_SAMPLE
from tests.unit.server.helpers import add_accounts, sign_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def hanoi_enrollments() -> bytes:
    """examples/enrollments.csv cut to its header and its rows of Hà Nội (01)."""
    lines = (EXAMPLES / "enrollments.csv").read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if ",Hà Nội," in line)]).encode()


def import_app(folder: Path, *, load_sample: bool = True) -> Any:
    """An app on its own SQLite file in ``folder``, with the test accounts (quantri, hoa...).

    ``load_sample=False`` leaves the import log holding only what the test imports; else a
    small sample is there (``SMALL_SAMPLE``), for the first real file to set aside.
    """
    app = create_app(
        Settings.load(
            environ={},
            database_url=f"sqlite:///{folder / 'app.sqlite3'}",
            secure_cookies=False,
            jobs_folder=str(folder / "jobs"),
            load_sample=load_sample,
            sample_scale=SMALL_SAMPLE,
        )
    )
    add_accounts(engine_of(app))
    return app


def engine_of(app: Any) -> Any:
    """The app's database engine."""
    return app.server.config["DIEMTUA_CONTEXT"].service.engine


def signed_in(app: Any, name: str, password: str) -> Any:
    """A test client signed in as ``name``."""
    client = app.server.test_client()
    assert sign_in(client, name, password).status_code == 303
    return client


def send(
    client: Any,
    content: bytes,
    name: str,
    kind: str = "enrollments",
    lang: str = "vi",
    vehicle: str | None = None,
) -> Any:
    """POST a file to the upload endpoint as ``assets/upload.js`` does; returns the response."""
    query = {"name": name, "kind": kind, "lang": lang, "vehicle": vehicle or "file"}
    headers = {"Origin": "http://localhost", "Content-Type": "application/octet-stream"}
    token = client.get_cookie("_csrf_token")
    if token is not None:
        headers["X-CSRFToken"] = token.value
    return client.post(f"/upload?{urlencode(query)}", data=content, headers=headers)


def upload(
    app: Any, content: bytes, name: str, *, client: Any = None, **choices: Any
) -> dict[str, dict[str, Any]]:
    """Drop a file on the screen (``choices``: kind, lang, vehicle, as for :func:`send`);
    returns what the screen then shows, ``{component id: {property: value}}``."""
    response = send(client or app.server.test_client(), content, name, **choices)
    return response.get_json()["outputs"]


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
        state={f"{ids.IMPORT_PROBLEMS}.rowData": rows, f"{ids.IMPORT_FILE_NAME}.data": "a.csv"},
    )[ids.IMPORT_PROBLEMS_DOWNLOAD]["data"]
