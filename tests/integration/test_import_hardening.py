"""The import screen under careless and hostile use (issue 13: findings 1, 5, 7, 11, 13)."""

from __future__ import annotations

import base64
import json
import sqlite3
import time

import pytest
from click.testing import CliRunner
from sqlalchemy import select

import dashboard.data.db as db_module
import dashboard.data.importers.checking as checking
from dashboard import ids
from dashboard.cli import main
from dashboard.data.export import safe_csv
from dashboard.data.schema import import_undos
from dashboard.server import uploads
from tests.integration.dashclient import answer
from tests.integration.importscreen import (
    EXAMPLES,
    confirm_stored,
    download_problems,
    engine_of,
    hanoi_enrollments,
    import_app,
    signed_in,
)
from tests.integration.importscreen import upload as screen_upload

HANOI = hanoi_enrollments()


def upload(app, client, content: bytes, name: str, kind: str = "enrollments"):
    return screen_upload(app, content, name, kind=kind, lang="en", client=client)


def undo(app, client, selected):
    return answer(
        app,
        f"{ids.IMPORT_LOG}.rowData",
        {f"{ids.IMPORT_UNDO}.submit_n_clicks": 1},
        changed=f"{ids.IMPORT_UNDO}.submit_n_clicks",
        state={f"{ids.IMPORT_LOG}.selectedRows": selected, f"{ids.IMPORT_URL}.search": "?lang=en"},
        client=client,
    )


def log_of(app, client):
    return answer(
        app,
        f"{ids.IMPORT_LOG}.columnDefs",
        {f"{ids.IMPORT_URL}.search": "?lang=en"},
        changed=f"{ids.IMPORT_URL}.search",
        client=client,
    )[ids.IMPORT_LOG]["rowData"]


