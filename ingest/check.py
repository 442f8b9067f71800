"""`hoso check`: is the catalog consistent with the records and the search index? Repair what can
be repaired without the originals' help.

Problems found, and their repairs:
- a file marked indexed whose document has no record        → back to pending (re-extracted)
- a file left processing by a worker that is gone           → back to pending
- a record no indexed file points at                        → the record is deleted
- records missing from, or extra in, the live search index  → a new generation is built and
                                                              swapped in (from the records)
"""

from __future__ import annotations

import dataclasses

from core.records import CheckReport, FileStatus
from core.settings import LEASE_SECONDS
from index.base import Index
from ingest.claim import claimed_by_another


def check(index: Index, repair: bool = False, lease_seconds: float = LEASE_SECONDS) -> CheckReport:
    """Find (and with `repair`, fix) inconsistencies between catalog, records and search."""
    files = index.files()
    records = index.document_ids()
    report = CheckReport(files=len(files), documents=len(records))
    pointed: set[str] = set()
    reset = []
    for entry in files:
        if entry.status == FileStatus.INDEXED and entry.doc_id:
            pointed.add(entry.doc_id)
            if entry.doc_id not in records:
                report.problems.append(f"{entry.path}: indexed, but its record is missing")
                reset.append(entry)
        elif entry.status == FileStatus.PROCESSING and not claimed_by_another(entry, lease_seconds):
            report.problems.append(f"{entry.path}: left processing by a worker that is gone")
            reset.append(entry)
    orphans = records - pointed
    report.problems += [f"record {doc_id}: no indexed file points at it" for doc_id in orphans]
    searchable = index.searchable_ids()
    missing, extra = records - searchable, searchable - records
    if missing or extra:
        report.problems.append(
            f"search index: {len(missing)} records missing, {len(extra)} documents without a record"
        )
    if repair and report.problems:
        index.put_files(
            dataclasses.replace(e, status=FileStatus.PENDING, doc_id=None, owner=None)
            for e in reset
        )
        index.delete_documents(orphans)
        if missing or extra:
            index.activate_generation(index.build_generation())
        report.repaired = True
    return report
