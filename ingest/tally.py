"""The bookkeeping of a distributed ingest, read from the shared catalog: whether a planned file
was dealt with in this run, and the run's totals (the batch runs, on any host, wrote the
catalog; the parent that supervises them in `flows.batches` reads it back)."""

from __future__ import annotations

import datetime as dt

from core.records import PIPELINE_VERSION, Failure, FileEntry, FileStatus, IngestSummary
from index.base import Catalog
from ingest.discover import exists
from ingest.plan import FINAL_STATES, Plan


def done(entry: FileEntry | None, planned: FileEntry, force: bool, since: dt.datetime) -> bool:
    """Whether a planned file was dealt with in this run: indexed, failed or skipped."""
    if entry is None:
        # Not claimed yet (a new file has no entry before its claim), or vanished and removed
        # by its batch run: submitting it again costs next to nothing either way.
        return False
    if entry.status not in FINAL_STATES:
        return False
    if entry.sha256 != planned.sha256 or entry.pipeline_version != PIPELINE_VERSION:
        return False  # the catalog still holds the outcome of older content
    # With `force` the old outcome looks like a new one: only its time tells them apart.
    return not force or (
        entry.updated_at is not None and dt.datetime.fromisoformat(entry.updated_at) >= since
    )


def totals(
    index: Catalog,
    work: Plan,
    planned: dict[str, FileEntry],
    given_up: set[str],
    force: bool,
    since: dt.datetime,
    given_up_after: int,
) -> IngestSummary:
    """The counts of the planned files, read from the catalog the batch runs wrote."""
    summary = IngestSummary(unchanged=work.unchanged)
    for path, expected in planned.items():
        entry = index.get_file(path)
        if entry is None or not done(entry, expected, force, since):
            if path in given_up and exists(path):
                summary.failed += 1
                summary.failures.append(
                    Failure(
                        path,
                        entry.status if entry else FileStatus.PENDING,
                        f"not finished: its batch flow run failed {given_up_after} times; the "
                        "next run takes it again",
                    )
                )
            continue
        if entry.status == FileStatus.INDEXED:
            summary.indexed += 1
            summary.updated += path in work.changed
        elif entry.status == FileStatus.SKIPPED:
            summary.skipped += 1
            summary.failures.append(Failure(path, entry.status, entry.error or ""))
        else:
            summary.failed += 1
            summary.failures.append(Failure(path, entry.status, entry.error or ""))
    return summary
