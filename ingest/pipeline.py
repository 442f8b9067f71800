"""Ingest as plain functions: plan what changed, build documents, record every outcome.

`run` is the one ingest run every entry point calls with its `Settings` (the flows build the
batches in Prefect tasks or batch runs, the others on threads); `ingest` runs it in process.
Each step has its module: `ingest.discover` (the files under the roots), `ingest.plan` (what to
do with each), `ingest.claim` (one worker per file), `ingest.build` (file → document or
failure), `ingest.record` (outcomes into the catalog and the index). The rules they keep:
- a file is unchanged when size, mtime and pipeline version match the catalog (no read at all);
  when only the stat changed, its sha256 decides;
- a document's id is derived from its content, so a copy at another path is linked to the
  existing document without extraction;
- every file ends indexed, failed with a reason, or skipped with a reason; one bad file never
  stops the others;
- a worker extracts a file only after claiming it in the catalog (compare-and-set), so workers
  sharing a catalog never process one file twice; a claim left by a dead worker expires after
  the lease (`HOSO_LEASE_SECONDS`, default `LEASE_SECONDS`);
- a path that vanished is removed, and a document with no remaining path leaves the index.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.records import (
    FileEntry,
    IngestSummary,
)
from core.settings import LEASE_SECONDS, Limits, Settings
from extractors import ExtractOptions
from index.base import Index
from ingest.build import Outcome, build_one
from ingest.claim import claim
from ingest.plan import Plan, plan
from ingest.record import finish, record

Progress = Callable[[int, int], None]


def batches(entries: Sequence[FileEntry], size: int) -> list[list[FileEntry]]:
    return [list(entries[i : i + size]) for i in range(0, len(entries), max(1, size))]


class Pending(Protocol):
    """A batch being built: a `concurrent.futures.Future` or a Prefect task future."""

    def result(self) -> list[Outcome]: ...


def extract_and_record(
    index: Index,
    work: Plan,
    submit: Callable[[list[FileEntry]], Pending],
    summary: IngestSummary,
    batch_size: int = 16,
    in_flight: int = 1,
    progress: Progress | None = None,
) -> None:
    """Claim, build and record every file of `work.to_extract`, one batch at a time: `submit`
    starts building a batch; up to `in_flight` batches build while the oldest is recorded (an
    index has a single writer, this thread)."""
    total, done = len(work.to_extract), 0
    if progress:
        progress(0, total)
    pending: collections.deque[Pending] = collections.deque()

    def record_oldest() -> None:
        nonlocal done
        outcomes = pending.popleft().result()
        record(index, outcomes, summary, work.changed)
        done += len(outcomes)
        if progress:
            progress(done, total)

    with index.bulk():  # one search commit every few seconds, not one per batch
        for batch in batches(work.to_extract, batch_size):
            # Claimed just before building: a crash costs an attempt only to files in flight.
            pending.append(submit(claim(index, work, batch)))
            if len(pending) >= max(1, in_flight):
                record_oldest()
        while pending:
            record_oldest()


class Builder(Protocol):
    """What builds a run's files on its threads: an `ExtractionPool` (worker processes) or
    `InProcess`. `batches_in_flight` batches build at once."""

    @property
    def batches_in_flight(self) -> int: ...

    def build(self, entry: FileEntry) -> Outcome: ...


@dataclass
class InProcess:
    """Builds in this process, one file at a time (pdfium and underthesea are not thread-safe)."""

    options: ExtractOptions
    limits: Limits = field(default_factory=Limits)
    batches_in_flight: int = 1

    def build(self, entry: FileEntry) -> Outcome:
        return build_one(entry, self.options, self.limits)


def run(
    index: Index,
    roots: Sequence[str | Path],
    settings: Settings,
    builder: Builder | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    submit: Callable[[list[FileEntry]], Pending] | None = None,
    extract: Callable[[Plan], IngestSummary] | None = None,
) -> IngestSummary:
    """The one ingest run, called by every entry point (`hoso ingest` and `hoso retry` through
    the `ingest` flow, the `ingest-batch` flow, the watcher, re-indexing): plan `roots` with
    `settings.max_attempts` and `settings.lease_seconds`, claim, build and record
    `settings.batch_size` files at a time, then link copies and forget vanished paths (`finish`).

    `builder` builds the files on threads (default: in this process, within `settings.limits`);
    `submit` starts building a batch instead (a Prefect task); `extract` replaces claiming,
    building and recording altogether (batch runs on a work pool) and returns the summary."""
    work = plan(
        index,
        [Path(p) for p in roots],
        force=force,
        max_attempts=settings.max_attempts,
        lease_seconds=settings.lease_seconds,
    )
    if extract is not None:
        summary = extract(work)
    else:
        summary = IngestSummary(unchanged=work.unchanged)
        builder = builder or InProcess(
            ExtractOptions(cache_dir=settings.cache_dir), settings.limits
        )
        in_flight = max(1, builder.batches_in_flight)
        with ThreadPoolExecutor(max_workers=in_flight) as threads:
            extract_and_record(
                index,
                work,
                submit
                or (
                    lambda batch: threads.submit(lambda: [builder.build(entry) for entry in batch])
                ),
                summary,
                settings.batch_size,
                in_flight,
                progress,
            )
    finish(index, work, summary)
    return summary


@dataclass
class _Calls:
    build: Callable[[FileEntry], Outcome]
    batches_in_flight: int = 1


def ingest(
    index: Index,
    roots: Sequence[Path],
    options: ExtractOptions,
    batch_size: int = 16,
    progress: Progress | None = None,
    force: bool = False,
    build: Callable[[FileEntry], Outcome] | None = None,
    in_flight: int = 1,
    max_attempts: int = 3,
    lease_seconds: float = LEASE_SECONDS,
) -> IngestSummary:
    """`run` with these settings, for tests and benchmarks. `build` builds one file: an
    `ExtractionPool.build`, which isolates the parsers in worker processes and lets `in_flight`
    batches (`pool.batches_in_flight`) build at once on threads; by default, in this process,
    one file at a time with the default limits."""
    settings = Settings(
        batch_size=batch_size, max_attempts=max_attempts, lease_seconds=lease_seconds
    )
    builder: Builder = InProcess(options) if build is None else _Calls(build, in_flight)
    return run(index, roots, settings, builder, force=force, progress=progress)
