"""Distributed ingest: a run's files split into `ingest-batch` flow runs on the work pool, so every
worker serving the pool, on any host, takes a share; claims in the shared catalog keep each file
with one worker.

A parent flow run (`ingest` or `reindex` with `distribute`) plans, submits one batch run per
slice of files (all at once), and supervises them until every slice is done:
- a batch run that ends Failed, Crashed or Cancelled has its unfinished files submitted again;
- a batch run still Running whose claims went stale has lost its worker (its process on this
  host is gone, or a claim made from another host outlived `HOSO_LEASE_SECONDS`): it is marked
  Crashed and its unfinished files are submitted again, to whichever worker is free; one still
  Running `SILENT_SECONDS` after all its files were done is marked Crashed too;
- a slice submitted `MAX_SUBMISSIONS` times is given up: its unfinished files are reported and
  the next run takes them.
A host that dies before its batch run claimed anything leaves no stale claim; Prefect's zombie
automation (docs/deploy.md) marks such a run Crashed, which the first rule handles.
Then the parent links copies, forgets vanished paths and drops orphans (`pipeline.finish`) and
publishes totals read back from the catalog, the one record every worker wrote to.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, get_client
from prefect.artifacts import create_table_artifact
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.states import Crashed

from core.errors import UsageError
from core.records import FileEntry, IngestSummary
from core.settings import Settings
from flows.artifacts import publish_summary
from flows.tasks import run
from index import Index, open_index
from ingest import pipeline, tally
from ingest.claim import stale_claims
from ingest.workers import ExtractionPool

log = logging.getLogger(__name__)

BATCH_DEPLOYMENT = "ingest-batch/ingest-batch"
# Files per batch run: enough to pay for starting a flow-run process (a few seconds), few enough
# that every worker gets a share and a crash repeats little work.
FILES_PER_RUN = 100
POLL_SECONDS = 2.0
MAX_SUBMISSIONS = 3
# A batch run still running this long after its last file was recorded has lost its worker.
SILENT_SECONDS = 60.0
# With `force` a file counts as done once written after the run began, by the clock of the
# worker that wrote it; this much slack forgives clocks that disagree.
CLOCK_SLACK = dt.timedelta(seconds=60)


@flow(name="ingest-batch", log_prints=False, validate_parameters=False)
def ingest_batch(
    paths: list[str],
    data_dir: str | None = None,
    batch_size: int | None = None,
    force: bool = False,
) -> IngestSummary:
    """Ingest one slice of a distributed run: plan these files, claim, build and record them,
    then link copies among them. `force` re-extracts unchanged files (`hoso reindex
    --reextract`)."""
    settings = Settings.load(data_dir=data_dir, batch_size=batch_size)
    index = open_index(settings)
    pool = ExtractionPool.from_settings(settings)
    try:
        summary = run(index, paths, settings, pool, force=force)
        publish_summary(summary, key="ingest-batch")
        return summary
    finally:
        pool.close()
        index.close()


def open_shared_index(settings: Settings) -> Index:
    """The index of a distributed run: only Elasticsearch is shared by workers on many hosts."""
    if not settings.elasticsearch_url:
        raise UsageError(
            "a distributed run needs a catalog every worker shares: set HOSO_ELASTICSEARCH_URL "
            "for the flow run and every worker (docs/deploy.md)"
        )
    return open_index(settings)


def ingest_distributed(
    settings: Settings,
    paths: Sequence[str],
    data_dir: str | None = None,
    batch_size: int | None = None,
    files_per_run: int | None = None,
    progress: pipeline.Progress | None = None,
) -> IngestSummary:
    """The `ingest` flow with `distribute`: plan here, extract in batch runs, finish here."""
    index = open_shared_index(settings)
    try:
        summary = pipeline.run(
            index,
            paths,
            settings,
            extract=lambda work: run_batches(
                index,
                settings,
                work,
                data_dir=data_dir,
                batch_size=batch_size,
                files_per_run=files_per_run,
                progress=progress,
                key="ingest",
            ),
        )
        publish_summary(summary, key="ingest")
        return summary
    finally:
        index.close()


def refresh_distributed(
    index: Index,
    settings: Settings,
    reextract: bool = False,
    data_dir: str | None = None,
    files_per_run: int | None = None,
) -> IngestSummary:
    """`ingest.reindex.refresh` with the extraction in batch runs: re-extract the catalogued files
    whose content changed or whose pipeline version is old (all with `reextract`)."""
    roots = sorted({Path(e.path) for e in index.files()})
    return pipeline.run(
        index,
        roots,
        settings,
        force=reextract,
        extract=lambda work: run_batches(
            index,
            settings,
            work,
            force=reextract,
            data_dir=data_dir,
            files_per_run=files_per_run,
            key="reindex-refresh",
        ),
    )


@dataclass
class _Slice:
    """Files submitted together as one batch run, and the run now working on them."""

    number: int
    paths: list[str]
    files: int = 0
    run_id: uuid.UUID | None = None
    run_name: str = ""
    submissions: int = 0
    result: str = "running"
    done_at: float | None = None  # when every file of the running run was seen done


def run_batches(
    index: Index,
    settings: Settings,
    work: pipeline.Plan,
    *,
    force: bool = False,
    data_dir: str | None = None,
    batch_size: int | None = None,
    files_per_run: int | None = None,
    progress: pipeline.Progress | None = None,
    key: str = "ingest",
) -> IngestSummary:
    """Extract `work.to_extract` in batch runs of `files_per_run` files on the work pool; return
    once every slice is done (or given up) with the counts read from the catalog. `data_dir`
    and `batch_size` go to the batch runs when given (else each worker's settings decide)."""
    since = dt.datetime.now(dt.UTC) - CLOCK_SLACK
    planned = {e.path: e for e in work.to_extract}
    size = files_per_run or FILES_PER_RUN
    slices = [
        _Slice(number, [e.path for e in chunk], files=len(chunk))
        for number, chunk in enumerate(pipeline.batches(work.to_extract, size), start=1)
    ]
    parameters: dict[str, Any] = {"force": force}
    if data_dir is not None:
        parameters["data_dir"] = data_dir
    if batch_size is not None:
        parameters["batch_size"] = batch_size

    def submit(piece: _Slice) -> None:
        piece.submissions += 1
        again = f", attempt {piece.submissions}" if piece.submissions > 1 else ""
        # The synchronous variant (this is a sync flow): a FlowRun, never a coroutine.
        run: FlowRun = run_deployment(  # type: ignore[assignment]
            BATCH_DEPLOYMENT,
            parameters={**parameters, "paths": piece.paths},
            flow_run_name=(
                f"batch {piece.number} of {len(slices)}: {len(piece.paths)} files{again}"
            ),
            timeout=0,
        )
        piece.run_id, piece.run_name, piece.done_at = run.id, run.name, None

    def done(path: str) -> bool:
        return tally.done(index.get_file(path), planned[path], force, since)

    given_up: set[str] = set()
    for piece in slices:
        submit(piece)
    if progress:
        progress(0, len(planned))
    with get_client(sync_client=True) as client:
        while active := [s for s in slices if s.run_id is not None]:
            time.sleep(POLL_SECONDS)
            ids = [s.run_id for s in active if s.run_id is not None]
            runs = {
                r.id: r
                for r in client.read_flow_runs(
                    flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=ids)), limit=len(ids)
                )
            }
            stale = stale_claims(index, settings.lease_seconds)
            for piece in active:
                run = runs.get(piece.run_id) if piece.run_id is not None else None
                if run is None or run.state is None:
                    continue
                if run.state.type == StateType.COMPLETED:
                    piece.run_id, piece.result = None, "completed"
                    continue
                why = _trouble(run, piece, stale, done)
                if why is None:
                    continue
                if not run.state.is_final():
                    client.set_flow_run_state(
                        run.id, Crashed(message=f"hoso: the batch run {why}"), force=True
                    )
                remaining = [p for p in piece.paths if not done(p)]
                log.warning(
                    "batch run %s %s; %d of its files unfinished",
                    piece.run_name,
                    why,
                    len(remaining),
                )
                if not remaining:
                    piece.run_id, piece.result = None, f"files done; the run {why}"
                elif piece.submissions >= MAX_SUBMISSIONS:
                    given_up.update(remaining)
                    piece.run_id, piece.result = None, f"given up: {why}"
                else:
                    piece.paths = remaining
                    submit(piece)
            if progress:
                finished = sum(s.files for s in slices if s.run_id is None)
                progress(finished, len(planned))
    summary = tally.totals(
        index, work, planned, given_up, force, since, given_up_after=MAX_SUBMISSIONS
    )
    create_table_artifact(
        key=f"{key}-batches",
        table=[
            {"batch": s.number, "files": s.files, "runs": s.submissions, "result": s.result}
            for s in slices
        ],
        description="Batch flow runs and how each ended",
    )
    return summary


