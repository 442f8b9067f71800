"""Shared fixtures: real sample files, the shared corpus, a fresh data directory per test."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoso.settings import Settings
from index.base import Index

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


# Prefect keeps its state in PREFECT_HOME; tests never touch the user's.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="hoso-prefect-"))
for _key, _value in {
    "PREFECT_LOGGING_LEVEL": "ERROR",
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}.items():
    os.environ.setdefault(_key, _value)

# Every backend the contract suite runs against. Each entry opens a fresh, empty index.
BACKENDS = ["embedded"]


def open_backend(name: str, data_dir: Path) -> Index:
    if name == "embedded":
        from index.embedded import EmbeddedIndex

        return EmbeddedIndex(data_dir)
    raise ValueError(name)


@pytest.fixture(params=BACKENDS)
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Index]:
    backend = open_backend(request.param, tmp_path / "data")
    yield backend
    backend.close()


@pytest.fixture
def archive(tmp_path: Path, samples_dir: Path) -> Path:
    """A writable copy of the sample folder, standing in for an archivist's inbox."""
    target = tmp_path / "inbox"
    shutil.copytree(samples_dir, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target
