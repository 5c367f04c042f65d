"""Answer a Dash callback over HTTP, as the browser's renderer would ask for it."""

from __future__ import annotations

from typing import Any


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
) -> dict[str, dict[str, Any]]:
    """POST ``/_dash-update-component`` to ``app`` and return ``{component_id: {prop: value}}``.

    ``changed`` lists the triggering ``"id.prop"`` strings. Outputs that the callback left
    unchanged (``no_update``) are absent from the answer.
    """
    body = {
        "output": _callback_key(app, outputs),
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": changed,
    }
    response = app.server.test_client().post("/_dash-update-component", json=body)
    if response.status_code == 204:  # every output was no_update
        return {}
    assert response.status_code == 200, response.data[:800]
    return response.get_json()["response"]
