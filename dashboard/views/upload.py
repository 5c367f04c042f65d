"""The import screen: upload a file, see its first rows and every problem, then confirm.

The browser sends the chosen file as the body of ``POST /upload`` (``assets/upload.js``),
streamed to a temporary file on the server, never as base64 inside a callback; the checked
table waits in the database under a token, so Confirm works on whichever worker gets it.

Nothing is written until the user confirms, and the confirm step checks the file again and
the account's rights for every province the file touches (a provincial editor may load only
their own province). Problems are listed in full and can be downloaded as CSV. After an
import the other screens pick the new data up on their next refresh: no restart.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import dash_ag_grid as dag
import flask
import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update
from dash._utils import to_json

from dashboard import ids
from dashboard.components.grid_locale import grid_locale
from dashboard.context import AppContext
from dashboard.data.export import safe_csv
from dashboard.data.importers import Preview, Upload
from dashboard.domain import IMPORT_KINDS
from dashboard.i18n import format_number, normalise_language, t
from dashboard.server import uploads
from dashboard.server.auth import current_user
from dashboard.state import ViewState
from dashboard.views.import_preview import officer_rows, problem_columns
from dashboard.views.upload_job import register_background_confirm

VEHICLES = ("car", "motorbike")


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    lang = state.lang
    return html.Main(
        className="app-main import-screen",
        children=[
            dcc.Location(id=ids.IMPORT_URL, refresh="callback-nav"),
            dcc.Store(id=ids.IMPORT_FILE),
            dcc.Store(id=ids.IMPORT_FILE_NAME),
            dcc.Store(id=ids.IMPORT_JOB),
            dcc.Store(id=ids.IMPORT_JOB_DONE),
            dcc.Download(id=ids.IMPORT_PROBLEMS_DOWNLOAD),
            html.Section(
                className="card import-card",
                children=[
                    html.H1(t("import_title", lang), className="view-title"),
                    html.P(t("import_intro", lang), className="view-subtitle"),
                    _account_line(state, ctx),
                    html.Label(t("import_kind", lang), htmlFor=ids.IMPORT_KIND),
                    dcc.Dropdown(
                        id=ids.IMPORT_KIND,
                        options=[
                            {"label": t(f"kind_{k}", lang), "value": k}
                            for k in (uploads.AUTO, *IMPORT_KINDS)
                        ],
                        value=uploads.AUTO,
                        clearable=False,
                    ),
                    html.Label(t("import_vehicle_type", lang), htmlFor=ids.IMPORT_VEHICLE_TYPE),
                    dcc.Dropdown(
                        id=ids.IMPORT_VEHICLE_TYPE,
                        options=[
                            {"label": t("vehicle_from_file", lang), "value": uploads.FROM_FILE},
                            *({"label": t(f"vehicle_{v}", lang), "value": v} for v in VEHICLES),
                        ],
                        value=uploads.FROM_FILE,
                        clearable=False,
                    ),
                    dcc.Store(id=ids.IMPORT_CHOICE),
                    _upload_zone(lang, ctx.settings.max_upload_mb),
                    html.Div(id=ids.IMPORT_SUMMARY, className="import-summary", role="status"),
                    html.Div(
                        className="import-actions",
                        children=[
                            html.Button(
                                t("import_confirm", lang),
                                id=ids.IMPORT_CONFIRM,
                                className="button-primary",
                                disabled=True,
                            ),
                            html.Button(
                                t("import_download_problems", lang),
                                id=ids.IMPORT_PROBLEMS_BUTTON,
                                className="button-secondary",
                                hidden=True,
                            ),
                        ],
                    ),
                    html.Div(id=ids.IMPORT_RESULT, className="import-result", role="status"),
                    html.Div(id=ids.IMPORT_PROGRESS, className="import-progress", role="status"),
                ],
            ),
            html.Section(
                className="card import-tables",
                children=[
                    html.H2(t("import_problems", lang)),
                    _grid(ids.IMPORT_PROBLEMS, lang, height="260px"),
                    html.H2(t("import_preview", lang)),
                    _grid(ids.IMPORT_PREVIEW, lang, height="300px"),
                ],
            ),
            html.Section(
                className="card import-log",
                children=[
                    html.Div(
                        className="card-head",
                        children=[
                            html.H2(t("import_log", lang)),
                            # The browser asks before an import's rows are taken out.
                            dcc.ConfirmDialogProvider(
                                html.Button(t("import_undo", lang), className="button-secondary"),
                                id=ids.IMPORT_UNDO,
                                message=t("import_undo_confirm", lang),
                            ),
                        ],
                    ),
                    _grid(ids.IMPORT_LOG, lang, height="300px", selectable=True),
                ],
            ),
        ],
    )


def _upload_zone(lang: str, max_upload_mb: int) -> html.Div:
    """Where a file is dropped or chosen; ``assets/upload.js`` adds the file input (Dash has
    no component for one that does not read the file into the page), sends the file to
    ``POST /upload`` and reads its words and bound from the data attributes."""
    data: dict[str, Any] = {
        "data-accept": ".csv,.xlsx,.gpx,.kml,.zip",
        "data-max-bytes": str(max_upload_mb * 1024 * 1024),
        "data-lang": lang,
        "data-sending": t("import_sending", lang),
        "data-checking": t("import_checking", lang),
        "data-too-large": t("too_large", lang, limit=max_upload_mb),
        "data-failed": t("import_send_failed", lang),
    }
    return html.Div(
        t("import_drop", lang, mb=max_upload_mb),
        id=ids.IMPORT_UPLOAD,
        className="upload-zone",
        role="button",
        tabIndex="0",
        **data,
    )


def _account_line(state: ViewState, ctx: AppContext) -> html.P:
    """Who is signed in, or a link to sign in that comes back here: importing needs an
    editor's account."""
    lang = state.lang
    user = current_user()
    root = ctx.settings.url_prefix.rstrip("/")
    if user is None:
        back = root + "/import" + state.to_query(default_lang=ctx.default_lang)
        login = f"{root}/login?{urlencode({'next': back, 'lang': lang})}"
        return html.P(
            [t("import_sign_in_needed", lang), " ", html.A(t("sign_in", lang), href=login)],
            className="note",
        )
    where = user.province_code or t("all_provinces", lang)
    return html.P(t("import_signed_in_as", lang, name=user.name, role=user.role, where=where))


