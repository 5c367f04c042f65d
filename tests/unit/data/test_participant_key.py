"""The participant hash is keyed by a secret outside the database (issue 13, finding 4)."""

from __future__ import annotations

import hashlib
import logging
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, text

from dashboard.data.importers import import_file
from dashboard.data.importers.load import participant_hash
from dashboard.data.participant_key import (
    ParticipantKeyMismatch,
    fingerprint,
    resolve_key,
    upgrade_participant_hashes,
)
from dashboard.data.schema import app_meta, enrollments

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SALT = "diemtua-2022"  # the old public default: knowing it must not be enough
KEY = b"a deployment's own secret key, never in the database"


def refs() -> list[str]:
    lines = (EXAMPLES / "enrollments.csv").read_text(encoding="utf-8").splitlines()
    column = lines[0].split(",").index("Mã số BHXH")
    return [line.split(",")[column] for line in lines[1:] if line.split(",")[column]]


def import_example(engine, source=EXAMPLES / "enrollments.csv", name=None):
    return import_file(
        engine,
        "enrollments",
        source,
        file_name=name,
        imported_by="t",
        participant_salt=SALT,
        participant_key=KEY,
    )


def stored_hashes(engine) -> set[str]:
    with engine.connect() as con:
        return set(con.execute(select(enrollments.c.participant_hash)).scalars()) - {None}


def test_a_dump_and_the_salt_cannot_reverse_a_stored_hash(engine):
    """Finding 4: sha256 of a public salt and a 10-digit number; every number recoverable."""
    upgrade_participant_hashes(engine, KEY)
    import_example(engine)
    stored = stored_hashes(engine)
    # What an attacker with the dump and the salt would compute for each candidate number:
    unkeyed = {hashlib.sha256(f"{SALT}:{ref}".encode()).hexdigest() for ref in refs()}
    assert stored and not stored & unkeyed
    assert stored == {participant_hash(ref, SALT, KEY) for ref in refs()}
    assert stored.isdisjoint({participant_hash(ref, SALT, b"another key") for ref in refs()})


def test_the_key_file_is_generated_once_owner_only_and_announced(tmp_path, caplog):
    path = tmp_path / "instance" / "participant.key"
    with caplog.at_level(logging.WARNING):
        key = resolve_key("", path)
    assert len(key) == 64 and "generated the participant key file" in caplog.text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert resolve_key("", path) == key
    assert resolve_key("from the setting", path) == b"from the setting"


def test_existing_hashes_are_rekeyed_by_the_upgrade_and_nothing_is_lost(engine):
    """Finding 4: a database of before is upgraded from its hashes, without the numbers."""
    import_example(engine)
    keyed = stored_hashes(engine)
    # The database as the first release left it (its hex hashes as bytes since the upgrade to
    # a binary key).
    with engine.begin() as con:
        for ref in refs():
            con.execute(
                text("UPDATE enrollments SET participant_hash = :old WHERE participant_hash = :k"),
                {
                    "old": hashlib.sha256(f"{SALT}:{ref}".encode()).digest(),
                    "k": participant_hash(ref, SALT, KEY),
                },
            )
        con.execute(app_meta.delete().where(app_meta.c.key == "participant_key"))
    assert stored_hashes(engine).isdisjoint(keyed)

    assert upgrade_participant_hashes(engine, KEY) == len(keyed)
    assert stored_hashes(engine) == keyed
    assert upgrade_participant_hashes(engine, KEY) == 0  # done once
    # Another file with the same people (registered a month later): the same file saved
    # again would be recognised as already imported, whatever its line ends.
    again = (EXAMPLES / "enrollments.csv").read_bytes().replace(b"/05/2022", b"/06/2022")
    result = import_example(engine, again, "again.csv")
    # Every participant is recognised after the upgrade; only rows without a number are new.
    assert (result.status, result.added_count) == ("imported", result.row_count - len(refs()))
    assert result.skipped_count == len(refs())
    with engine.connect() as con:
        mark = con.execute(
            select(app_meta.c.value).where(app_meta.c.key == "participant_key")
        ).scalar_one()
    assert mark == fingerprint(KEY) and KEY.hex() not in mark


def test_another_key_is_refused_rather_than_silently_splitting_participants(engine):
    upgrade_participant_hashes(engine, KEY)
    with pytest.raises(ParticipantKeyMismatch, match="restore that key"):
        upgrade_participant_hashes(engine, b"a different key")
