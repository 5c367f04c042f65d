"""The import screen through its callbacks: preview, problems, refusal, import, undo."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from dashboard import ids
from dashboard.data.schema import enrollments
from tests.integration.dashclient import answer
from tests.integration.importscreen import (
    EXAMPLES,
    confirm_stored,
    download_problems,
    engine_of,
    hanoi_enrollments,
    import_app,
    signed_in,
    upload,
)
from tests.unit.server.helpers import sign_in


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return import_app(tmp_path_factory.mktemp("import"))


@pytest.fixture(scope="module")
def admin(app):
    return signed_in(app, "quantri", "mật khẩu quản trị")


def test_a_good_file_is_previewed_and_can_be_confirmed(app, admin):
    content = (EXAMPLES / "enrollments.csv").read_bytes()
    response = upload(app, content, "enrollments.csv", client=admin)
    assert response[ids.IMPORT_CONFIRM]["disabled"] is False
    assert response[ids.IMPORT_PROBLEMS]["rowData"] == []
    rows = response[ids.IMPORT_PREVIEW]["rowData"]
    assert rows and all("province_code" in row for row in rows)
    assert response[ids.IMPORT_FILE]["data"]["name"] == "enrollments.csv"
    # The browser holds a token, not the file; the checked table waits on the server.
    assert set(response[ids.IMPORT_FILE]["data"]) == {"kind", "name", "token"}


def test_a_bad_file_lists_every_problem_and_cannot_be_confirmed(app, admin):
    good = (EXAMPLES / "enrollments.csv").read_text(encoding="utf-8").splitlines()
    bad = [good[0], *(line.replace("2022", "20x2", 1) for line in good[1:])]
    response = upload(app, "\n".join(bad).encode(), "bad.csv", lang="en", client=admin)
    problems = response[ids.IMPORT_PROBLEMS]["rowData"]
    assert len(problems) >= len(good) - 1
    assert {"file", "row", "column", "value", "expected"} <= set(problems[0])
    assert problems[0]["file"] == "bad.csv"
    assert response[ids.IMPORT_CONFIRM]["disabled"] is True
    assert response[ids.IMPORT_PROBLEMS_BUTTON]["hidden"] is False
    assert response[ids.IMPORT_FILE]["data"] is None


def test_html_in_a_file_name_is_shown_as_text(app, admin):
    name = "<img src=x onerror=alert(1)>.csv"
    response = upload(app, b"not,a,valid\nfile", name, client=admin)
    texts, types = _text_nodes(response[ids.IMPORT_SUMMARY]["children"])
    # The name arrives inside one text node (Dash renders strings as text, never as markup),
    # and no component the summary is made of is an image or raw HTML.
    assert any(name in text for text in texts), texts
    assert not {"Img", "DangerouslySetInnerHTML"} & types
    assert all(isinstance(row["value"], str) for row in response[ids.IMPORT_PROBLEMS]["rowData"])


def test_confirm_without_an_account_is_refused_and_writes_nothing(app):
    ctx = app.server.config["DIEMTUA_CONTEXT"]
    with ctx.service.engine.connect() as con:
        before = con.execute(select(func.count()).select_from(enrollments)).scalar_one()
    stored = {"kind": "enrollments", "name": "enrollments.csv", "token": "a" * 32}
    response = answer(
        app,
        f"{ids.IMPORT_RESULT}.children",
        {f"{ids.IMPORT_CONFIRM}.n_clicks": 1},
        changed=f"{ids.IMPORT_CONFIRM}.n_clicks",
        state={f"{ids.IMPORT_FILE}.data": stored, f"{ids.IMPORT_URL}.search": "?lang=en"},
    )
    assert "sign in" in str(response[ids.IMPORT_RESULT]["children"]).lower()
    with ctx.service.engine.connect() as con:
        after = con.execute(select(func.count()).select_from(enrollments)).scalar_one()
    assert after == before


def confirm(app, client, content: bytes, name: str, kind: str = "enrollments"):
    """Upload (the check), then confirm: as a user does on the screen."""
    checked = upload(app, content, name, kind=kind, lang="en", client=client)
    stored = checked[ids.IMPORT_FILE]["data"]
    if stored is None:
        return checked[ids.IMPORT_SUMMARY]["children"]
    return confirm_stored(app, client, stored)[ids.IMPORT_RESULT]["children"]


def count_enrollments(app) -> int:
    with engine_of(app).connect() as con:
        return con.execute(select(func.count()).select_from(enrollments)).scalar_one()


def test_an_editor_may_import_only_their_own_province_and_undo_it(tmp_path):
    app = import_app(tmp_path)
    hanoi = hanoi_enrollments()
    assert hanoi.count(b"\n") >= 1

    hoa = signed_in(app, "hoa", "mật khẩu của hoa")  # editor of Hồ Chí Minh City (79)
    before = count_enrollments(app)
    # The rows of another province are problems of the preview: there is nothing to confirm.
    refusal = confirm(app, hoa, hanoi, "hanoi.csv")
    assert "cannot be imported" in str(refusal) and count_enrollments(app) == before
    problems = upload(app, hanoi, "hanoi.csv", lang="en", client=hoa)[ids.IMPORT_PROBLEMS]
    assert {p["expected"] for p in problems["rowData"]} == {
        "a row of your province, Thành phố Hồ Chí Minh (an editor loads only their own province)"
    }

    lan = signed_in(app, "lan", "mật khẩu của lan")  # editor of Hà Nội (01)
    result = confirm(app, lan, hanoi, "hanoi.csv")
    # The first real file sets the whole sample aside: only its own rows are counted.
    added = count_enrollments(app)
    assert added == hanoi.count(b"\n") and "added" in str(result)
    assert "sample data was set aside" in str(result)
    assert "already" in str(confirm(app, lan, hanoi, "hanoi.csv"))
    assert count_enrollments(app) == added

    log = answer(
        app,
        f"{ids.IMPORT_LOG}.rowData",
        {f"{ids.IMPORT_URL}.search": "?lang=en"},
        changed=f"{ids.IMPORT_URL}.search",
        client=lan,
    )[ids.IMPORT_LOG]["rowData"]
    newest = log[0]
    assert newest["file_name"] == "hanoi.csv"
    undo = {f"{ids.IMPORT_UNDO}.submit_n_clicks": 1}
    state = {f"{ids.IMPORT_LOG}.selectedRows": [newest], f"{ids.IMPORT_URL}.search": "?lang=en"}
    refused = answer(
        app,
        f"{ids.IMPORT_LOG}.rowData",
        undo,
        changed=f"{ids.IMPORT_UNDO}.submit_n_clicks",
        state=state,
        client=hoa,
    )
    assert "not of Hanoi (01)" in str(refused[ids.IMPORT_RESULT]["children"])
    assert count_enrollments(app) == added
    answer(
        app,
        f"{ids.IMPORT_LOG}.rowData",
        undo,
        changed=f"{ids.IMPORT_UNDO}.submit_n_clicks",
        state=state,
        client=lan,
    )
    assert count_enrollments(app) == 0  # and the sample does not come back


@pytest.mark.parametrize(
    ("kind", "file_name"),
    [
        ("enrollments", "enrollments.csv"),
        ("enrollments", "enrollments_ha_tinh.xlsx"),
        ("participants", "participants.csv"),
        ("targets", "targets.csv"),
        ("events", "events.csv"),
        ("routes", "routes.csv"),
        ("routes", "route_xe_may_01.gpx"),
    ],
)
def test_every_kind_imports_through_the_screen(tmp_path, kind, file_name):
    app = import_app(tmp_path)
    admin = signed_in(app, "quantri", "mật khẩu quản trị")
    content = (EXAMPLES / file_name).read_bytes()
    checked = upload(app, content, file_name, kind=kind, lang="en", client=admin)
    assert checked[ids.IMPORT_CONFIRM]["disabled"] is False, checked[ids.IMPORT_PROBLEMS]
    result = confirm_stored(app, admin, checked[ids.IMPORT_FILE]["data"])
    assert "added" in str(result[ids.IMPORT_RESULT]["children"])
    assert result[ids.IMPORT_LOG]["rowData"][0]["file_name"] == file_name


def test_national_rows_need_an_administrator(tmp_path):
    app = import_app(tmp_path)
    lines = (EXAMPLES / "events.csv").read_text(encoding="utf-8").splitlines()
    central = "\n".join(lines[:2]).encode()  # the central kickoff: no province

    def confirm_as(name: str, password: str) -> str:
        client = signed_in(app, name, password)
        return str(confirm(app, client, central, "kickoff.csv", kind="events"))

    assert "only an administrator" in confirm_as("lan", "mật khẩu của lan")
    assert "added" in confirm_as("quantri", "mật khẩu quản trị")


def test_the_problems_download_opens_in_excel_with_its_diacritics(app):
    rows = [{"file": "a.csv", "row": 2, "column": "Tỉnh/Thành phố", "value": "Hà Nộii"}]
    sent = download_problems(app, rows)
    content = base64.b64decode(sent["content"])
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    assert "Hà Nộii" in content.decode("utf-8-sig") and sent["filename"] == "a.csv-problems.csv"


def _text_nodes(tree: object) -> tuple[list[str], set[str]]:
    """The strings a Dash component tree renders as text, and the component types in it."""
    texts: list[str] = []
    types: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict) and "props" in node:
            types.add(node["type"])
            assert "dangerously_allow_html" not in node["props"]
            walk(node["props"].get("children"))

    walk(tree)
    return texts, types


def test_signing_in_from_the_import_screen_comes_back_and_every_screen_offers_sign_out(app):
    client = app.server.test_client()

    def layout(path: str) -> str:
        served = client.get("/_dash-layout", headers={"Referer": f"http://localhost{path}"})
        return json.dumps(served.get_json(), ensure_ascii=False)

    # The sign-in link of the import screen names the screen to come back to.
    assert "/login?next=%2Fimport%3Flang%3Den&lang=en" in layout("/import?lang=en")
    assert f'"id": "{ids.SIGN_OUT}"' not in layout("/")
    came_back = sign_in(client, "hoa", "mật khẩu của hoa", next="/import?lang=en")
    assert came_back.status_code == 303
    assert came_back.headers["Location"].endswith("/import?lang=en")
    token = client.get_cookie("_csrf_token").value
    for path in ("/", "/routes", "/events", "/import", "/launch"):
        page = layout(path)
        assert f'"id": "{ids.SIGN_OUT}"' in page, path
        assert '"action": "/logout"' in page and f'"value": "{token}"' in page
    signed_out = client.post(
        "/logout", data={"csrf_token": token}, headers={"Origin": "http://localhost"}
    )
    assert signed_out.status_code == 303
    assert f'"id": "{ids.SIGN_OUT}"' not in layout("/")
