"""Shared fixtures: real sample files, the shared corpus, a fresh data directory per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hoso.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TEST_DATA = ROOT / "tests" / "data"


def _corpus_dir() -> Path:
    configured = os.environ.get("HOSO_TEST_CORPUS")
    return Path(configured) if configured else ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The 49 real documents of the shared corpus (HOSO_TEST_CORPUS overrides the location)."""
    path = _corpus_dir()
    if not (path / "PROVENANCE.tsv").is_file():
        pytest.fail(f"shared corpus not found at {path}; set HOSO_TEST_CORPUS")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(data_dir=tmp_path / "data")
