"""Answer a Dash callback over HTTP, as the browser's renderer would ask for it."""

from __future__ import annotations

from typing import Any

from dashboard import ids
from dashboard.views.shell import PAGE_OUTPUTS as SHELL_OUTPUTS

# Every output of the page callback: the shell renders the screen, header and footer together,
# and confirms the view a drawn layout was made for.
PAGE_OUTPUTS = [*SHELL_OUTPUTS, (ids.DRAWN_VIEW, "data")]


def _callback_key(app: Any, outputs: list[tuple[str, str]]) -> str:
    """Dash's key for the callback with exactly these outputs ("..a.b...c.d..", with
    "@hash" suffixes on outputs marked allow_duplicate)."""
    wanted = [f"{i}.{p}" for i, p in outputs]
    for key in app.callback_map:
        parts = [part.split("@")[0] for part in key.strip(".").split("...")]
        if parts == wanted:
            return key
    raise KeyError(f"no callback has the outputs {wanted}")


def call(
    app: Any,
    outputs: list[tuple[str, str]],
    inputs: list[tuple[str, str, Any]],
    *,
    changed: list[str],
    state: list[tuple[str, str, Any]] = (),  # type: ignore[assignment]
    client: Any = None,
) -> dict[str, dict[str, Any]]:
    """POST ``/_dash-update-component`` to ``app`` and return ``{component_id: {prop: value}}``.

    ``changed`` lists the triggering ``"id.prop"`` strings. Outputs that the callback left
    unchanged (``no_update``) are absent from the answer. ``client`` carries a session (a
    signed-in account); the Origin header is the app's own, as a browser sends it.
    """
    key = _callback_key(app, outputs)
    listed = [{"id": i, "property": p} for i, p in outputs]
    body = {
        "output": key,
        # A callback with one output (key "id.prop") takes it bare, as the renderer sends it.
        "outputs": listed if key.startswith("..") else listed[0],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": changed,
    }
    client = client or app.server.test_client()
    headers = {"Origin": "http://localhost"}
    token = client.get_cookie("_csrf_token")
    if token is not None:  # a signed-in session: echo its token as Dash's renderer does
        headers["X-CSRFToken"] = token.value
    response = client.post("/_dash-update-component", json=body, headers=headers)
    if response.status_code == 204:  # every output was no_update
        return {}
    assert response.status_code == 200, response.data[:800]
    return response.get_json()["response"]


def answer(
    app: Any,
    output: str,
    values: dict[str, Any],
    *,
    changed: str,
    state: dict[str, Any] | None = None,
    client: Any = None,
) -> dict[str, dict[str, Any]]:
    """Call the callback that writes ``output`` ("id.prop") when ``changed`` changes, taking
    its outputs and inputs from the app; inputs not named in ``values`` are None."""
    for spec in app.callback_map.values():
        declared = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
        outputs = [(o.component_id, o.component_property) for o in declared]
        if output not in {f"{i}.{p}" for i, p in outputs}:
            continue
        inputs = [(d["id"], d["property"]) for d in spec["inputs"]]
        if changed not in {f"{i}.{p}" for i, p in inputs}:
            continue  # another callback writing the same output (allow_duplicate)
        states = [(d["id"], d["property"]) for d in spec["state"]]
        return call(
            app,
            outputs,
            [(i, p, values.get(f"{i}.{p}")) for i, p in inputs],
            changed=[changed],
            state=[(i, p, (state or {}).get(f"{i}.{p}")) for i, p in states],
            client=client,
        )
    raise KeyError(f"no callback writes {output}")


def render_page(
    app: Any, search: str, pathname: str = "/", drawn: list[str] | None = None
) -> dict[str, dict[str, Any]]:
    """The page shell's answer to a visit of ``pathname`` + ``search`` (the router renders on
    the path; the query string is read as it stands); ``drawn``: the view the layout arrived
    drawn for."""
    return call(
        app,
        PAGE_OUTPUTS,
        [(ids.URL, "pathname", pathname)],
        state=[(ids.URL, "search", search), (ids.DRAWN_VIEW, "data", drawn)],
        changed=[f"{ids.URL}.pathname"],
    )
