"""tests/services.py: one skip-or-fail rule for every service-dependent test."""

import pytest

from tests.services import REQUIRE_ENV, require_or_skip, services_required


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", " 1 "])
def test_requiring_services_turns_a_skip_into_a_failure(monkeypatch, value):
    monkeypatch.setenv(REQUIRE_ENV, value)
    assert services_required()
    with pytest.raises(pytest.fail.Exception, match="cannot be skipped"):
        require_or_skip("no PostgreSQL here")


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_otherwise_the_test_is_skipped_with_its_reason(monkeypatch, value):
    monkeypatch.setenv(REQUIRE_ENV, value)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL here"):
        require_or_skip("no PostgreSQL here")


def test_no_test_skips_by_itself():
    """A skip anywhere else would pass silently under DIEMTUA_REQUIRE_SERVICES."""
    from pathlib import Path

    tests = Path(__file__).resolve().parents[1]
    words = ("pytest.skip(", "importorskip(", "mark.skip", "skipif(")
    own = {tests / "services.py", Path(__file__).resolve()}
    skipping = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path not in own and any(word in path.read_text(encoding="utf-8") for word in words)
    ]
    assert skipping == []
