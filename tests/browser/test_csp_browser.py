"""The Content-Security-Policy leaves the dashboard working: no violation in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_the_map_renders_under_the_policy_without_violations(page, live_server):
    page.add_init_script(LISTEN)
    response = page.goto(live_server + "/?province=79")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas, .js-plotly-plot canvas")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert [e for e in page.recorder.console_errors if "Content Security Policy" in e] == []
    assert page.recorder.external_requests() == []
