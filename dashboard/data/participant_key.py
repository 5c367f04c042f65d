"""The per-deployment key of the participant hash, and the upgrade of hashes made without it.

A social insurance number has ten digits: a plain hash of it, even salted with a salt stored
beside it, is reversed by trying all 10^10 numbers (hours on one core). So the stored hash is
an HMAC, keyed by a secret kept *outside* the database, of the salted sha256 (hex) of before,
stored as its 32 raw bytes:

    participant_hash = HMAC-SHA256(key, sha256(f"{salt}:{number}"))

A database dump alone then reveals nothing. The key is the setting ``participant_key``
(``DIEMTUA_PARTICIPANT_KEY``) or, when that is empty, the key file ``participant_key_file``
(``<repo>/instance/participant.key``), generated at first start with owner-only permissions.
There is no built-in default: a deployment always gets its own key. Keep the file with the
backups, but apart from the database dump.

Because the keyed hash is computed *from* the old one, a database of before is upgraded
without the numbers: :func:`upgrade_participant_hashes` re-keys every stored hash once,
and records the key's fingerprint in ``app_meta``; it refuses a different key later, since
the hashes of new imports would then never match the stored ones.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import secrets
from pathlib import Path
from typing import Final

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Engine

from dashboard.data.schema import app_meta, enrollments

log = logging.getLogger(__name__)

KEY_ENV: Final = "DIEMTUA_PARTICIPANT_KEY"
KEY_FILE_ENV: Final = "DIEMTUA_PARTICIPANT_KEY_FILE"
DEFAULT_KEY_FILE: Final = Path(__file__).resolve().parents[2] / "instance" / "participant.key"
MARKER: Final = "participant_key"  # app_meta: fingerprint of the key the hashes use
_BATCH = 5_000


class ParticipantKeyMismatch(RuntimeError):
    """The database's hashes were made with another key; the message says what to do."""


def resolve_key(secret: str, key_file: str | os.PathLike[str]) -> bytes:
    """The key: ``secret`` if set, else the key file's content, the file made if missing."""
    if secret:
        return secret.encode()
    path = Path(key_file)
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32) + "\n")
    log.warning(
        "generated the participant key file %s (owner-only); back it up apart from the "
        "database: without it, new imports cannot recognise the participants stored",
        path,
    )
    return path.read_bytes().strip()


@functools.cache
def _environment_key(secret: str, key_file: str) -> bytes:
    return resolve_key(secret, key_file)


def default_key() -> bytes:
    """The key named by the environment (as the settings read it), for callers given none."""
    return _environment_key(
        os.environ.get(KEY_ENV, ""), os.environ.get(KEY_FILE_ENV) or str(DEFAULT_KEY_FILE)
    )


def keyed(inner: str, key: bytes) -> bytes:
    """The stored hash of ``inner`` (the salted sha256, hex): 32 raw bytes."""
    return hmac.digest(key, inner.encode(), "sha256")


def fingerprint(key: bytes) -> str:
    """Tells keys apart without revealing them."""
    return hmac.new(key, b"diemtua participant key", hashlib.sha256).hexdigest()[:16]


def upgrade_participant_hashes(engine: Engine, key: bytes) -> int:
    """Re-key the hashes stored without a key, once; returns how many were re-keyed.

    The upgrade step of this change, callable from a migration: idempotent (a database
    marked with this key's fingerprint is left alone), all or nothing (one transaction).

    Raises:
        ParticipantKeyMismatch: the database is marked with another key's fingerprint.
    """
    mark = fingerprint(key)
    with engine.begin() as con:
        stored = con.execute(
            select(app_meta.c.value).where(app_meta.c.key == MARKER)
        ).scalar_one_or_none()
        if stored == mark:
            return 0
        if stored is not None:
            raise ParticipantKeyMismatch(
                "the participant key differs from the one this database's participants were "
                f"stored with (fingerprint {stored}, now {mark}): restore that key "
                f"({KEY_ENV} or the key file), or new imports will not recognise them"
            )
        rows = con.execute(
            select(enrollments.c.id, enrollments.c.participant_hash).where(
                enrollments.c.participant_hash.is_not(None)
            )
        ).all()
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            con.execute(
                update(enrollments)
                .where(enrollments.c.id == bindparam("row_id"))
                .values(participant_hash=bindparam("new_hash")),
                [{"row_id": row_id, "new_hash": keyed(old.hex(), key)} for row_id, old in batch],
            )
        con.execute(insert(app_meta).values(key=MARKER, value=mark))
    if rows:
        log.warning("re-keyed %d participant hashes with the participant key", len(rows))
    return len(rows)
