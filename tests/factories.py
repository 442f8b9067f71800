"""Small real-style test records, shared by the test modules (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import hashlib

from hoso.records import Document, document_id


def make_doc(
    text: str,
    title: str = "",
    doc_type: str | None = None,
    issued_date: str | None = None,
    fmt: str = "text",
) -> Document:
    sha = hashlib.sha256((title + text).encode()).hexdigest()
    return Document(
        id=document_id(sha),
        sha256=sha,
        format=fmt,
        text=text,
        title=title or text[:40],
        doc_type=doc_type,
        issued_date=issued_date,
    )
