"""The status report: files by state, the number of documents, the files that failed or were
skipped with their reasons."""

from __future__ import annotations

from collections.abc import Sequence

from core.records import Failure, FileEntry, FileStatus, Status
from index.base import Store


def failures(files: Sequence[FileEntry], newest_first: bool = False) -> list[Failure]:
    """The files that failed or were skipped, each with its reason; in catalog order, or the most
    recently recorded first."""
    found = [f for f in files if f.status in (FileStatus.FAILED, FileStatus.SKIPPED)]
    if newest_first:
        found.sort(key=lambda f: (f.updated_at or "", f.path), reverse=True)
    return [Failure(f.path, f.status, f.error or "") for f in found]


def status(index: Store, newest_first: bool = False) -> Status:
    """Counts by file state, the number of documents, the failures (ordered as `failures`)."""
    files = index.files()
    counts = {s.value: 0 for s in FileStatus}
    for f in files:
        counts[f.status.value] += 1
    return Status(
        files=counts,
        documents=index.count_documents(),
        failures=failures(files, newest_first=newest_first),
    )
