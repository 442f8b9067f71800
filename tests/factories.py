"""Small real-style test records, shared by the test modules (pytest puts tests/ on sys.path)."""

from __future__ import annotations

import dataclasses
import hashlib

from hoso.records import Body, Document, document_id


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
