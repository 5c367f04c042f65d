"""The benchmarks' PostgreSQL: the ``--postgres`` option and a throwaway schema on it (made
and dropped as the tests make theirs, ``tests/services.py``), or nothing if unreachable."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script

from tests.services import POSTGRES_URL_VAR, postgres_schema

LOCAL_URL = "postgresql://root@127.0.0.1:5432/test"


def add_postgres_option(parser: argparse.ArgumentParser) -> None:
    """``--postgres URL``: by default ``$DIEMTUA_TEST_POSTGRES_URL``, else the local server."""
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_URL_VAR, LOCAL_URL))


@contextlib.contextmanager
def throwaway_schema(url: str) -> Iterator[str | None]:
    """The URL of a fresh schema on the server at ``url``, dropped after the block; None
    (and a line saying why) when the server cannot be reached."""
    with contextlib.ExitStack() as stack:
        try:
            scoped, _, _ = stack.enter_context(
                postgres_schema(url, "diemtua_bench", unreachable=None)
            )
        except OperationalError as exc:
            print(f"\nPostgreSQL skipped: {exc.orig}")
            scoped = None
        yield scoped
