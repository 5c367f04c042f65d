"""The import screen: upload a file, see its first rows and every problem, then confirm.

Nothing is written until the user confirms, and the confirm step checks the file again and
the account's rights for every province the file touches (a provincial editor may load only
their own province). Problems are listed in full and can be downloaded as CSV. After an
import the other screens pick the new data up on their next refresh: no restart.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Final

import dash_ag_grid as dag
import pandas as pd
from dash import Dash, Input, Output, State, dcc, html, no_update
from sqlalchemy import select

from dashboard import ids
from dashboard.context import AppContext
from dashboard.data.importers import (
    Preview,
    UndoError,
    import_file,
    list_imports,
    preview,
    undo_import,
)
from dashboard.data.schema import DATA_TABLES, IMPORT_KINDS
from dashboard.i18n import format_number, t
from dashboard.server.auth import PermissionDenied, User, current_user, require_import_rights
from dashboard.state import ViewState
from dashboard.views.import_preview import officer_rows, problem_columns

PREVIEW_ROWS: Final = 20
AUTO: Final = "auto"  # the kind is recognised from the file's content
FROM_FILE: Final = "file"  # the vehicle type comes from the file or the plate
VEHICLES: Final = ("car", "motorbike")


def _chosen(kind: str | None, vehicle_type: str | None) -> tuple[str | None, str | None]:
    """The kind and vehicle type to pass to the importer: None for "from the file"."""
    return (
        None if kind in (None, AUTO) else kind,
        None if vehicle_type in (None, FROM_FILE) else vehicle_type,
    )


def create_layout(state: ViewState, ctx: AppContext) -> html.Main:
    lang = state.lang
    return html.Main(
        className="app-main import-screen",
        children=[
            dcc.Location(id=ids.IMPORT_URL, refresh="callback-nav"),
            dcc.Store(id=ids.IMPORT_FILE),
            dcc.Download(id=ids.IMPORT_PROBLEMS_DOWNLOAD),
            html.Section(
                className="card import-card",
                children=[
                    html.H1(t("import_title", lang), className="view-title"),
                    html.P(t("import_intro", lang), className="view-subtitle"),
                    _account_line(lang, ctx),
                    html.Label(t("import_kind", lang), htmlFor=ids.IMPORT_KIND),
                    dcc.Dropdown(
                        id=ids.IMPORT_KIND,
                        options=[
                            {"label": t(f"kind_{k}", lang), "value": k}
                            for k in (AUTO, *IMPORT_KINDS)
                        ],
                        value=AUTO,
                        clearable=False,
                    ),
                    html.Label(t("import_vehicle_type", lang), htmlFor=ids.IMPORT_VEHICLE_TYPE),
                    dcc.Dropdown(
                        id=ids.IMPORT_VEHICLE_TYPE,
                        options=[
                            {"label": t("vehicle_from_file", lang), "value": FROM_FILE},
                            *({"label": t(f"vehicle_{v}", lang), "value": v} for v in VEHICLES),
                        ],
                        value=FROM_FILE,
                        clearable=False,
                    ),
                    dcc.Upload(
                        id=ids.IMPORT_UPLOAD,
                        className="upload-zone",
                        accept=".csv,.xlsx,.gpx,.kml,.zip",
                        max_size=ctx.settings.max_upload_mb * 1024 * 1024,
                        children=html.Div([t("import_drop", lang, mb=ctx.settings.max_upload_mb)]),
                    ),
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
                ],
            ),
            html.Section(
                className="card import-tables",
                children=[
                    html.H2(t("import_problems", lang)),
                    _grid(ids.IMPORT_PROBLEMS, height="260px"),
                    html.H2(t("import_preview", lang)),
                    _grid(ids.IMPORT_PREVIEW, height="300px"),
                ],
            ),
            html.Section(
                className="card import-log",
                children=[
                    html.Div(
                        className="card-head",
                        children=[
                            html.H2(t("import_log", lang)),
                            html.Button(
                                t("import_undo", lang),
                                id=ids.IMPORT_UNDO,
                                className="button-secondary",
                            ),
                        ],
                    ),
                    _grid(ids.IMPORT_LOG, height="300px", selectable=True),
                ],
            ),
        ],
    )


def _account_line(lang: str, ctx: AppContext) -> html.P:
    """Who is signed in, or a link to sign in: importing needs an editor's account."""
    user = current_user()
    login = ctx.settings.url_prefix.rstrip("/") + "/login"
    if user is None:
        return html.P(
            [t("import_sign_in_needed", lang), " ", html.A(t("sign_in", lang), href=login)],
            className="note",
        )
    where = user.province_code or t("all_provinces", lang)
    return html.P(t("import_signed_in_as", lang, name=user.name, role=user.role, where=where))


