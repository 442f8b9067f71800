"""The `reindex` flow (nightly): refresh the records, build a new search generation beside the
live one, verify it, swap it in. Searches keep answering from the live generation throughout.
With `distribute`, the refresh runs as `ingest-batch` flow runs on the work pool
(`flows/batches.py`)."""

from __future__ import annotations

from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from core.errors import BackendError
from core.records import IngestSummary, ReindexReport
from core.settings import Settings
from flows.artifacts import publish_summary
from index import Index, open_index
from ingest import reindex as steps
from ingest.workers import ExtractionPool


@task(name="refresh-records", cache_policy=NO_CACHE)
def refresh_records(index: Index, settings: Settings, reextract: bool) -> IngestSummary:
    with ExtractionPool.from_settings(settings) as pool:
        return steps.refresh(index, settings, pool, reextract=reextract)


@task(
    name="build-generation",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=[10, 60],
    retry_condition_fn=lambda task, run, state: isinstance(
        state.result(raise_on_failure=False), BackendError
    ),
)
def build_generation(index: Index) -> str:
    return index.build_generation()


@task(name="verify-generation", cache_policy=NO_CACHE)
def verify_generation(index: Index, generation: str) -> int:
    return steps.verify(index, generation)


@flow(name="reindex", log_prints=False, retries=1, retry_delay_seconds=300)
def reindex(
    data_dir: str | None = None,
    reextract: bool = False,
    distribute: bool = False,
    files_per_run: int | None = None,
) -> ReindexReport:
    """Rebuild the search index from the stored records and switch to it atomically.

    `distribute` refreshes the records in `ingest-batch` flow runs of `files_per_run` files each
    on the work pool (Elasticsearch only: the workers share its catalog)."""
    settings = Settings.load(data_dir=data_dir)
    if distribute:
        from flows.batches import open_shared_index, refresh_distributed

        index = open_shared_index(settings)
    else:
        index = open_index(settings)
    try:
        if distribute:
            refreshed = refresh_distributed(
                index, settings, reextract, data_dir=data_dir, files_per_run=files_per_run
            )
        else:
            refreshed = refresh_records(index, settings, reextract)
        previous = index.current_generation
        generation = build_generation(index)
        searches = verify_generation(index, generation)
        index.activate_generation(generation)
        report = ReindexReport(
            generation=generation,
            previous=previous,
            documents=index.count_documents(),
            refreshed=refreshed,
            verified_searches=searches,
        )
    finally:
        index.close()
    publish_summary(refreshed, key="reindex-refresh")
    create_table_artifact(
        key="reindex",
        table=[
            {
                "live generation": report.generation,
                "previous (rollback)": report.previous,
                "documents": report.documents,
                "verified searches": report.verified_searches,
            }
        ],
        description="Re-index result",
    )
    return report
