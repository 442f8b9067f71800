"""Every ingest entry point calls the one run (`ingest.pipeline.run`) with the same settings: a
non-default batch size, attempt count and lease set by flag or environment reaches the run from
the CLI (ingest, retry, watch, reindex), the Prefect flows (ingest, ingest-batch, watch,
reindex, distributed) and the plain calls. The flows run as plain functions (`.fn`), without
the Prefect engine; the run itself is replaced by a spy."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from commands import hoso
from factories import entry

import flows.batches
import flows.ingest
import flows.reindex
import flows.watch
from core.records import FileEntry, FileStatus, IngestSummary
from core.settings import Settings
from extractors import ExtractOptions
from index import Index, open_index
from ingest import pipeline, reindex
from ingest.workers import ExtractionPool

ENV = {"HOSO_BATCH_SIZE": "5", "HOSO_MAX_ATTEMPTS": "7", "HOSO_LEASE_SECONDS": "123.0"}
WANTED = {"batch_size": 5, "max_attempts": 7, "lease_seconds": 123.0}


class FakePool:
    """An `ExtractionPool` that starts no process (the spied run never builds)."""

    options = ExtractOptions(ocr=False)
    batches_in_flight = 1

    def build(self, entry: FileEntry) -> pipeline.Outcome:
        raise AssertionError("the spied run builds nothing")

    def close(self) -> None:
        pass

    def __enter__(self) -> FakePool:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Settings]:
    """The settings of every `pipeline.run` call, with HOSO_* set to non-defaults and no Prefect
    engine, artifact or worker process involved."""
    calls: list[Settings] = []

    def spy(index: object, roots: Sequence[object], settings: Settings, *a: Any, **k: Any) -> Any:
        calls.append(settings)
        return IngestSummary()

    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(pipeline, "run", spy)
    monkeypatch.setattr(ExtractionPool, "from_settings", classmethod(lambda cls, s: FakePool()))
    for module in (flows.ingest, flows.batches, flows.watch, flows.reindex):
        monkeypatch.setattr(module, "publish_summary", lambda *a, **k: None)
    monkeypatch.setattr(flows.reindex, "create_table_artifact", lambda *a, **k: None)
    monkeypatch.setattr(flows.ingest, "ingest", flows.ingest.ingest.fn)
    monkeypatch.setattr(flows.reindex, "refresh_records", flows.reindex.refresh_records.fn)
    monkeypatch.setattr(flows.reindex, "build_generation", flows.reindex.build_generation.fn)
    monkeypatch.setattr(flows.reindex, "verify_generation", flows.reindex.verify_generation.fn)
    return calls


@contextlib.contextmanager
def opened(settings: Settings) -> Iterator[Index]:
    index = open_index(settings)
    try:
        yield index
    finally:
        index.close()


def reached(settings: Settings, **wanted: object) -> dict[str, object]:
    return {name: getattr(settings, name) for name in {**WANTED, **wanted}}


def test_cli_ingest(runs: list[Settings], tmp_path: Path) -> None:
    hoso(tmp_path / "data", "ingest", "--batch-size", "9", str(tmp_path))
    assert [reached(s) for s in runs] == [{**WANTED, "batch_size": 9}]


def test_cli_retry(runs: list[Settings], tmp_path: Path) -> None:
    with opened(Settings.load()) as index:
        index.put_files([entry(str(tmp_path / "a.pdf"), sha256="0" * 64, status=FileStatus.FAILED)])
    hoso(tmp_path / "data", "retry")
    assert [reached(s) for s in runs] == [WANTED]


def test_cli_watch_and_the_watch_flow(
    runs: list[Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @dataclasses.dataclass
    class OneBatch:
        """A watcher that reports one change, then stops."""

        roots: Sequence[Path]
        ingest: Any
        settle: float = 0
        scan_interval: float = 0
        poll: bool = False
        on_batch: Any = None

        def run(self, stop: threading.Event) -> None:
            self.on_batch(self.ingest(self.roots))

    monkeypatch.setattr(flows.watch, "Watcher", OneBatch)
    monkeypatch.setattr(flows.watch, "ingest_changes", flows.watch.ingest_changes.fn)
    monkeypatch.setattr(flows.watch, "watch", flows.watch.watch.fn)
    hoso(tmp_path / "data", "watch", str(tmp_path))
    assert [reached(s) for s in runs] == [WANTED]


def test_cli_reindex_and_the_reindex_flow(
    runs: list[Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = flows.reindex.reindex
    monkeypatch.setattr(
        flows.reindex,
        "reindex",
        type("Once", (), {"with_options": staticmethod(lambda **_: flow.fn)})(),
    )
    hoso(tmp_path / "data", "reindex")
    assert [reached(s) for s in runs] == [WANTED]


def test_the_ingest_flow(runs: list[Settings], tmp_path: Path) -> None:
    flows.ingest.ingest(paths=[str(tmp_path)], batch_size=11)
    assert [reached(s) for s in runs] == [{**WANTED, "batch_size": 11}]


def test_the_ingest_batch_flow(runs: list[Settings], tmp_path: Path) -> None:
    flows.batches.ingest_batch.fn([str(tmp_path)], batch_size=12, force=True)
    assert [reached(s) for s in runs] == [{**WANTED, "batch_size": 12}]


def test_the_distributed_runs(
    runs: list[Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows.batches, "open_shared_index", flows.batches.open_index)
    settings = Settings.load()
    flows.batches.ingest_distributed(settings, [str(tmp_path)])
    with opened(settings) as index:
        flows.batches.refresh_distributed(index, settings)
    assert [reached(s) for s in runs] == [WANTED, WANTED]


def test_the_plain_calls(runs: list[Settings], tmp_path: Path) -> None:
    settings = Settings.load()
    with opened(settings) as index:
        pipeline.ingest(
            index, [tmp_path], FakePool.options, batch_size=5, max_attempts=7, lease_seconds=123
        )
        reindex.refresh(index, settings)
        reindex.reindex(index, settings)
    assert [reached(s) for s in runs] == [WANTED] * 3


def test_the_run_plans_and_batches_with_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def plan(index: object, roots: object, **kwargs: object) -> pipeline.Plan:
        seen.update(kwargs)
        return pipeline.Plan(to_extract=[entry(str(tmp_path / "a"), sha256="0" * 64)])

    def extract_and_record(
        index: object, work: object, submit: object, summary: object, batch_size: int, *rest: object
    ) -> None:
        seen["batch_size"] = batch_size

    monkeypatch.setattr(pipeline, "plan", plan)
    monkeypatch.setattr(pipeline, "extract_and_record", extract_and_record)
    monkeypatch.setattr(pipeline, "finish", lambda *a: None)
    settings = Settings(data_dir=tmp_path, **WANTED)  # type: ignore[arg-type]
    pipeline.run(None, [tmp_path], settings, FakePool())  # type: ignore[arg-type]
    assert seen == {"force": False, **WANTED}