def _grid(component_id: str, lang: str, *, height: str, selectable: bool = False) -> dag.AgGrid:
    options: dict[str, Any] = {"animateRows": False, "localeText": grid_locale(lang)}
    if selectable:
        options["rowSelection"] = {"mode": "singleRow"}
    return dag.AgGrid(
        id=component_id,
        rowData=[],
        columnDefs=[],
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 110},
        dashGridOptions=options,
        className="ag-theme-alpine",
        style={"height": height},
    )


def problem_rows(checked: Preview, lang: str) -> list[dict[str, Any]]:
    """Problems as table rows; values are plain strings (the grid shows text, never HTML)."""
    return [
        {
            "file": problem.file,
            "row": problem.row,
            "column": problem.column,
            "value": "" if problem.value is None else str(problem.value),
            "expected": problem.expected_in(lang),
            "message": problem.message(lang),
        }
        for problem in checked.problems
    ]


def _columns(keys: list[str], lang: str, labels: dict[str, str] | None = None) -> list[dict]:
    return [{"field": key, "headerName": (labels or {}).get(key, key)} for key in keys]


def checked_outputs(checked: uploads.Checked, name: str, lang: str) -> Outputs:
    """What the screen shows of a checked upload: summary, preview, problems, Confirm."""
    shown = checked.preview
    rows, columns = officer_rows(shown, lang)
    if shown.already is not None:
        summary = t("import_already", lang, name=name, id=shown.already.id)
    elif shown.ok:
        summary = t("import_ready", lang, name=name, rows=format_number(shown.row_count, lang))
    else:
        summary = t(
            "import_rejected", lang, name=name, count=format_number(shown.problem_count, lang)
        )
    notes = [w.in_language(lang) for w in shown.warnings]
    if shown.description is not None:
        notes.insert(0, t("import_recognised", lang, what=shown.description.in_language(lang)))
    stored = {"kind": shown.kind, "name": name, "token": checked.token} if checked.token else None
    return _outputs(
        stored,
        name,
        [html.Strong(summary), *[html.P(note, className="note") for note in notes]],
        (rows, columns),
        (problem_rows(shown, lang), problem_columns(lang)),
        confirmable=checked.token is not None,
        problems_hidden=shown.ok,
    )


