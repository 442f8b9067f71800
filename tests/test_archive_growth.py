"""Adding files costs the same whatever the archive holds: the catalog statements an ingest runs
are the same in number on an empty archive and a full one, and none of them scans a table.
(The seconds per file are measured by benchmarks/growth.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from factories import entry, make_doc

from core.records import FileStatus
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest import pipeline

TEXT = "Nghị quyết số {n}/2019/NQ-HĐND của Hội đồng nhân dân tỉnh về chương trình giám sát.\n"


def fill(index: EmbeddedIndex, count: int) -> None:
    """An archive of `count` documents, each catalogued at a path of its own."""
    docs = [make_doc(f"Văn bản lưu trữ số {n} của Hội đồng nhân dân.") for n in range(count)]
    with index.bulk():
        index.put_documents(docs, [d.text for d in docs])
        index.put_files(
            entry(
                f"/archive/{n:05d}.txt",
                n,
                size=1,
                sha256=doc.sha256,
                status=FileStatus.INDEXED,
                format="text",
                doc_id=doc.id,
            )
            for n, doc in enumerate(docs)
        )


def statements_of_an_ingest(tmp_path: Path, archive_size: int) -> list[str]:
    """The SQL an ingest of five new files runs on the catalog of an archive of that size."""
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True)
    for n in range(5):
        (inbox / f"nq-{n}.txt").write_text(TEXT.format(n=n), "utf-8")
    index = EmbeddedIndex(tmp_path / "data")
    fill(index, archive_size)
    statements: list[str] = []
    index.store._db.set_trace_callback(statements.append)
    try:
        summary = pipeline.ingest(index, [inbox], ExtractOptions(ocr=False))
    finally:
        index.store._db.set_trace_callback(None)
        index.close()
    assert summary.indexed == 5
    return statements


def test_an_ingest_runs_as_many_catalog_statements_on_a_full_archive_as_on_an_empty_one(
    tmp_path: Path,
) -> None:
    empty = statements_of_an_ingest(tmp_path / "empty", 0)
    full = statements_of_an_ingest(tmp_path / "full", 300)
    assert len(full) == len(empty)


def test_no_catalog_statement_of_an_ingest_scans_a_table(tmp_path: Path) -> None:
    statements = statements_of_an_ingest(tmp_path, 50)
    db = sqlite3.connect(tmp_path / "data" / "hoso.sqlite3")
    scans = set()
    for sql in statements:
        if sql.split(None, 1)[0].upper() not in {"SELECT", "UPDATE", "DELETE"}:
            continue
        for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"):
            if row[-1].startswith("SCAN"):
                scans.add(f"{row[-1]}: {sql}")
    db.close()
    assert not scans
