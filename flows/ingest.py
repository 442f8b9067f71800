"""The `ingest` flow: walk the paths, skip what is unchanged, extract and enrich in tasks over
batches, write to the index, record every failure with its reason.

Extraction runs in Prefect tasks (several batches at once on the task runner); writing to the
index happens in the flow, one batch at a time, because an index has a single writer. With
`distribute`, the batches run instead as `ingest-batch` flow runs on a work pool, on as many
workers (and hosts) as serve it (`flows/batches.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from prefect import flow

from core.records import IngestSummary
from core.settings import Settings
from flows.artifacts import publish_summary
from flows.tasks import run
from index import open_index
from ingest import pipeline
from ingest.workers import ExtractionPool


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
    so they warm up meanwhile); its owner closes it. Settings come from `data_dir`, `batch_size` and the
    environment, like the CLI's (never a parameter: Prefect stores parameters, secrets too)."""
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
        summary = run(index, paths, settings, pool, progress=progress)
        publish_summary(summary, key="ingest")
        return summary
    finally:
        if own_pool:
            pool.close()
        index.close()