def _grid(component_id: str, *, height: str, selectable: bool = False) -> dag.AgGrid:
    options: dict[str, Any] = {"animateRows": False}
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


def decode_upload(contents: str) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL; ValueError when it is not one."""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error) as exc:
        raise ValueError("not a data URL") from exc


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


def _file_provinces(
    kind: str | None, content: bytes, name: str, vehicle_type: str | None = None
) -> tuple[set[str], bool]:
    """Every province the file writes to (all rows, not only the preview), and whether some
    rows belong to no province (the central kickoff, a track point at sea)."""
    checked = preview(kind, content, file_name=name, limit=10**9, vehicle_type=vehicle_type)
    codes = {str(row["province_code"]) for row in checked.rows if row.get("province_code")}
    return codes, any(not row.get("province_code") for row in checked.rows)


def _authorise(codes: set[str], national: bool, lang: str) -> User:
    """The signed-in account if it may write all of this; national rows need an admin."""
    user = require_import_rights(codes, lang)
    if national and not user.is_admin:
        raise PermissionDenied(t("import_national_admin_only", lang))
    return user


def register_callbacks(app: Dash, ctx: AppContext) -> None:
    engine = ctx.service.engine

    def lang_of(search: str | None) -> str:
        return ctx.read_view(search).lang

    @app.callback(
        Output(ids.IMPORT_FILE, "data"),
        Output(ids.IMPORT_SUMMARY, "children"),
        Output(ids.IMPORT_PREVIEW, "rowData"),
        Output(ids.IMPORT_PREVIEW, "columnDefs"),
        Output(ids.IMPORT_PROBLEMS, "rowData"),
        Output(ids.IMPORT_PROBLEMS, "columnDefs"),
        Output(ids.IMPORT_CONFIRM, "disabled"),
        Output(ids.IMPORT_PROBLEMS_BUTTON, "hidden"),
        Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
        Input(ids.IMPORT_UPLOAD, "contents"),
        Input(ids.IMPORT_KIND, "value"),
        Input(ids.IMPORT_VEHICLE_TYPE, "value"),
        State(ids.IMPORT_UPLOAD, "filename"),
        State(ids.IMPORT_URL, "search"),
        prevent_initial_call=True,
    )
    def check_upload(
        contents: str | None,
        kind: str | None,
        vehicle: str | None,
        name: str | None,
        search: str | None,
    ) -> Any:
        lang = lang_of(search)
        if not contents or not name:
            return (no_update,) * 9
        try:
            content = decode_upload(contents)
        except ValueError:
            return None, t("import_unreadable", lang), [], [], [], [], True, True, ""
        chosen, vehicle_type = _chosen(kind, vehicle)
        user = current_user()
        # An editor sees the rows of other provinces as problems now, not as a refusal later.
        province = user.province_code if user is not None and user.role == "editor" else None
        checked = preview(
            chosen,
            content,
            file_name=name,
            limit=PREVIEW_ROWS,
            engine=engine,
            vehicle_type=vehicle_type,
            province=province,
        )
        rows, columns = officer_rows(checked, lang)
        if checked.already is not None:
            summary = t("import_already", lang, name=name, id=checked.already.id)
        elif checked.ok:
            summary = t(
                "import_ready", lang, name=name, rows=format_number(checked.row_count, lang)
            )
        else:
            summary = t(
                "import_rejected", lang, name=name, count=format_number(checked.problem_count, lang)
            )
        notes = [w.in_language(lang) for w in checked.warnings]
        if checked.description is not None:
            notes.insert(
                0, t("import_recognised", lang, what=checked.description.in_language(lang))
            )
        stored = {
            "kind": checked.kind,
            "name": name,
            "content": contents,
            "vehicle_type": vehicle_type,
        }
        return (
            stored if checked.ok else None,
            [html.Strong(summary), *[html.P(note, className="note") for note in notes]],
            rows,
            columns,
            problem_rows(checked, lang),
            problem_columns(lang),
            not checked.ok or checked.already is not None,
            checked.ok,
            "",
        )

    @app.callback(
        Output(ids.IMPORT_PROBLEMS_DOWNLOAD, "data"),
        Input(ids.IMPORT_PROBLEMS_BUTTON, "n_clicks"),
        State(ids.IMPORT_PROBLEMS, "rowData"),
        State(ids.IMPORT_UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def download_problems(_n: int | None, rows: list[dict[str, Any]], name: str | None) -> Any:
        text = pd.DataFrame(rows or []).to_csv(index=False)
        # With a byte-order mark, Excel opens the Vietnamese text as UTF-8.
        return dcc.send_bytes(text.encode("utf-8-sig"), f"{name or 'upload'}-problems.csv")

    @app.callback(
        Output(ids.IMPORT_RESULT, "children"),
        Output(ids.IMPORT_CONFIRM, "disabled", allow_duplicate=True),
        Output(ids.IMPORT_LOG, "rowData", allow_duplicate=True),
        Input(ids.IMPORT_CONFIRM, "n_clicks"),
        State(ids.IMPORT_FILE, "data"),
        State(ids.IMPORT_URL, "search"),
        prevent_initial_call=True,
    )
    def confirm(_n: int | None, upload: dict[str, str] | None, search: str | None) -> Any:
        lang = lang_of(search)
        if not upload:
            return no_update, True, no_update
        content = decode_upload(upload["content"])
        vehicle_type = upload.get("vehicle_type")
        try:
            provinces = _file_provinces(upload["kind"], content, upload["name"], vehicle_type)
            user = _authorise(*provinces, lang)
        except PermissionDenied as refusal:
            return html.P(str(refusal), className="note"), True, no_update
        result = import_file(
            engine,
            upload["kind"],
            content,
            file_name=upload["name"],
            imported_by=user.name,
            vehicle_type=vehicle_type,
            participant_salt=ctx.settings.participant_salt,
        )
        return html.Strong(result.summary(lang)), True, log_rows(lang)

    def log_rows(lang: str) -> list[dict[str, Any]]:
        user = current_user()
        if user is None or not user.may_see_import_log():
            return []
        with engine.connect() as con:
            records = list_imports(con)
        return [
            {
                "id": r.id,
                "kind": t(f"kind_{r.kind}", lang),
                "file_name": r.file_name,
                "imported_by": r.imported_by,
                "imported_at": f"{r.imported_at:%d/%m/%Y %H:%M}",
                "row_count": r.row_count,
                "added_count": r.added_count,
                "undone": t("yes", lang) if r.undone else "",
            }
            for r in reversed(records)
        ]

    @app.callback(
        Output(ids.IMPORT_LOG, "rowData"),
        Output(ids.IMPORT_LOG, "columnDefs"),
        Input(ids.IMPORT_URL, "search"),
    )
    def show_log(search: str | None) -> Any:
        lang = lang_of(search)
        keys = ["id", "kind", "file_name", "imported_by", "imported_at", "row_count", "added_count"]
        labels = {key: t(f"log_{key}", lang) for key in [*keys, "undone"]}
        return log_rows(lang), _columns([*keys, "undone"], lang, labels)

    @app.callback(
        Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
        Output(ids.IMPORT_LOG, "rowData", allow_duplicate=True),
        Input(ids.IMPORT_UNDO, "n_clicks"),
        State(ids.IMPORT_LOG, "selectedRows"),
        State(ids.IMPORT_URL, "search"),
        prevent_initial_call=True,
    )
    def undo(_n: int | None, selected: list[dict[str, Any]] | None, search: str | None) -> Any:
        lang = lang_of(search)
        if not selected:
            return t("import_select_first", lang), no_update
        import_id = int(selected[0]["id"])
        try:
            _authorise(*_import_provinces(engine, import_id), lang)
            undo_import(engine, import_id)
        except (PermissionDenied, UndoError) as refusal:
            return html.P(str(refusal), className="note"), no_update
        return t("import_undone", lang, id=import_id), log_rows(lang)


def _import_provinces(engine: Any, import_id: int) -> tuple[set[str], bool]:
    """The provinces an import wrote to, and whether some of its rows belong to none."""
    codes: set[str] = set()
    national = False
    with engine.connect() as con:
        for table in DATA_TABLES.values():
            rows = con.execute(
                select(table.c.province_code).where(table.c.import_id == import_id).distinct()
            )
            for (code,) in rows:
                if code:
                    codes.add(str(code))
                else:
                    national = True
    return codes, national


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, int | float) else str(value) for key, value in row.items()
    }
