"""The `watch` flow: keep a folder's files searchable as archivists drop, change, move and delete
them. Each settled batch of changes is one `ingest-changes` task run."""

from __future__ import annotations

import signal
import threading
from collections.abc import Sequence
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from core.records import IngestSummary
from core.settings import Settings
from flows.artifacts import publish_summary
from index import open_index
from ingest import pipeline
from ingest.watch import Watcher
from ingest.workers import ExtractionPool


@task(name="ingest-changes", cache_policy=NO_CACHE)
def ingest_changes(
    paths: Sequence[Path], settings: Settings, pool: ExtractionPool
) -> IngestSummary:
    index = open_index(settings)
    try:
        summary = pipeline.run(index, paths, settings, pool)
    finally:
        index.close()
    if summary.indexed or summary.linked or summary.failed or summary.removed:
        publish_summary(summary, key="watch-batch")
    return summary


@flow(name="watch", log_prints=False, validate_parameters=False)
def watch(
    paths: Sequence[str],
    data_dir: str | None = None,
    settle: float = 2.0,
    scan_interval: float = 300.0,
    poll: bool = False,
    on_batch: object = None,
) -> None:
    """Watch folders until SIGINT or SIGTERM; the file in flight is finished first."""
    settings = Settings.load(data_dir=data_dir)
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    with ExtractionPool.from_settings(settings) as pool:
        Watcher(
            roots=[Path(p).absolute() for p in paths],
            ingest=lambda changed: ingest_changes(changed, settings, pool),
            settle=settle,
            scan_interval=scan_interval,
            poll=poll,
            on_batch=on_batch,  # type: ignore[arg-type]
        ).run(stop)
