"""Build: one file → its document (extraction, words, facts), or a failure with a reason a
person can act on."""

from __future__ import annotations

import contextlib
import dataclasses
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from core.errors import BadInput
from core.records import (
    Document,
    DocumentFacts,
    FileEntry,
    FileStatus,
    document_id,
)
from core.settings import Limits
from extractors import ExtractOptions, bundle, extract
from nlp.facts import extract_facts
from nlp.words import segment


def build_document(path: Path, sha256: str, options: ExtractOptions) -> Document:
    """Extract and enrich one file. Raises BadInput (or anything a parser throws)."""
    extraction = extract(path, options)
    facts = extract_facts(extraction.text, extraction.title)
    values = {f.name: getattr(facts, f.name) for f in dataclasses.fields(DocumentFacts)}
    values["title"] = facts.title or path.stem
    return Document(
        **values,
        id=document_id(sha256),
        sha256=sha256,
        format=extraction.format,
        text=extraction.text,
        pages=extraction.pages,
        size=path.stat().st_size,
        metadata=extraction.metadata,
    )


def _pdf_pages(path: Path) -> int | None:
    with path.open("rb") as f:
        if b"%PDF-" not in f.read(1024):
            return None
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        return None  # the extractor will say what is wrong with it
    try:
        return len(pdf)
    finally:
        pdf.close()


def over_limits(entry: FileEntry, limits: Limits, path: Path | None = None) -> str | None:
    """Why the file (its content at `path`, default its catalog path) is skipped, or None."""
    size_mb = entry.size / 1_048_576
    if size_mb > limits.max_file_mb:
        return (
            f"file is {size_mb:.0f} MB, over the {limits.max_file_mb} MB limit (HOSO_MAX_FILE_MB)"
        )
    pages = _pdf_pages(path or Path(entry.path))
    if pages is not None and pages > limits.max_pages:
        return f"PDF has {pages} pages, over the {limits.max_pages} page limit (HOSO_MAX_PAGES)"
    return None


def failure_reason(error: Exception) -> str:
    """One line a person can act on. Unexpected errors name their type: they are parser bugs."""
    if isinstance(error, BadInput):
        return str(error)
    if isinstance(error, OSError):  # e.g. deleted or made unreadable after it was planned
        return f"cannot read file: {error.strerror or error}"
    return f"extractor crashed: {type(error).__name__}: {error}"


@dataclass
class Outcome:
    """The result of building one file: a document, or why not (failed, or skipped by a limit)."""

    entry: FileEntry
    document: Document | None = None
    error: str | None = None
    status: FileStatus = FileStatus.FAILED
    # The document's underthesea segmentation, made where the document was built (a worker).
    words: str | None = None


@contextlib.contextmanager
def local_file(path: str) -> Iterator[Path]:
    """The file to extract for a catalog path: the file itself or, for a member of an archive,
    a copy of the member's bytes in a private temporary folder, named like the member (the
    extractors read paths), removed on exit. A member's bytes are read from the archive by
    its cleaned name, so no name in an archive decides where anything is written."""
    parts = bundle.split(path)
    if parts is None:
        yield Path(path)
        return
    data = bundle.read_member(*parts)
    with tempfile.TemporaryDirectory(prefix="hoso-member-") as folder:
        name = parts[1].rsplit("/", 1)[-1]
        if len(name.encode()) > 200:  # file names are at most 255 bytes
            name = name.encode()[:200].decode("utf-8", "ignore") + Path(name).suffix[-16:]
        local = Path(folder) / name
        local.write_bytes(data)
        del data
        yield local


def build_one(entry: FileEntry, options: ExtractOptions, limits: Limits) -> Outcome:
    """Build one file (or archive member) in this process; a failure is an outcome, never an
    exception."""
    local: Path | None = None
    try:
        with local_file(entry.path) as local:
            if reason := over_limits(entry, limits, local):
                return Outcome(entry, error=reason, status=FileStatus.SKIPPED)
            document = build_document(local, entry.sha256, options)
        return Outcome(entry, document, words=segment(document.text))
    except MemoryError:
        return Outcome(entry, error=f"ran out of memory (over the {limits.memory_mb} MB cap)")
    except Exception as e:  # one bad file never stops the others
        reason = failure_reason(e)
        if local is not None and str(local) != entry.path:
            reason = reason.replace(str(local), entry.path)  # never the temporary copy's path
        return Outcome(entry, error=reason)
