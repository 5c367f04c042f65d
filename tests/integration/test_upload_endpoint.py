"""``POST /upload``: the file streamed to the server, checked once, kept in the database until
any worker confirms it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from dashboard import ids
from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.schema import enrollments, imports
from dashboard.server.tables import staged_uploads
from tests import form_files as ff
from tests.integration.importscreen import (
    confirm_stored,
    engine_of,
    hanoi_enrollments,
    import_app,
    send,
    signed_in,
)
from tests.sample_scale import SMALL_SAMPLE
from tests.services import postgres_schema, postgres_server_url
from tests.unit.server.helpers import add_accounts

HANOI = hanoi_enrollments()
QUERY = urlencode({"name": "hanoi.csv", "kind": "enrollments", "lang": "en"})


class CountingBody(io.BytesIO):
    """A request body that tells how many of its bytes the server read."""

    @property
    def read_bytes(self) -> int:
        return self.tell()


def post(client, body: CountingBody, *, length: int | None, csrf: str | None = "cookie", **extra):
    """POST ``body`` to the endpoint as a stream; ``csrf``: "cookie" sends the session's token."""
    headers = {"Origin": "http://localhost", "Content-Type": "application/octet-stream"}
    token = client.get_cookie("_csrf_token")
    if csrf == "cookie" and token is not None:
        headers["X-CSRFToken"] = token.value
    elif csrf not in (None, "cookie"):
        headers["X-CSRFToken"] = csrf
    environ = {"wsgi.input": body, "wsgi.input_terminated": True}
    if length is not None:
        environ["CONTENT_LENGTH"] = str(length)
    return client.post(f"/upload?{QUERY}", headers=headers, environ_overrides=environ, **extra)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return import_app(tmp_path_factory.mktemp("upload"), load_sample=False)


def test_anonymous_visitors_and_viewers_are_refused_before_the_body_is_read(app):
    viewer = signed_in(app, "xem", "mật khẩu người xem")
    for client, status in ((app.server.test_client(), 401), (viewer, 403)):
        body = CountingBody(HANOI)
        response = post(client, body, length=len(HANOI))
        assert response.status_code == status
        assert body.read_bytes == 0
        outputs = response.get_json()["outputs"]
        assert "Only provincial editors and administrators" in str(outputs[ids.IMPORT_SUMMARY])
        assert outputs[ids.IMPORT_FILE]["data"] is None
        assert outputs[ids.IMPORT_CONFIRM]["disabled"] is True


def test_an_upload_without_the_sessions_token_is_refused(app):
    lan = signed_in(app, "lan", "mật khẩu của lan")
    for csrf in (None, "not-the-token"):
        body = CountingBody(HANOI)
        response = post(lan, body, length=len(HANOI), csrf=csrf)
        assert response.status_code == 403
        assert body.read_bytes == 0
        assert "did not come from the app's own page" in response.get_data(as_text=True)
    with engine_of(app).connect() as con:
        assert con.execute(select(func.count()).select_from(staged_uploads)).scalar_one() == 0


def test_a_body_over_the_bound_is_refused_with_413_announced_or_not(tmp_path):
    app = import_app(tmp_path, load_sample=False)
    limit = app.server.config["DIEMTUA_CONTEXT"].settings.max_upload_mb * 1024 * 1024
    lan = signed_in(app, "lan", "mật khẩu của lan")
    big = HANOI + b"\n" * (limit + 1 - len(HANOI))
    before = set(Path(tempfile.gettempdir()).glob("upload-*"))

    announced = CountingBody(big)
    response = post(lan, announced, length=len(big))
    assert response.status_code == 413
    assert announced.read_bytes == 0  # refused by its Content-Length
    assert "at most" in str(response.get_json()["outputs"][ids.IMPORT_SUMMARY])

    chunked = CountingBody(big)  # no Content-Length: counted while read, then refused
    response = post(lan, chunked, length=None)
    assert response.status_code == 413
    assert 0 < chunked.read_bytes <= limit + 1024 * 1024
    assert set(Path(tempfile.gettempdir()).glob("upload-*")) == before  # nothing left behind


def test_the_same_file_uploaded_again_is_the_same_staged_upload(app):
    lan = signed_in(app, "lan", "mật khẩu của lan")
    first = send(lan, HANOI, "hanoi.csv", lang="en")
    again = send(lan, HANOI, "hanoi.csv", lang="en")
    assert first.status_code == again.status_code == 200
    token = first.get_json()["outputs"][ids.IMPORT_FILE]["data"]["token"]
    assert again.get_json()["outputs"][ids.IMPORT_FILE]["data"]["token"] == token
    with engine_of(app).connect() as con:
        kept = con.execute(select(func.count()).select_from(staged_uploads)).scalar_one()
    assert kept == 1


@pytest.fixture
def postgres_url():
    with postgres_schema(postgres_server_url(), "diemtua_upload") as (url, _, _):
        yield url


def _worker(url: str, jobs: Path):
    settings = Settings.load(
        environ={},
        database_url=url,
        secure_cookies=False,
        jobs_folder=str(jobs),
        load_sample=False,
        sample_scale=SMALL_SAMPLE,
    )
    return create_app(settings)


@pytest.mark.postgres
def test_a_form_staged_by_one_worker_is_confirmed_by_another_all_at_once(postgres_url, tmp_path):
    first, second = _worker(postgres_url, tmp_path), _worker(postgres_url, tmp_path)
    add_accounts(engine_of(first))
    admin = signed_in(first, "quantri", "mật khẩu quản trị")
    response = send(admin, ff.d05().xlsx(), "d05.xlsx", kind="auto", lang="en")
    assert response.status_code == 200
    outputs = response.get_json()["outputs"]
    assert outputs[ids.IMPORT_CONFIRM]["disabled"] is False
    assert "3 new participants" in str(outputs[ids.IMPORT_SUMMARY])
    stored = outputs[ids.IMPORT_FILE]["data"]

    # The same browser's next request lands on the other worker: its session and the
    # staged table are both in the database.
    other = second.server.test_client()
    for name in ("diemtua_session", "_csrf_token"):
        other.set_cookie(name, admin.get_cookie(name).value)
    result = confirm_stored(second, other, stored)[ids.IMPORT_RESULT]["children"]
    assert "3 rows read, 3 added" in str(result)
    engine = engine_of(second)
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(enrollments)).scalar_one() == 3
        assert con.execute(select(func.count()).select_from(imports)).scalar_one() == 1
        assert con.execute(select(func.count()).select_from(staged_uploads)).scalar_one() == 0
    # Confirmed once: pressing Confirm again on the first worker writes nothing more.
    again = confirm_stored(first, admin, stored)[ids.IMPORT_RESULT]["children"]
    assert "expired" in str(again).lower() or "no longer" in str(again).lower()
    with engine.connect() as con:
        assert con.execute(select(func.count()).select_from(enrollments)).scalar_one() == 3
