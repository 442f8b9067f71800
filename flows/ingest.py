"""The `ingest` flow: walk the paths, skip what is unchanged, extract and enrich in tasks over
batches, write to the index, record every failure with its reason.

Extraction runs in Prefect tasks (several batches at once on the task runner); writing to the
index happens in the flow, one batch at a time, because an index has a single writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture

from extractors import ExtractOptions
from flows.artifacts import publish_summary
from hoso import pipeline
from hoso.records import FileEntry, IngestSummary
from hoso.settings import Settings
from hoso.workers import ExtractionPool
from index import Index, open_index

# Batches in flight per worker process: enough to keep every worker busy, few enough to bound
# the memory held by finished outcomes waiting to be written.
WINDOW_PER_WORKER = 2


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(entries: list[FileEntry], pool: ExtractionPool) -> list[pipeline.Outcome]:
    """Extract and enrich a batch of files in the worker processes; failures are outcomes."""
    return [pool.build(entry) for entry in entries]


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(
    paths: Sequence[str],
    data_dir: str | None = None,
    batch_size: int | None = None,
    progress: pipeline.Progress | None = None,
) -> IngestSummary:
    """Ingest files and folders into the index of `data_dir` (default: the configured one)."""
    settings = Settings.load(data_dir=data_dir, batch_size=batch_size)
    options = ExtractOptions(cache_dir=settings.cache_dir)
    index = open_index(settings)
    pool = ExtractionPool(settings.worker_count, options, settings.limits)
    try:
        work = pipeline.plan(index, [Path(p) for p in paths], max_attempts=settings.max_attempts)
        summary = IngestSummary(unchanged=work.unchanged)
        total, done = len(work.to_extract), 0
        if progress:
            progress(0, total)
        pending: list[PrefectFuture[list[pipeline.Outcome]]] = []
        for batch in pipeline.batches(work.to_extract, settings.batch_size):
            # Claimed just before extraction: a crash costs an attempt only to files in flight.
            pending.append(extract_batch.submit(pipeline.claim(index, work, batch), pool))
            if len(pending) >= WINDOW_PER_WORKER * settings.worker_count:
                done += _record(index, pending.pop(0), summary, work.changed)
                if progress:
                    progress(done, total)
        while pending:
            done += _record(index, pending.pop(0), summary, work.changed)
            if progress:
                progress(done, total)
        pipeline.finish(index, work, summary)
        publish_summary(summary, key="ingest")
        return summary
    finally:
        pool.close()
        index.close()


def _record(
    index: Index,
    future: PrefectFuture[list[pipeline.Outcome]],
    summary: IngestSummary,
    changed: set[str],
) -> int:
    outcomes = future.result()
    pipeline.record(index, outcomes, summary, changed)
    return len(outcomes)