def refused_outputs(message: str, name: str | None) -> Outputs:
    """The screen after a refused or unreadable upload: the reason, nothing to confirm."""
    return _outputs(None, name, html.Strong(message), ([], []), ([], []))


Outputs = dict[str, dict[str, Any]]


def _outputs(
    stored: dict[str, Any] | None,
    name: str | None,
    summary: Any,
    preview: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    problems: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    *,
    confirmable: bool = False,
    problems_hidden: bool = True,
) -> Outputs:
    """``{component id: {property: value}}``, as a callback's answer is; the browser sets them."""
    return {
        ids.IMPORT_FILE: {"data": stored},
        ids.IMPORT_FILE_NAME: {"data": name},
        ids.IMPORT_SUMMARY: {"children": summary},
        ids.IMPORT_PREVIEW: {"rowData": preview[0], "columnDefs": preview[1]},
        ids.IMPORT_PROBLEMS: {"rowData": problems[0], "columnDefs": problems[1]},
        ids.IMPORT_CONFIRM: {"disabled": not confirmable},
        ids.IMPORT_PROBLEMS_BUTTON: {"hidden": problems_hidden},
        ids.IMPORT_RESULT: {"children": ""},
        ids.IMPORT_PROGRESS: {"children": ""},
    }


def register_upload_endpoint(app: Dash, ctx: AppContext) -> None:
    """``POST /upload``: the file as the request body, its name, kind and vehicle type in the
    query string; answers the screen's outputs as JSON (``assets/upload.js`` sets them).

    Who may upload is asked before a byte of the body is read (401 anonymous, 403 viewer);
    the anti-forgery token is checked with the callbacks' (``security.py``); a body over
    ``max_upload_mb`` is refused with 413, by its Content-Length or while it is read.
    """
    settings = ctx.settings
    engine = ctx.service.engine
    limit = settings.max_upload_mb * 1024 * 1024

    def answer(outputs: Outputs, status: int = 200) -> flask.Response:
        return flask.Response(to_json({"outputs": outputs}), status, mimetype="application/json")

    def receive_upload() -> flask.Response:
        request = flask.request
        lang = normalise_language(request.args.get("lang") or settings.default_language)
        name = request.args.get("name") or "upload"
        try:
            uploads.editor(lang)
        except uploads.StepRefused as refusal:
            status = 401 if current_user() is None else 403
            return answer(refused_outputs(str(refusal), name), status)
        try:
            received = uploads.receive(request.stream, limit, request.content_length)
        except uploads.TooLarge:
            message = t("too_large", lang, limit=settings.max_upload_mb)
            return answer(refused_outputs(message, name), 413)
        try:
            upload = Upload(
                request.args.get("kind"),
                file_name=name,
                vehicle_type=request.args.get("vehicle"),
            )
            salt, key = settings.participant_salt, ctx.participant_key
            checked = uploads.check(engine, received, upload, salt, key, lang)
        except uploads.StepRefused as refusal:
            return answer(refused_outputs(str(refusal), name), 400)
        finally:
            received.path.unlink(missing_ok=True)
        return answer(checked_outputs(checked, name, lang))

    app.server.add_url_rule(uploads.UPLOAD_PATH, "diemtua_upload", receive_upload, methods=["POST"])


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    engine = ctx.service.engine
    salt, key = ctx.settings.participant_salt, ctx.participant_key

    def lang_of(search: str | None) -> str:
        return ctx.read_view(search).lang

    register_upload_endpoint(app, ctx)
    # A new kind or vehicle type checks the chosen file again (``assets/upload.js``).
    app.clientside_callback(
        ClientsideFunction(namespace="diemtua", function_name="uploadChoice"),
        Output(ids.IMPORT_CHOICE, "data"),
        Input(ids.IMPORT_KIND, "value"),
        Input(ids.IMPORT_VEHICLE_TYPE, "value"),
    )

    @app.callback(
        Output(ids.IMPORT_PROBLEMS_DOWNLOAD, "data"),
        Input(ids.IMPORT_PROBLEMS_BUTTON, "n_clicks"),
        State(ids.IMPORT_PROBLEMS, "rowData"),
        State(ids.IMPORT_FILE_NAME, "data"),
        prevent_initial_call=True,
    )
    def download_problems(_n: int | None, rows: list[dict[str, Any]], name: str | None) -> Any:
        text = safe_csv(pd.DataFrame(rows or []))
        # With a byte-order mark, Excel opens the Vietnamese text as UTF-8.
        return dcc.send_bytes(text.encode("utf-8-sig"), f"{name or 'upload'}-problems.csv")

    @app.callback(
        Output(ids.IMPORT_RESULT, "children"),
        Output(ids.IMPORT_CONFIRM, "disabled", allow_duplicate=True),
        Output(ids.IMPORT_LOG, "rowData", allow_duplicate=True),
        Output(ids.IMPORT_JOB, "data"),
        Input(ids.IMPORT_CONFIRM, "n_clicks"),
        State(ids.IMPORT_FILE, "data"),
        State(ids.IMPORT_URL, "search"),
        prevent_initial_call=True,
    )
    def confirm(_n: int | None, upload: dict[str, str] | None, search: str | None) -> Any:
        lang = lang_of(search)
        token = upload.get("token") if isinstance(upload, dict) else None
        if not isinstance(token, str):
            return no_update, True, no_update, no_update
        try:
            outcome = uploads.confirm(engine, token, salt, key, lang)
        except uploads.StepRefused as refusal:
            return html.P(str(refusal), className="note"), True, no_update, no_update
        if isinstance(outcome, uploads.Staged):
            rows = format_number(outcome.row_count, lang)
            started = t("import_started", lang, rows=rows, name=outcome.file_name)
            return html.P(started, className="note"), True, no_update, {"token": token}
        return html.Strong(outcome.summary(lang)), True, uploads.log_rows(engine, lang), no_update

    register_background_confirm(app, ctx)

    @app.callback(
        Output(ids.IMPORT_LOG, "rowData"),
        Output(ids.IMPORT_LOG, "columnDefs"),
        Input(ids.IMPORT_URL, "search"),
        Input(ids.IMPORT_JOB_DONE, "data"),
    )
    def show_log(search: str | None, _done: Any) -> Any:
        lang = lang_of(search)
        keys = ["id", "kind", "file_name", "imported_by", "imported_at", "row_count", "added_count"]
        labels = {key: t(f"log_{key}", lang) for key in [*keys, "undone"]}
        return uploads.log_rows(engine, lang), _columns([*keys, "undone"], lang, labels)

    @app.callback(
        Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
        Output(ids.IMPORT_LOG, "rowData", allow_duplicate=True),
        Input(ids.IMPORT_UNDO, "submit_n_clicks"),
        State(ids.IMPORT_LOG, "selectedRows"),
        State(ids.IMPORT_URL, "search"),
        prevent_initial_call=True,
    )
    def undo(_n: int | None, selected: list[dict[str, Any]] | None, search: str | None) -> Any:
        lang = lang_of(search)
        if not selected:
            return t("import_select_first", lang), no_update
        try:
            import_id = uploads.undo(engine, selected, lang)
        except uploads.StepRefused as refusal:
            return html.P(str(refusal), className="note"), no_update
        return t("import_undone", lang, id=import_id), uploads.log_rows(engine, lang)
