"""The real boundary assets, built once per session from geodata/sources, and their manifest."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.assets import Manifest, load_manifest
from geodata.build import read_sources, write_assets


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("geo")
    write_assets(read_sources(), folder)
    return folder


@pytest.fixture(scope="session")
def manifest(built: Path) -> Manifest:
    return load_manifest(built)
