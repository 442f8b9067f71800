"""Ingest as plain functions: plan what changed, build documents, record every outcome.

`run` is the one ingest run every entry point calls with its `Settings` (the flows build the
batches in Prefect tasks or batch runs, the others on threads). Every rule lives here:
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
import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.errors import BadInput
from core.records import (
    PIPELINE_VERSION,
    Document,
    DocumentFacts,
    Failure,
    FileEntry,
    FileStatus,
    IngestSummary,
    document_id,
)
from core.settings import LEASE_SECONDS, Limits, Settings
from extractors import ExtractOptions, bundle, extract
from index.base import Catalog, Index
from nlp.facts import extract_facts
from nlp.words import segment

# Partial downloads, editor lock files and OS metadata are never documents.
IGNORED_PREFIXES = (".", "~$", "~")
IGNORED_SUFFIXES = (".part", ".crdownload", ".tmp", ".swp", ".lock")
FINAL_STATES = (FileStatus.INDEXED, FileStatus.FAILED, FileStatus.SKIPPED)

Progress = Callable[[int, int], None]


def is_ignored(path: Path) -> bool:
    name = path.name
    return name.startswith(IGNORED_PREFIXES) or name.lower().endswith(IGNORED_SUFFIXES)


def walk(roots: Iterable[Path]) -> Iterator[Path]:
    """Every candidate file under the roots (a root may itself be a file), sorted, absolute."""
    for root in roots:
        root = root.absolute()
        if root.is_file():
            yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if not is_ignored(path) and path.is_file():
                    yield path


def catalog_path(path: Path) -> str:
    """The path as the catalog stores it: the path itself, or, for a name with bytes that are
    not UTF-8, the same with those bytes escaped (\\xNN)."""
    key = str(path)
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return key


def exists(path: str) -> bool:
    """Whether a catalog path still names a file, or a member of an archive that is one."""
    return os.path.exists(path) or bundle.split(path) is not None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Plan:
    """What an ingest run has to do, decided from the catalog before any extraction."""

    to_extract: list[FileEntry] = field(default_factory=list)
    # Paths whose content is (or, once extracted, will be) an existing document.
    to_link: list[FileEntry] = field(default_factory=list)
    vanished: list[FileEntry] = field(default_factory=list)
    # Documents that lost a path to new content and may now have none.
    orphan_candidates: set[str] = field(default_factory=set)
    # Paths in `to_extract` that were catalogued before (their content changed).
    changed: set[str] = field(default_factory=set)
    # The catalog entry each `to_extract` path had when planned: what a claim expects.
    expected: dict[str, FileEntry | None] = field(default_factory=dict)
    unchanged: int = 0
    # Files that cannot be read (or named): recorded failed, with the reason.
    unreadable: list[FileEntry] = field(default_factory=list)
    # Files whose processing started `max_attempts` times and never finished.
    parked: list[FileEntry] = field(default_factory=list)
    # Archives read as bundles (and archives inside them): their entries, indexed with their
    # member count, written by `finish` once their members are recorded.
    bundles: list[FileEntry] = field(default_factory=list)
    # The members of those archives, before they are planned like files.
    members: list[FileEntry] = field(default_factory=list)


def plan(
    index: Index,
    roots: Sequence[Path],
    force: bool = False,
    max_attempts: int = 3,
    lease_seconds: float = LEASE_SECONDS,
) -> Plan:
    """Compare the files under `roots` with the catalog; `force` re-extracts every file.

    An archive (extractors/bundle.py) is read, not extracted: each of its members is planned as
    a file of its own at `archive!/member`; a root may name such a member."""
    result = Plan()
    seen: set[str] = set()
    extracting: set[str] = set()
    # Roots naming members of an archive (a distributed batch, a re-index): archive → names.
    wanted: dict[Path, set[str]] = {}
    for root in roots:
        if not root.exists() and (parts := bundle.split(str(root.absolute()))) is not None:
            wanted.setdefault(parts[0], set()).add(parts[1])
    for path in walk(roots):
        key = catalog_path(path)
        if key in seen:  # overlapping roots (a folder and a file in it)
            continue
        seen.add(key)
        entry = index.get_file(key)
        if entry is not None and claimed_by_another(entry, lease_seconds):
            continue
        try:
            stat = path.stat()
            if (
                not force
                and entry is not None
                and entry.size == stat.st_size
                and entry.mtime_ns == stat.st_mtime_ns
                and entry.pipeline_version == PIPELINE_VERSION
                and entry.status in FINAL_STATES
                and _members_settled(index, entry, result, seen)
            ):
                result.unchanged += 1
                continue
            if key != str(path):
                # Undecodable bytes in the name: the catalog shows them escaped, so the file is
                # accounted for, but it is not read until someone renames it.
                result.unreadable.append(
                    FileEntry(
                        path=key,
                        size=stat.st_size,
                        mtime_ns=stat.st_mtime_ns,
                        sha256="",
                        status=FileStatus.FAILED,
                        error="the file name is not valid UTF-8; rename the file to index it",
                    )
                )
                continue
            sha = sha256_of(path)
        except OSError as e:
            result.unreadable.append(
                FileEntry(
                    path=key,
                    size=0,
                    mtime_ns=0,
                    sha256="",
                    status=FileStatus.FAILED,
                    error=f"cannot read file: {e.strerror or e}",
                )
            )
            continue
        current = FileEntry(path=key, size=stat.st_size, mtime_ns=stat.st_mtime_ns, sha256=sha)
        if (
            entry is not None
            and entry.format in bundle.FORMATS
            and not force
            and entry.sha256 == sha
            and entry.pipeline_version == PIPELINE_VERSION
            and entry.status in FINAL_STATES
            and _members_settled(index, entry, result, seen)
        ):
            # A touched but unchanged archive: remember the new stat, keep its members.
            index.put_files(
                [dataclasses.replace(entry, size=current.size, mtime_ns=current.mtime_ns)]
            )
            result.unchanged += 1
            continue
        kind = bundle.bundle_format(path)
        if kind is not None:
            if entry is not None and entry.doc_id:
                result.orphan_candidates.add(entry.doc_id)
            _plan_bundle(index, result, path, current, kind, None, seen)
            continue
        _plan_content(index, result, current, entry, force, max_attempts, extracting)
    for archive, names in wanted.items():
        key = catalog_path(archive)
        names = {n for n in names if bundle.member_path(key, n) not in seen}
        if names and (kind := bundle.bundle_format(archive)) is not None:
            archive_entry = FileEntry(path=key, size=0, mtime_ns=0, sha256="", format=kind)
            _plan_bundle(index, result, archive, archive_entry, kind, names, seen)
    for root in roots:
        root = root.absolute()
        catalogued = index.files(under=str(root))
        if any(e.path == str(root) and e.format in bundle.FORMATS for e in catalogued):
            # An archive named as a root: its members' paths are not under it as a folder's are.
            catalogued += index.files(under=str(root) + "!")
        for entry in catalogued:
            if entry.path not in seen:
                result.vanished.append(entry)
    # The same extraction is planned for members of the archives read above.
    _plan_members(index, result, force, max_attempts, lease_seconds, extracting)
    return result


def _members_settled(index: Index, entry: FileEntry, result: Plan, seen: set[str]) -> bool:
    """For an unchanged archive: True (its members counted unchanged and seen) when every member
    ended in a final state of this pipeline version; False when it must be read again (a run
    stopped before its members were done). True for any other file."""
    if entry.format not in bundle.FORMATS:
        return True
    members = index.files(under=entry.path + "!")
    if any(m.status not in FINAL_STATES or m.pipeline_version != PIPELINE_VERSION for m in members):
        return False
    seen.update(m.path for m in members)
    result.unchanged += len(members)
    return True


def _plan_bundle(
    index: Index,
    result: Plan,
    path: Path,
    archive: FileEntry,
    kind: str,
    only: set[str] | None,
    seen: set[str],
) -> None:
    """Read the archive at `path` (every member, or those named in `only`) and plan each member;
    the archive's own entry (indexed with its member count, or failed with the reason) is
    recorded by `finish`, after its members, unless only some members are planned."""
    try:
        members = bundle.list_members(path, only)
    except BadInput as e:
        error: str | None = str(e)
    except Exception as e:  # hostile bytes may break the archive readers in unforeseen ways
        error = f"corrupt archive: {type(e).__name__}: {e}"
    else:
        error = None
    if error is not None:
        if only is None:
            result.unreadable.append(
                dataclasses.replace(archive, status=FileStatus.FAILED, format=kind, error=error)
            )
        return
    nested = [m.name + bundle.SEPARATOR for m in members if m.members is not None]
    if only is None:
        direct = sum(not m.name.startswith(tuple(nested)) for m in members) if nested else None
        result.bundles.append(
            dataclasses.replace(
                archive,
                status=FileStatus.INDEXED,
                format=kind,
                members=direct if direct is not None else len(members),
                error=None,
                doc_id=None,
            )
        )
    for member in members:
        key = bundle.member_path(archive.path, member.name)
        if key in seen:
            continue
        seen.add(key)
        current = FileEntry(
            path=key, size=member.size, mtime_ns=member.mtime_ns, sha256=member.sha256
        )
        if member.error is not None:
            result.unreadable.append(
                dataclasses.replace(
                    current, status=FileStatus.FAILED, format=member.format, error=member.error
                )
            )
        elif member.members is not None:
            if only is not None and member.name not in only:
                continue  # read only on the way to a member named: its count is partial
            result.bundles.append(
                dataclasses.replace(
                    current,
                    status=FileStatus.INDEXED,
                    format=member.format,
                    members=sum(
                        m.name.startswith(member.name + bundle.SEPARATOR)
                        and bundle.SEPARATOR not in m.name[len(member.name) + 2 :]
                        for m in members
                    ),
                )
            )
        else:
            result.members.append(current)


def _plan_members(
    index: Index,
    result: Plan,
    force: bool,
    max_attempts: int,
    lease_seconds: float,
    extracting: set[str],
) -> None:
    """Plan the members the archives held like files: unchanged, linked, or extracted."""
    for current in result.members:
        entry = index.get_file(current.path)
        if entry is not None and claimed_by_another(entry, lease_seconds):
            continue
        _plan_content(index, result, current, entry, force, max_attempts, extracting)
    for entry in result.unreadable + result.bundles:
        # A member that used to be a document and is now a failure or an archive.
        old = index.get_file(entry.path) if bundle.SEPARATOR in entry.path else None
        if old is not None and old.doc_id:
            result.orphan_candidates.add(old.doc_id)


def _plan_content(
    index: Index,
    result: Plan,
    current: FileEntry,
    entry: FileEntry | None,
    force: bool,
    max_attempts: int,
    extracting: set[str],
) -> None:
    """Plan one file (or archive member) whose content was hashed: parked, unchanged, linked to
    an existing document, or extracted."""
    key, sha = current.path, current.sha256
    if entry is not None and entry.sha256 == sha and entry.status not in FINAL_STATES:
        # Started before and never finished (a crash, an outage): count the attempts.
        current.attempts = entry.attempts
        if entry.attempts >= max_attempts:
            result.parked.append(
                dataclasses.replace(
                    entry,
                    status=FileStatus.FAILED,
                    error=f"parked after {entry.attempts} attempts that never finished "
                    "(`hoso retry` tries again)",
                )
            )
            return
    if (
        not force
        and entry is not None
        and entry.sha256 == sha
        and entry.pipeline_version == PIPELINE_VERSION
        and entry.status in FINAL_STATES
    ):
        # Touched but not changed: remember the new stat, keep the outcome.
        index.put_files([dataclasses.replace(entry, size=current.size, mtime_ns=current.mtime_ns)])
        result.unchanged += 1
        return
    if entry is not None and entry.doc_id and entry.sha256 != sha:
        result.orphan_candidates.add(entry.doc_id)
    if entry is not None:
        result.changed.add(key)
    doc_id = document_id(sha)
    existing = index.get_document(doc_id)
    if doc_id in extracting or (
        not force and existing is not None and existing.pipeline_version == PIPELINE_VERSION
    ):
        result.to_link.append(current)
    else:
        extracting.add(doc_id)
        result.to_extract.append(current)
        result.expected[key] = entry


OWNER = f"{socket.gethostname()}:{os.getpid()}"


def claimed_by_another(entry: FileEntry, lease_seconds: float = LEASE_SECONDS) -> bool:
    """True while another live worker is processing the file. A claim by a process of this host
    that is gone (killed, crashed) is stale at once; one from another host expires after
    `lease_seconds`."""
    if entry.status != FileStatus.PROCESSING or not entry.updated_at:
        return False
    host, _, pid = (entry.owner or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return int(pid) != os.getpid() and _alive(int(pid))
    claimed_at = dt.datetime.fromisoformat(entry.updated_at)
    return (dt.datetime.now(dt.UTC) - claimed_at).total_seconds() < lease_seconds


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(index: Catalog, work: Plan, entries: Sequence[FileEntry]) -> list[FileEntry]:
    """Claim files just before extracting them; returns those this worker won (the others are
    being processed elsewhere). Each claim counts an attempt."""
    return [
        claimed
        for e in entries
        if index.claim(
            claimed := dataclasses.replace(e, attempts=e.attempts + 1, owner=OWNER),
            work.expected.get(e.path),
        )
    ]


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


def record(
    index: Index, outcomes: Sequence[Outcome], summary: IngestSummary, changed: set[str]
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


def finish(index: Index, work: Plan, summary: IngestSummary) -> None:
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
