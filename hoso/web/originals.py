"""Original files offered for download: only from the configured archive roots, only as ingested.

A document's paths come from the catalog, never from the request, and each is still checked:
resolved (symlinks followed) and required to lie inside a resolved archive root, so neither `..`
nor a symlink pointing out of the archive reaches another file; and its size and sha256 must
still be the ingested content's, so a file replaced since is not served under the old record.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from hoso.errors import UsageError
from hoso.records import Document


class OriginalUnavailable(UsageError):
    """The original cannot be served; `status` is the HTTP status that says why."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


DISABLED = (
    "downloads are disabled: set HOSO_ARCHIVE_ROOTS to the folders originals may be served from"
)


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def locate_original(
    doc: Document, roots: Sequence[Path], wanted: str | None = None
) -> tuple[str, Path]:
    """The catalog path and the real path of the document's original (or of its copy `wanted`)
    inside an archive root.

    Raises OriginalUnavailable: 403 when downloads are disabled or the file lies outside every
    root, 404 when `wanted` is not one of the document's paths or the file is gone, 409 when the
    file no longer has the ingested size.
    """
    if not roots:
        raise OriginalUnavailable(DISABLED, 403)
    real_roots = [Path(os.path.realpath(root)) for root in roots]
    if wanted is not None and wanted not in doc.paths:
        raise OriginalUnavailable(f"{wanted!r} is not a path of document {doc.id}", 404)
    candidates = [wanted] if wanted is not None else doc.paths
    if not candidates:
        raise OriginalUnavailable(f"document {doc.id} has no file in the catalog", 404)
    problems: list[OriginalUnavailable] = []
    for candidate in candidates:
        real = Path(os.path.realpath(candidate))
        if not _inside(real, real_roots):
            problems.append(
                OriginalUnavailable(
                    f"{candidate} is outside the archive roots (HOSO_ARCHIVE_ROOTS)", 403
                )
            )
            continue
        try:
            size = real.stat().st_size
        except OSError:
            problems.append(OriginalUnavailable(f"{candidate} no longer exists", 404))
            continue
        if not real.is_file():
            problems.append(OriginalUnavailable(f"{candidate} is not a regular file", 404))
        elif doc.size and size != doc.size:
            problems.append(_changed(candidate))
        else:
            return candidate, real
    # Prefer the reason a person can act on: a file outside the roots over one that is gone.
    raise min(problems, key=lambda p: {403: 0, 409: 1}.get(p.status, 2))


def _changed(path: str) -> OriginalUnavailable:
    return OriginalUnavailable(
        f"{path} changed since it was ingested; run `hoso ingest` again to serve it", 409
    )


def check_unchanged(path: Path, sha256: str) -> None:
    """Raise OriginalUnavailable (409) unless the file still has the ingested content."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        raise _changed(str(path))
