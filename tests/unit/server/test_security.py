"""Headers, size limit, forgery checks, compression, path prefix and clean logs."""

from __future__ import annotations

import gzip
import json
import logging
import re

import pytest

from dashboard.server.auth import CSRF_HEADER
from dashboard.server.security import request_limit_bytes
from tests.unit.server.helpers import ECHO_BODY, add_accounts, fetch, make_app, sign_in

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
SAME_ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def app(tmp_path):
    app, engine = make_app(tmp_path, max_upload_mb=1)
    add_accounts(engine)
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.server.test_client()


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/_dash-layout", "/login", "/assets/app.css"):
        headers = fetch(client, path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy
        assert "default-src 'self'" in policy


def test_the_policy_names_no_other_origin_and_allows_dashs_inline_script(app, client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert not re.search(r"https?:|\*", policy)
    for digest in app.csp_hashes():
        assert digest in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_an_oversized_request_gets_a_clear_413(client):
    body = b"x" * (request_limit_bytes(1) + 1)
    response = client.post(
        "/_dash-update-component", data=body, content_type="application/json", headers=SAME_ORIGIN
    )
    assert response.status_code == 413
    assert response.get_json()["error"] == (
        "Tệp quá lớn: tối đa 1 MB. Hãy chia tệp thành nhiều phần rồi nhập lần lượt."
    )


def test_a_request_as_large_as_the_upload_bound_fits(client):
    payload = dict(ECHO_BODY)
    payload["inputs"] = [{"id": "name", "property": "value", "value": "A" * 1024 * 1024}]
    response = client.post("/_dash-update-component", json=payload, headers=SAME_ORIGIN)
    assert response.status_code == 200


def test_a_callback_from_another_site_is_refused(client):
    other = client.post(
        "/_dash-update-component", json=ECHO_BODY, headers={"Origin": "https://evil.example"}
    )
    assert other.status_code == 403
    assert "không đến từ trang của ứng dụng" in other.get_data(as_text=True)
    referer = client.post(
        "/_dash-update-component", json=ECHO_BODY, headers={"Referer": "https://evil.example/"}
    )
    assert referer.status_code == 403
    assert client.post("/_dash-update-component", json=ECHO_BODY).status_code == 200


def test_signed_in_callbacks_must_echo_the_token(client):
    sign_in(client, "hoa", "mật khẩu của hoa")
    token = client.get_cookie("_csrf_token").value
    url = "/_dash-update-component"
    assert client.post(url, json=ECHO_BODY).status_code == 403
    assert client.post(url, json=ECHO_BODY, headers=SAME_ORIGIN).status_code == 403
    wrong = {**SAME_ORIGIN, CSRF_HEADER: "guess"}
    assert client.post(url, json=ECHO_BODY, headers=wrong).status_code == 403
    right = {**SAME_ORIGIN, CSRF_HEADER: token}
    assert client.post(url, json=ECHO_BODY, headers=right).status_code == 200


def test_text_responses_are_gzipped(client):
    small = fetch(client, "/_dash-dependencies", headers=GZIP)  # one callback: a few bytes
    assert "Content-Encoding" not in small.headers
    for path in ("/_dash-component-suites/dash/dcc/dash_core_components.js", "/assets/app.css"):
        response = fetch(client, path, headers=GZIP)
        assert response.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response.headers["Vary"]
        plain = fetch(client, path)
        assert "Content-Encoding" not in plain.headers
        assert gzip.decompress(response.data) == plain.data
    page = fetch(client, "/", headers=GZIP)  # differs per request (Dash's config has an id)
    assert gzip.decompress(page.data).startswith(b"<!DOCTYPE html>")
    answer = client.post("/_dash-update-component", json=ECHO_BODY, headers=GZIP)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(answer.data))["response"]["echo"]["children"].startswith(
        "echo y"
    )


def test_a_path_prefix_serves_the_app_with_or_without_the_prefix(tmp_path):
    app, engine = make_app(tmp_path, url_prefix="diemtua")
    client = app.server.test_client()
    page = client.get("/diemtua/").get_data(as_text=True)
    assert 'src="/diemtua/_dash-component-suites/' in page
    assert '"requests_pathname_prefix":"\\u002fdiemtua\\u002f"' in page
    assert client.get("/diemtua/_dash-layout").status_code == 200
    assert client.get("/_dash-layout").status_code == 200  # a proxy that strips the prefix
    assert 'action="/diemtua/login"' in client.get("/diemtua/login").get_data(as_text=True)
    engine.dispose()


def test_behind_a_trusted_proxy_the_forwarded_scheme_host_and_prefix_count(tmp_path):
    app, engine = make_app(tmp_path, url_prefix="/diemtua/", proxy_hops=1, secure_cookies=True)
    client = app.server.test_client()
    forwarded = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "bhxh.example.vn",
        "X-Forwarded-Prefix": "/diemtua",
        "X-Forwarded-For": "203.0.113.9",
    }
    response = client.get("/login", headers=forwarded)
    assert "Strict-Transport-Security" in response.headers
    assert 'action="/diemtua/login"' in response.get_data(as_text=True)
    refused = client.post(
        "/_dash-update-component",
        json=ECHO_BODY,
        headers={**forwarded, "Origin": "https://other.example.vn"},
    )
    assert refused.status_code == 403
    allowed = client.post(
        "/_dash-update-component",
        json=ECHO_BODY,
        headers={**forwarded, "Origin": "https://bhxh.example.vn"},
    )
    assert allowed.status_code == 200
    engine.dispose()


def test_untrusted_forwarded_headers_are_ignored(client):
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_logs_carry_no_personal_data(client, caplog):
    with caplog.at_level(logging.DEBUG):
        sign_in(client, "hoa", "sai mật khẩu")
        sign_in(client, "hoa", "mật khẩu của hoa")
        client.post("/_dash-update-component", json=ECHO_BODY, headers={"Origin": "https://x.y"})
        client.post(
            "/_dash-update-component",
            data=b'{"participant_ref": "0123456789"}' + b" " * request_limit_bytes(1),
            content_type="application/json",
            headers=SAME_ORIGIN,
        )
    logged = caplog.text
    assert caplog.records  # the refusal is logged ...
    for secret in ("hoa", "mật khẩu", "0123456789", "session", "csrf_token="):
        assert secret not in logged  # ... without names, passwords, data or cookies


def test_the_same_answer_is_compressed_once(client, monkeypatch):
    import dashboard.server.compress as compress

    calls = []
    real = compress.gzip.compress
    monkeypatch.setattr(
        compress.gzip, "compress", lambda data, *a, **k: calls.append(1) or real(data, *a, **k)
    )
    bodies = {
        client.post("/_dash-update-component", json=ECHO_BODY, headers=GZIP).data for _ in range(3)
    }
    assert len(bodies) == 1
    assert b"echo y" in gzip.decompress(bodies.pop())
    assert len(calls) == 1