@pytest.fixture
def reads(monkeypatch):
    """Counts how often a file's bytes are parsed."""
    count = {"n": 0}
    original = checking._read

    def counting(*args, **kwargs):
        count["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(checking, "_read", counting)
    return count


def test_anonymous_visitors_and_viewers_cannot_make_the_server_read_a_file(tmp_path, reads):
    """Finding 1: the preview ran for anyone and read the whole workbook."""
    app = import_app(tmp_path, load_sample=False)
    for client in (app.server.test_client(), signed_in(app, "xem", "mật khẩu người xem")):
        response = upload(app, client, HANOI, "hanoi.csv")
        assert "Only provincial editors and administrators" in str(
            response[ids.IMPORT_SUMMARY]["children"]
        )
        assert response[ids.IMPORT_PREVIEW]["rowData"] == []
        assert response[ids.IMPORT_FILE]["data"] is None
    assert reads["n"] == 0


def test_a_file_is_read_once_from_upload_to_confirm(tmp_path, reads):
    """Finding 13: a file was read three times (preview, rights check, import)."""
    app = import_app(tmp_path, load_sample=False)
    lan = signed_in(app, "lan", "mật khẩu của lan")
    stored = upload(app, lan, HANOI, "hanoi.csv")[ids.IMPORT_FILE]["data"]
    again = upload(app, lan, HANOI, "hanoi.csv")[ids.IMPORT_FILE]["data"]
    assert again["token"] == stored["token"]  # kept by content: not read again
    result = confirm_stored(app, lan, stored)[ids.IMPORT_RESULT]["children"]
    assert "added" in str(result)
    assert reads["n"] == 1


def test_the_kept_table_holds_no_social_insurance_number(tmp_path):
    app = import_app(tmp_path, load_sample=False)
    lan = signed_in(app, "lan", "mật khẩu của lan")
    upload(app, lan, HANOI, "hanoi.csv")
    numbers = {line.split(",")[0] for line in HANOI.decode().splitlines()[1:]}
    kept = uploads.load_staged  # the module's own reader, as confirm uses it
    with engine_of(app).connect() as con:
        token = con.exec_driver_sql("SELECT token FROM staged_uploads").scalar_one()
    table = kept(engine_of(app), token).table
    assert "participant_ref" not in table.columns
    assert not numbers & {str(v) for v in table.columns.get("participant_hash", [])}


def test_a_large_confirm_runs_as_a_background_job_with_progress(tmp_path, monkeypatch):
    """Finding 13: the confirm of a big file ran inside the request, past proxy timeouts."""
    monkeypatch.setattr(uploads, "BACKGROUND_ROWS", 0)
    app = import_app(tmp_path, load_sample=False)
    lan = signed_in(app, "lan", "mật khẩu của lan")
    stored = upload(app, lan, HANOI, "hanoi.csv")[ids.IMPORT_FILE]["data"]
    started = confirm_stored(app, lan, stored)
    assert "in the background" in str(started[ids.IMPORT_RESULT]["children"])
    job = started[ids.IMPORT_JOB]["data"]
    assert job == {"token": stored["token"]}
    page = lan.get("/import?lang=en").get_data(as_text=True)
    config = json.loads(page.split('id="_dash-config" type="application/json">')[1].split("<")[0])
    key = next(k for k in app.callback_map if f"{ids.IMPORT_JOB_DONE}.data" in k)
    body = {
        "output": key,
        "outputs": [
            {"id": ids.IMPORT_RESULT, "property": "children@" + key.split("children@")[1][:32]},
            {"id": ids.IMPORT_JOB_DONE, "property": "data"},
        ],
        "inputs": [{"id": ids.IMPORT_JOB, "property": "data", "value": job}],
        "state": [{"id": ids.IMPORT_URL, "property": "search", "value": "?lang=en"}],
        "changedPropIds": [f"{ids.IMPORT_JOB}.data"],
    }
    headers = {"Origin": "http://localhost", "X-CSRFToken": lan.get_cookie("_csrf_token").value}
    query = {"endId": config["end_id"]}
    first = lan.post("/_dash-update-component", json=body, headers=headers, query_string=query)
    handles = first.get_json()
    assert {"cacheKey", "job"} <= set(handles)  # the request returned before the work
    query.update(cacheKey=handles["cacheKey"], job=handles["job"])
    deadline = time.monotonic() + 120
    answered = None
    while time.monotonic() < deadline:
        polled = lan.post("/_dash-update-component", json=body, headers=headers, query_string=query)
        if polled.status_code == 200 and "response" in (polled.get_json() or {}):
            answered = polled.get_json()["response"]
            break
        time.sleep(0.5)
    assert answered is not None, "the background job did not finish within 120 s"
    assert "added" in str(answered[ids.IMPORT_RESULT]["children"])
    assert log_of(app, lan)[0]["file_name"] == "hanoi.csv"


def test_undo_and_the_log_obey_province_rights_and_undo_records_who(tmp_path):
    """Finding 7: an editor could undo another province's empty import, and saw every
    province's log with who loaded it."""
    app = import_app(tmp_path, load_sample=False)
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    confirm_stored(app, admin, upload(app, admin, HANOI, "hanoi.csv")[ids.IMPORT_FILE]["data"])
    # Other rows (another channel), the same participants: adds 0. (The same rows with CRLF
    # would be the same file, and already imported.)
    same_people = HANOI.replace("Bưu điện".encode(), "Trực tuyến".encode())
    assert same_people != HANOI
    again = upload(app, admin, same_people, "again.csv")[ids.IMPORT_FILE]["data"]
    result = confirm_stored(app, admin, again)
    assert "0 added" in str(result[ids.IMPORT_RESULT]["children"])
    log = log_of(app, admin)
    empty, hanoi = log[0], log[1]
    assert empty["added_count"] == 0 and empty["imported_by"] == "quantri"

    hoa = signed_in(app, "hoa", "mật khẩu của hoa")  # editor of province 79
    refused = undo(app, hoa, [empty])
    assert "only whoever loaded it or an administrator" in str(
        refused[ids.IMPORT_RESULT]["children"]
    )
    assert "not of Hanoi (01)" in str(undo(app, hoa, [hanoi])[ids.IMPORT_RESULT]["children"])
    assert log_of(app, hoa) == []  # no import of province 79

    lan = signed_in(app, "lan", "mật khẩu của lan")  # editor of Hà Nội (01)
    seen = log_of(app, lan)
    assert [row["id"] for row in seen] == [hanoi["id"]]
    assert seen[0]["imported_by"] == ""  # who loaded it: for administrators
    undo(app, lan, [hanoi])
    with engine_of(app).connect() as con:
        undone = con.execute(select(import_undos)).mappings().all()
    assert [(row["import_id"], row["undone_by"]) for row in undone] == [(hanoi["id"], "lan")]


def test_errors_a_user_can_cause_have_messages(tmp_path):
    """Finding 11: an unknown kind and a non-numeric undo id answered HTTP 500."""
    app = import_app(tmp_path, load_sample=False)
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    unknown = upload(app, admin, HANOI, "hanoi.csv", kind="bogus")
    assert "Unknown kind of data" in str(unknown[ids.IMPORT_SUMMARY]["children"])
    bad = undo(app, admin, [{"id": "1 OR 1=1"}])
    assert "not valid" in str(bad[ids.IMPORT_RESULT]["children"])


def test_a_database_locked_too_long_gets_a_message_on_screen_and_in_the_cli(tmp_path, monkeypatch):
    """Finding 11: a lock held over the busy timeout gave HTTP 500, and the CLI raw SQL."""
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_S", 1)
    app = import_app(tmp_path, load_sample=False)
    lan = signed_in(app, "lan", "mật khẩu của lan")
    stored = upload(app, lan, HANOI, "hanoi.csv")[ids.IMPORT_FILE]["data"]
    holder = sqlite3.connect(tmp_path / "app.sqlite3")
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = confirm_stored(app, lan, stored)[ids.IMPORT_RESULT]["children"]
        cli = CliRunner().invoke(
            main,
            [
                "import",
                "enrollments",
                str(EXAMPLES / "enrollments.csv"),
                "--database",
                f"sqlite:///{tmp_path / 'app.sqlite3'}",
            ],
        )
    finally:
        holder.rollback()
        holder.close()
    assert "The database is busy" in str(busy)
    assert cli.exit_code == 1
    assert "busy" in cli.output and "[SQL" not in cli.output and "INSERT" not in cli.output


def test_every_csv_the_app_writes_neutralises_formulas(tmp_path):
    """Finding 5: the problems CSV wrote ``=HYPERLINK(...)`` and ``=cmd|...`` verbatim."""
    app = import_app(tmp_path, load_sample=False)
    hostile = [
        '=HYPERLINK("http://evil.example","x")',
        "=cmd|' /C calc'!A0",
        "+1",
        "-1+2",
        "@SUM(A1)",
        "\tTab",
        "\rCR",
        "Hà Nội",
    ]
    rows = [{"file": "a.csv", "row": n, "column": "c", "value": v} for n, v in enumerate(hostile)]
    sent = download_problems(app, rows)
    text = base64.b64decode(sent["content"]).decode("utf-8-sig")
    values = [line.split(",", 3)[3] for line in text.splitlines()[1:] if line.count(",") >= 3]
    assert all(not v.lstrip('"').startswith(("=", "+", "-", "@")) for v in values), values
    assert "'=cmd|' /C calc'!A0" in text and "Hà Nội" in text
    assert "\nc,a.csv,0," in text  # numbers stay numbers


def test_safe_csv_leaves_numbers_and_plain_text_alone():
    import pandas as pd

    frame = pd.DataFrame({"=name": ["=1+1", "Hà Nội", "-x"], "count": [-5, 3, 0]})
    text = safe_csv(frame)
    assert text.splitlines() == ["'=name,count", "'=1+1,-5", "Hà Nội,3", "'-x,0"]
