"""Small real-style test records, shared by the test modules (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path
from typing import Any

from core.records import Body, Document, FileEntry, FileStatus, document_id


def make_doc(
    text: str,
    title: str | None = None,
    doc_type: str | None = None,
    issued_date: str | None = None,
    fmt: str = "text",
    **fields: Any,
) -> Document:
    """A document of `text` whose id is the hash of its title and text. `title` None: the first
    40 characters of the text; `fields`: any other field of the record (facts, issuer, …)."""
    sha = hashlib.sha256(((title or "") + text).encode()).hexdigest()
    return Document(
        id=document_id(sha),
        sha256=sha,
        format=fmt,
        text=text,
        title=text[:40] if title is None else title,
        doc_type=doc_type,
        issued_date=issued_date,
        **fields,
    )


def indexed_entry(doc: Document, path: str | None = None, mtime_ns: int = 0) -> FileEntry:
    """The catalog entry of a file indexed as `doc` (at `/archive/ID.txt` unless told)."""
    return FileEntry(
        path=path or f"/archive/{doc.id}.txt",
        size=len(doc.text),
        mtime_ns=mtime_ns,
        sha256=doc.sha256,
        status=FileStatus.INDEXED,
        format=doc.format,
        doc_id=doc.id,
    )


def sample_inbox(root: Path, samples_dir: Path, broken: bool = False) -> Path:
    """A writable copy of the sample folder at `root`/inbox; `broken`: with `broken.pdf` too, a
    PDF no extractor can read."""
    inbox = root / "inbox"
    shutil.copytree(samples_dir, inbox)
    for path in inbox.iterdir():
        path.chmod(0o644)
    if broken:
        (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a pdf")
    return inbox


def entry(path: str, n: int = 1, **fields: Any) -> FileEntry:
    """A catalog entry for a path no test reads from disk: its size, mtime and hash made from
    `n`, pending unless `fields` say otherwise (any of them may be given)."""
    made: dict[str, Any] = {"size": n, "mtime_ns": n, "sha256": f"{n:064x}"}
    return FileEntry(path=path, **{**made, **fields})


def file_entry(path: Path, **fields: Any) -> FileEntry:
    """The catalog entry of a real file as a scan finds it (its size, mtime and hash), pending
    unless `fields` say otherwise."""
    data, stat = path.read_bytes(), path.stat()
    return FileEntry(
        path=str(path),
        size=len(data),
        mtime_ns=stat.st_mtime_ns,
        sha256=hashlib.sha256(data).hexdigest(),
        **fields,
    )


DEEP_ISSUER = "Thường trực Hội đồng nhân dân huyện Krông Nô"
DEEP_BODY = "Ban Pháp chế Hội đồng nhân dân huyện Krông Nô"
DEEP_SESSION = "kỳ họp thứ 7, khóa XII"
DEEP_TERM = "2021-2026"


def deep_documents() -> tuple[list[Document], list[Document]]:
    """(1,150 short documents that repeat "giám sát", 50 long ones that say it once): for the
    query "giám sát" the 50 rank below the first 1,000 hits. Only the 50 have an issuer, a body,
    a session and a term, and only they were issued in 2024 (the others in 2000-2019)."""
    fillers = [
        make_doc(f"Giám sát, giám sát và giám sát lần {i}.", issued_date=f"{2000 + i % 20}-01-01")
        for i in range(1150)
    ]
    wordy = " ".join(["Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế xã hội."] * 20)
    targets = [
        dataclasses.replace(
            make_doc(f"{wordy} Đoàn giám sát số {i}.", issued_date=f"2024-03-{1 + i % 28:02d}"),
            issuer=DEEP_ISSUER,
            bodies=[Body(DEEP_BODY)],
            session=DEEP_SESSION,
            term=DEEP_TERM,
        )
        for i in range(50)
    ]
    return fillers, targets
