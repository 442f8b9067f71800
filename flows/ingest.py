"""The `ingest` flow: walk the paths, skip what is unchanged, extract and enrich in tasks over
batches, write to the index, record every failure with its reason.

Extraction runs in Prefect tasks (several batches at once on the task runner); writing to the
index happens in the flow, one batch at a time, because an index has a single writer. With
`distribute`, the batches run instead as `ingest-batch` flow runs on a work pool, on as many
workers (and hosts) as serve it (`flows/batches.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from core.records import FileEntry, IngestSummary
from core.settings import Settings
from flows.artifacts import publish_summary
from index import Index, open_index
from ingest import pipeline
from ingest.workers import ExtractionPool


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
    distribute: bool = False,
    files_per_run: int | None = None,
    pool: ExtractionPool | None = None,
) -> IngestSummary:
    """Ingest files and folders into the index of `data_dir` (default: the configured one).

    `distribute` runs the extraction as `ingest-batch` flow runs of `files_per_run` files each
    on the work pool (Elasticsearch only: the workers share its catalog). `pool`: extraction
    workers already started (`hoso ingest` starts them before Prefect's temporary API server,
    so they warm up meanwhile); its owner closes it."""
    settings = Settings.load(data_dir=data_dir, batch_size=batch_size)
    if distribute:
        from flows.batches import ingest_distributed

        return ingest_distributed(
            settings,
            paths,
            data_dir=data_dir,
            batch_size=batch_size,
            files_per_run=files_per_run,
            progress=progress,
        )
    index = open_index(settings)
    own_pool = pool is None
    pool = pool or ExtractionPool.from_settings(settings)
    try:
        work = plan(index, paths, settings)
        summary = IngestSummary(unchanged=work.unchanged)
        extract_and_record(index, work, settings, pool, summary, progress)
        pipeline.finish(index, work, summary)
        publish_summary(summary, key="ingest")
        return summary
    finally:
        if own_pool:
            pool.close()
        index.close()


def plan(
    index: Index, paths: Iterable[str | Path], settings: Settings, force: bool = False
) -> pipeline.Plan:
    """`pipeline.plan` of these paths with the configured attempts and lease."""
    return pipeline.plan(
        index,
        [Path(p) for p in paths],
        force=force,
        max_attempts=settings.max_attempts,
        lease_seconds=settings.lease_seconds,
    )


def extract_and_record(
    index: Index,
    work: pipeline.Plan,
    settings: Settings,
    pool: ExtractionPool,
    summary: IngestSummary,
    progress: pipeline.Progress | None = None,
) -> None:
    """Claim, extract (in `extract-batch` tasks, several batches in flight) and record every file
    of `work.to_extract`, one batch of `settings.batch_size` files at a time."""
    pipeline.extract_and_record(
        index,
        work,
        lambda batch: extract_batch.submit(batch, pool),
        summary,
        settings.batch_size,
        pool.batches_in_flight,
        progress,
    )
