"""The import screen's background confirm: large files are written by a job, not a request.

A million-row file takes minutes to write, longer than a reverse proxy waits for an answer
(and than gunicorn lets a request run). Its confirm only checks the account's rights and
approves the staged upload (``server/uploads.py``); this Dash background callback then
writes it in a separate process (Dash's diskcache manager, folder ``DIEMTUA_JOBS_FOLDER``,
shared by the workers of one machine) and reports progress, while the page polls.
"""

from __future__ import annotations

from typing import Any

import diskcache
from dash import Dash, DiskcacheManager, Input, Output, State, html, no_update

from dashboard import ids
from dashboard.context import AppContext
from dashboard.data.db import make_engine
from dashboard.i18n import format_number, t
from dashboard.server import uploads
from dashboard.server.staging import load_staged


def register_background_confirm(app: Dash, ctx: AppContext) -> None:
    """The callback that writes an approved staged upload (``IMPORT_JOB`` holds its token)."""
    settings = ctx.settings
    manager = DiskcacheManager(diskcache.Cache(settings.jobs_folder))

    @app.callback(
        Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
        Output(ids.IMPORT_JOB_DONE, "data"),
        Input(ids.IMPORT_JOB, "data"),
        State(ids.IMPORT_URL, "search"),
        background=True,
        manager=manager,
        progress=[Output(ids.IMPORT_PROGRESS, "children")],
        running=[(Output(ids.IMPORT_UNDO, "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def write_approved(set_progress: Any, job: dict[str, str] | None, search: str | None) -> Any:
        lang = ctx.read_view(search).lang
        token = job.get("token") if isinstance(job, dict) else None
        if not isinstance(token, str):
            return no_update, no_update
        # A process of its own: the app's pooled connections belong to the parent.
        engine = make_engine(settings.database_url)
        try:
            staged = load_staged(engine, token)
            if staged is None or staged.approved_by is None:
                return html.P(t("import_expired", lang), className="note"), no_update
            rows = format_number(staged.row_count, lang)
            set_progress(t("import_progress_writing", lang, rows=rows))
            result = uploads.write_staged(
                engine,
                staged,
                staged.approved_by,
                settings.participant_salt,
                ctx.participant_key,
                lang,
            )
        except uploads.StepRefused as refusal:
            set_progress("")
            return html.P(str(refusal), className="note"), no_update
        finally:
            engine.dispose()
        set_progress("")
        return html.Strong(result.summary(lang)), result.import_id
