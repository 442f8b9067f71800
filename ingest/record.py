"""Record: every outcome written to the catalog and the index, and what an ingest leaves
behind cleaned up (paths that vanished, documents with no path left)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from core.records import (
    Failure,
    FileStatus,
    IngestSummary,
    document_id,
)
from index.base import Store
from ingest.build import Outcome
from ingest.plan import Plan
from nlp.words import segment


def record(
    index: Store, outcomes: Sequence[Outcome], summary: IngestSummary, changed: set[str]
) -> None:
    """Store the documents, then mark their files indexed, or failed with the reason."""
    built = [(o.document, o.words) for o in outcomes if o.document is not None]
    index.put_documents(
        [doc for doc, _ in built],
        [words if words is not None else segment(doc.text) for doc, words in built],
    )
    entries = []
    for o in outcomes:
        if o.document is not None:
            entries.append(
                dataclasses.replace(
                    o.entry,
                    status=FileStatus.INDEXED,
                    format=o.document.format,
                    doc_id=o.document.id,
                    error=None,
                    attempts=0,
                    owner=None,
                )
            )
            summary.indexed += 1
            summary.updated += o.entry.path in changed
        else:
            reason = o.error or "unknown error"
            entries.append(dataclasses.replace(o.entry, status=o.status, error=reason, doc_id=None))
            if o.status == FileStatus.SKIPPED:
                summary.skipped += 1
            else:
                summary.failed += 1
            summary.failures.append(Failure(o.entry.path, o.status, reason))
    index.put_files(entries)


def finish(index: Store, work: Plan, summary: IngestSummary) -> None:
    """Link copies of known content, forget vanished paths, drop documents left with no path."""
    # A copy whose twin failed in this run fails for the same reason.
    reasons = {
        entry.sha256: entry.error
        for f in summary.failures
        if (entry := index.get_file(f.path)) is not None and entry.error
    }
    linked = []
    for entry in work.to_link:
        doc = index.get_document(document_id(entry.sha256))
        if doc is not None:
            linked.append(
                dataclasses.replace(
                    entry, status=FileStatus.INDEXED, format=doc.format, doc_id=doc.id
                )
            )
            summary.linked += 1
        else:
            reason = reasons.get(entry.sha256, "content could not be extracted")
            linked.append(dataclasses.replace(entry, status=FileStatus.FAILED, error=reason))
            summary.failed += 1
            summary.failures.append(Failure(entry.path, FileStatus.FAILED, reason))
    index.put_files(linked)
    index.remove_files(e.path for e in work.vanished)
    summary.removed += len(work.vanished)
    gone = {e.doc_id for e in work.vanished}
    summary.moved += sum(e.doc_id in gone for e in linked if e.status == FileStatus.INDEXED)
    orphans = work.orphan_candidates | {e.doc_id for e in work.vanished if e.doc_id}
    index.delete_documents(
        doc_id
        for doc_id in orphans
        if (doc := index.get_document(doc_id)) is not None and not doc.paths
    )
    index.put_files(work.parked)
    index.put_files(work.unreadable)
    # After their members: an archive recorded indexed has every member recorded.
    index.put_files(work.bundles)
    for failure in [
        Failure(e.path, e.status, e.error or "") for e in work.unreadable + work.parked
    ]:
        summary.failed += 1
        summary.failures.append(failure)