def _trouble(
    run: FlowRun, piece: _Slice, stale: dict[str, FileEntry], done: Callable[[str], bool]
) -> str | None:
    """Why a batch run that did not complete will not finish its files, or None while it may."""
    if run.state is None:
        return None
    if run.state.is_final():
        return f"ended {run.state.name}"
    if lost := _lost_claims(run, piece, stale):
        return f"lost its worker (stale claims of {lost})"
    if _silent(run, piece, done):
        return f"was still running {SILENT_SECONDS:.0f} s after its files were done"
    return None


def _lost_claims(run: FlowRun, piece: _Slice, stale: dict[str, FileEntry]) -> str | None:
    """The owner of a stale claim this running batch run made (after it started), or None."""
    if run.state is None or run.state.type != StateType.RUNNING or run.start_time is None:
        return None
    for path in piece.paths:
        entry = stale.get(path)
        claimed_at = entry.updated_at if entry is not None else None
        if (
            entry is not None
            and claimed_at
            and dt.datetime.fromisoformat(claimed_at) >= run.start_time
        ):
            return entry.owner or "an unknown worker"
    return None


def _silent(run: FlowRun, piece: _Slice, done: Callable[[str], bool]) -> bool:
    """Whether a running batch run has had all its files done for `SILENT_SECONDS`: killed
    after its last claim was recorded, it leaves no stale claim behind. Its files are done in
    order, so only when the last one is are all of them read."""
    if run.state is None or run.state.type != StateType.RUNNING or not piece.paths:
        return False
    if piece.done_at is None:
        if done(piece.paths[-1]) and all(done(p) for p in piece.paths):
            piece.done_at = time.monotonic()
        return False
    return time.monotonic() - piece.done_at > SILENT_SECONDS
