"""The import screen's steps as the browser asks for them: an app with its accounts, a
signed-in client, upload (the check), confirm."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

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


def data_url(content: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(content).decode()


def upload(
    app: Any,
    content: bytes,
    name: str,
    kind: str = "enrollments",
    lang: str = "vi",
    client: Any = None,
    vehicle: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Drop a file on the screen (with the vehicle type chosen, if given); returns the check's
    outputs."""
    inputs = {f"{ids.IMPORT_UPLOAD}.contents": data_url(content), f"{ids.IMPORT_KIND}.value": kind}
    if vehicle is not None:
        inputs[f"{ids.IMPORT_VEHICLE_TYPE}.value"] = vehicle
    return answer(
        app,
        f"{ids.IMPORT_PREVIEW}.rowData",
        inputs,
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
