"""The Prefect tasks the ingest flows share, and the one ingest run with its batches built by them."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import task
from prefect.cache_policies import NO_CACHE

from core.records import FileEntry, IngestSummary
from core.settings import Settings
from index import Index
from ingest import pipeline
from ingest.workers import ExtractionPool


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(entries: list[FileEntry], pool: ExtractionPool) -> list[pipeline.Outcome]:
    """Extract and enrich a batch of files in the worker processes; failures are outcomes."""
    return [pool.build(entry) for entry in entries]


def run(
    index: Index,
    paths: Sequence[str],
    settings: Settings,
    pool: ExtractionPool,
    force: bool = False,
    progress: pipeline.Progress | None = None,
) -> IngestSummary:
    """`pipeline.run` with every batch built by an `extract-batch` task (several in flight)."""
    return pipeline.run(
        index,
        paths,
        settings,
        pool,
        force=force,
        progress=progress,
        submit=lambda batch: extract_batch.submit(batch, pool),
    )
