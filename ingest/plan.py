"""Plan: what an ingest must do with each file it found (new, changed, unchanged, a copy, a
bundle's members, gone), from the catalog alone where the file's stat allows."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import BadInput
from core.records import (
    PIPELINE_VERSION,
    FileEntry,
    FileStatus,
    document_id,
)
from core.settings import LEASE_SECONDS
from extractors import bundle
from index.base import Store
from ingest.claim import claimed_by_another
from ingest.discover import catalog_path, sha256_of, walk

FINAL_STATES = (FileStatus.INDEXED, FileStatus.FAILED, FileStatus.SKIPPED)


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
    index: Store,
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


def _members_settled(index: Store, entry: FileEntry, result: Plan, seen: set[str]) -> bool:
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
    index: Store,
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
    index: Store,
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
    index: Store,
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
