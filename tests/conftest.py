"""Shared fixtures: real sample files, the shared corpus, a fresh data directory per test."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from factories import sample_inbox
from servers import drop_indices, elasticsearch_cluster

from core.settings import Settings
from index.base import Index

if TYPE_CHECKING:
    from index.elasticsearch import ElasticsearchIndex

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
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}.items():
    os.environ.setdefault(_key, _value)

# Every backend the contract suite runs against. Each entry opens a fresh, empty index.
BACKENDS = ["embedded", "elasticsearch"]


@dataclass
class ElasticsearchTarget:
    """The cluster the Elasticsearch tests use: osmem-server started for the session, or the
    real cluster HOSO_TEST_ELASTICSEARCH_URL names (credentials from the HOSO_ELASTICSEARCH_*
    variables). Each test gets its own index prefix, dropped afterwards."""

    url: str
    # osmem-server refuses the client's versioned media type; a real cluster needs no rewrite.
    node_class: type[Any]

    def new_prefix(self) -> str:
        return f"hoso-test-{uuid.uuid4().hex[:12]}"

    def settings(self, data_dir: Path, prefix: str) -> Settings:
        return Settings.load(
            data_dir=data_dir, elasticsearch_url=self.url, elasticsearch_index_prefix=prefix
        )

    def open(self, data_dir: Path, prefix: str, **client_options: Any) -> ElasticsearchIndex:
        """An ElasticsearchIndex on this cluster with short retry backoffs (tests stay fast)."""
        from index.elasticsearch import ElasticsearchIndex

        options: dict[str, Any] = {"node_class": self.node_class}
        options.update(client_options)
        return ElasticsearchIndex.from_settings(
            self.settings(data_dir, prefix), retries=2, backoff=0.01, **options
        )

    def drop(self, prefix: str) -> None:
        """Delete every index of a test's prefix."""
        drop_indices(self.url, prefix, self.node_class)


@pytest.fixture(scope="session")
def elasticsearch_target() -> Iterator[ElasticsearchTarget]:
    with elasticsearch_cluster("HOSO_TEST_ELASTICSEARCH_URL") as (url, node_class):
        yield ElasticsearchTarget(url, node_class)


def open_backend(name: str, data_dir: Path, request: pytest.FixtureRequest | None = None) -> Index:
    if name == "embedded":
        from index.embedded import EmbeddedIndex

        return EmbeddedIndex(data_dir)
    if name == "elasticsearch":
        if request is None:
            raise ValueError("the elasticsearch backend needs the fixture request")
        target: ElasticsearchTarget = request.getfixturevalue("elasticsearch_target")
        prefix = target.new_prefix()
        request.addfinalizer(lambda: target.drop(prefix))
        return target.open(data_dir, prefix)
    raise ValueError(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test of the Elasticsearch backend is slow: it needs the session's test cluster (osmem-
    server, started on first use) or a real one. That is a test asking for
    `elasticsearch_target`, or one parametrized with the backend "elasticsearch" (the `index`
    fixture, BACKENDS), which opens the cluster through `open_backend`."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_elasticsearch = callspec is not None and "elasticsearch" in callspec.params.values()
        if on_elasticsearch or "elasticsearch_target" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(params=BACKENDS)
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Index]:
    backend = open_backend(request.param, tmp_path / "data", request)
    yield backend
    backend.close()


@pytest.fixture
def archive(tmp_path: Path, samples_dir: Path) -> Path:
    """A writable copy of the sample folder, standing in for an archivist's inbox."""
    return sample_inbox(tmp_path, samples_dir)
