import datetime as dt
from pathlib import Path

import pytest

from dashboard.config import SETTINGS, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_need_no_environment():
    settings = Settings.load(environ={})
    assert settings.national_target == 10_000
    assert settings.campaign_start == dt.date(2022, 5, 8)
    assert settings.database_url.startswith("sqlite:///")
    assert (settings.host, settings.port) == ("127.0.0.1", 8050)


def test_environment_then_overrides():
    env = {"DIEMTUA_PORT": "9000", "DATABASE_URL": "postgresql://x/y", "DIEMTUA_LOAD_SAMPLE": "no"}
    settings = Settings.load(environ=env, port=9100)
    assert settings.port == 9100
    assert settings.database_url == "postgresql://x/y"
    assert settings.load_sample is False


def test_prefixed_variable_wins_over_the_bare_one():
    env = {"DATABASE_URL": "postgresql://bare/db", "DIEMTUA_DATABASE_URL": "sqlite:///x.db"}
    assert Settings.load(environ=env).database_url == "sqlite:///x.db"


def test_bad_value_names_the_variable():
    with pytest.raises(ValueError, match="DIEMTUA_NATIONAL_TARGET"):
        Settings.load(environ={"DIEMTUA_NATIONAL_TARGET": "ten thousand"})
    with pytest.raises(ValueError, match="DIEMTUA_DEFAULT_LANGUAGE"):
        Settings.load(environ={"DIEMTUA_DEFAULT_LANGUAGE": "fr"})


def test_unknown_override_is_refused():
    with pytest.raises(TypeError, match="colour"):
        Settings.load(environ={}, colour="red")


def test_every_setting_is_a_field_and_documented_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    fields = set(Settings.__dataclass_fields__)
    for setting in SETTINGS:
        assert setting.name in fields
        assert f"`{setting.env_var}`" in readme, f"README does not document {setting.env_var}"
    assert fields == {s.name for s in SETTINGS}


def test_the_household_target_is_unset_unless_given():
    assert Settings.load(environ={}).campaign.national_targets == {
        "bhxh_tu_nguyen": 10_000,
        "bhyt_ho_gia_dinh": None,
    }
    settings = Settings.load(environ={"DIEMTUA_HHI_TARGET": "25000"})
    assert settings.campaign.national_targets["bhyt_ho_gia_dinh"] == 25_000
    with pytest.raises(ValueError, match="DIEMTUA_HHI_TARGET"):
        Settings.load(environ={"DIEMTUA_HHI_TARGET": "many"})
