"""Bulk writes on the embedded backend: one search commit every few seconds for many batches,
and what other processes see meanwhile (another EmbeddedIndex on the same data directory stands
for another process: each holds its own lock file descriptor)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from factories import make_doc

import index.embedded
from core.records import SearchQuery
from index.embedded import EmbeddedIndex

QUERY = SearchQuery(text="giám sát")


def found(reader: EmbeddedIndex, expected: int, wait: float = 5.0) -> bool:
    """Whether the reader finds `expected` documents, allowing Tantivy's reload a moment."""
    deadline = time.monotonic() + wait
    while True:
        if reader.search(QUERY).total == expected:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def docs(count: int) -> list:
    return [make_doc(f"Chương trình giám sát số {i} của Hội đồng nhân dân.") for i in range(count)]


def test_other_readers_see_a_bulk_write_when_it_commits_and_never_wait(tmp_path: Path) -> None:
    writer = EmbeddedIndex(tmp_path)
    with writer.bulk():
        writer.put_documents(docs(3))
        started = time.monotonic()
        reader = EmbeddedIndex(tmp_path)  # the writer's journal is there: it must not wait
        assert time.monotonic() - started < 2
        assert not found(reader, 3, wait=0.5)  # not committed yet
        assert writer.search(QUERY).total == 3  # the writer sees its own writes
    assert found(reader, 3)
    assert not (tmp_path / "search-journal").exists()
    writer.close()
    reader.close()


def test_a_long_bulk_write_commits_every_few_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index.embedded, "COMMIT_SECONDS", 0.2)
    writer, reader = EmbeddedIndex(tmp_path), EmbeddedIndex(tmp_path)
    batch = docs(4)
    with writer.bulk():
        writer.put_documents(batch[:2])
        time.sleep(0.3)
        writer.put_documents(batch[2:])  # the first write is older than COMMIT_SECONDS: commit
        assert found(reader, 4)
    writer.close()
    reader.close()


KILLED_WRITER = """
import os, sys
sys.path.insert(0, sys.argv[2])
from factories import make_doc
from index.embedded import EmbeddedIndex
writer = EmbeddedIndex(__import__("pathlib").Path(sys.argv[1]))
with writer.bulk():
    writer.put_documents([make_doc(f"Chương trình giám sát số {i}.") for i in range(2)])
    os._exit(0)  # dies before the bulk's commit
"""


def test_a_writer_killed_in_a_bulk_write_is_replayed_by_the_next(tmp_path: Path) -> None:
    """The note of the pending ids outlives a writer process that never committed."""
    tests = Path(__file__).parent
    subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path), str(tests)], check=True, timeout=120
    )
    assert (tmp_path / "search-journal").exists()
    after = EmbeddedIndex(tmp_path)
    assert len(after.document_ids()) == 2
    assert after.searchable_ids() == after.document_ids()
    assert not (tmp_path / "search-journal").exists()
    after.close()
