"""Original files offered for download: only from the configured archive roots, only as ingested.

A document's paths come from the catalog, never from the request, and each is still checked:
resolved (symlinks followed) and required to lie inside a resolved archive root, so neither `..`
nor a symlink pointing out of the archive reaches another file; and its size and sha256 must
still be the ingested content's, so a file replaced since is not served under the old record.

A member of an archive (`bundle.zip!/folder/file.pdf`) is served from the archive: the archive is
the file checked against the roots, and the member's bytes are read from it by their catalog name
(extractors/bundle.py), never through the file system, so no name inside an archive
(`../../x.pdf`, `/etc/passwd`) can reach a file outside it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import BadInput, UsageError
from core.records import Document
from extractors import bundle


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


@dataclass(frozen=True)
class Original:
    """Where a document's original is: its catalog `path`, the `real` file on disk (resolved),
    and for a member of an archive, the member's name inside the archive `real` is."""

    path: str
    real: Path
    member: str | None = None

    @property
    def filename(self) -> str:
        return (self.member or self.real.name).rsplit("/", 1)[-1]


def locate_original(doc: Document, roots: Sequence[Path], wanted: str | None = None) -> Original:
    """The document's original (or its copy `wanted`) inside an archive root.

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
        parts = bundle.split(candidate)
        real = Path(os.path.realpath(parts[0] if parts else candidate))
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
        elif parts is not None:
            return Original(candidate, real, parts[1])
        elif doc.size and size != doc.size:
            problems.append(_changed(candidate))
        else:
            return Original(candidate, real)
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


def read_member(original: Original, sha256: str) -> bytes:
    """The bytes of an archive member, read from the archive; OriginalUnavailable (409) unless
    they are still the ingested content."""
    if original.member is None:
        raise ValueError("not a member of an archive")
    try:
        data = bundle.read_member(original.real, original.member)
    except BadInput as e:
        raise OriginalUnavailable(
            f"{original.path} cannot be read from its archive any more ({e}); run `hoso ingest` "
            "again",
            409,
        ) from e
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _changed(original.path)
    return data


# Page images are drawn at this many pixels per PDF point (72 per inch): about 108 dpi, enough
# to read a scan beside its OCR text, small enough to send quickly.
PAGE_SCALE = 1.5


def render_page(original: Original, sha256: str, number: int) -> bytes:
    """Page `number` (from 1) of a PDF original as a JPEG image, once the file is checked unchanged;
    OriginalUnavailable (404) when it has no such page or cannot be drawn."""
    import io

    import pypdfium2

    if original.member is not None:
        source: bytes | Path = read_member(original, sha256)
    else:
        check_unchanged(original.real, sha256)
        source = original.real
    try:
        pdf = pypdfium2.PdfDocument(source)
    except pypdfium2.PdfiumError as e:
        raise OriginalUnavailable(f"{original.path} cannot be drawn as PDF pages ({e})", 404) from e
    try:
        if not 1 <= number <= len(pdf):
            raise OriginalUnavailable(f"{original.path} has no page {number}", 404)
        image = pdf[number - 1].render(scale=PAGE_SCALE).to_pil()
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=75)
        return out.getvalue()
    finally:
        pdf.close()
