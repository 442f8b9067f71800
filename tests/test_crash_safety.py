"""Crashes lose nothing: SIGKILL during ingest at several moments, then a restart, leaves every
file indexed exactly once and the catalog, records and search index consistent. `hoso check`
finds and repairs inconsistencies; parked files come back with `hoso retry`."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from commands import hoso_json
from factories import entry

from core.records import FileStatus, SearchQuery
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest import pipeline
from ingest.check import check
from ingest.claim import claimed_by_another

FILES = 300
KILLS = 3


def make_inbox(folder: Path, samples_dir: Path) -> int:
    """`FILES` distinct short council texts (each unique), plus a few real sample documents."""
    folder.mkdir()
    base = (samples_dir / "NQ84-2017-nq-hdnd_ha-giang.txt").read_text("utf-8")
    for i in range(FILES):
        (folder / f"nq-{i:04d}.txt").write_text(f"Nghị quyết số {i}/NQ-HĐND.\n{base}", "utf-8")
    for name in ("01_hanoi_hdnd_NQ11-2025_text.pdf", "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx"):
        (folder / name).write_bytes((samples_dir / name).read_bytes())
    return FILES + 2


def indexed_count(data_dir: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data_dir / 'hoso.sqlite3'}?mode=ro", uri=True) as db:
            return int(
                db.execute("SELECT count(*) FROM files WHERE status='indexed'").fetchone()[0]
            )
    except sqlite3.Error:
        return 0


def hoso(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HOSO_DATA_DIR": str(data_dir), "HOSO_BATCH_SIZE": "4"}
    return subprocess.Popen(
        [sys.executable, "-m", "hoso", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes every process it started
    )


@pytest.mark.slow
def test_sigkill_during_ingest_loses_and_duplicates_nothing(
    tmp_path: Path, samples_dir: Path
) -> None:
    inbox, data_dir = tmp_path / "inbox", tmp_path / "data"
    total = make_inbox(inbox, samples_dir)
    killed_at = []
    for _ in range(KILLS):
        before = indexed_count(data_dir)
        process = hoso(data_dir, "ingest", str(inbox))
        deadline = time.monotonic() + 180
        # Kill once this run has made progress, at a moment that varies from run to run.
        while indexed_count(data_dir) <= before + 5 and process.poll() is None:
            assert time.monotonic() < deadline, "no progress"
            time.sleep(0.05)
        time.sleep((len(killed_at) + 1) * 0.3)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        killed_at.append(indexed_count(data_dir))
    assert killed_at[-1] < total, f"the kills came too late to test anything: {killed_at}"

    final = hoso(data_dir, "ingest", str(inbox))
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err

    index = EmbeddedIndex(data_dir)
    entries = index.files()
    assert sorted(e.path for e in entries) == sorted(str(p) for p in inbox.iterdir())
    assert {e.status for e in entries} == {FileStatus.INDEXED}, [
        (e.path, e.status, e.error) for e in entries if e.status != FileStatus.INDEXED
    ]
    assert index.count_documents() == total  # every content once
    assert index.searchable_ids() == index.document_ids()
    assert index.search(SearchQuery(text='"Nghị quyết số 123/NQ-HĐND"', limit=5)).total == 1
    report = check(index)
    assert report.problems == [], report.problems


def test_check_finds_and_repairs_inconsistencies(tmp_path: Path, archive: Path) -> None:
    index = EmbeddedIndex(tmp_path / "data")
    pipeline.ingest(index, [archive], ExtractOptions(ocr=False))
    assert check(index).problems == []
    entries = {Path(e.path).name: e for e in index.files()}
    # 1. a record deleted behind the catalog's back
    lost = entries["hnp_2019-12-03_thuong-truc-hdnd.txt"]
    index.store.delete_documents([lost.doc_id or ""])
    # 2. a record no file points at, and missing from search
    orphan = index.get_document(entries["NQ84-2017-nq-hdnd_ha-giang.txt"].doc_id or "")
    assert orphan is not None
    index.store.put_documents([dataclasses.replace(orphan, id="0" * 16)], [""])
    # 3. a file left processing by a worker that died (its record now has no indexed path)
    stuck = entries["06_hagiang_hdnd_NQ94-2017_ct-giam-sat-2018.md"]
    dead = f"{os.uname().nodename}:999999"
    index.put_files(
        [dataclasses.replace(stuck, status=FileStatus.PROCESSING, doc_id=None, owner=dead)]
    )
    report = check(index)
    assert len(report.problems) == 5, report.problems
    assert any("record is missing" in p for p in report.problems)
    assert any("no indexed file points at it" in p for p in report.problems)
    assert any("left processing" in p for p in report.problems)
    assert any("search index" in p for p in report.problems)
    assert check(index, repair=True).repaired
    summary = pipeline.ingest(index, [archive], ExtractOptions(ocr=False))
    assert summary.indexed == 2  # the two reset files are extracted again
    assert check(index).problems == []


@pytest.mark.slow
def test_files_that_never_finish_are_parked_then_retried(tmp_path: Path, archive: Path) -> None:
    data_dir = tmp_path / "data"
    index = EmbeddedIndex(data_dir)
    pipeline.ingest(index, [archive], ExtractOptions(ocr=False))
    path = archive / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    entry = index.get_file(str(path))
    assert entry is not None
    # Three attempts started and never finished (each ended in a crash).
    dead = f"{os.uname().nodename}:999999"
    index.put_files(
        [dataclasses.replace(entry, status=FileStatus.PROCESSING, attempts=3, owner=dead)]
    )
    summary = pipeline.ingest(index, [archive], ExtractOptions(ocr=False), max_attempts=3)
    assert [f.path for f in summary.failures] == [str(path)]
    assert "parked after 3 attempts" in summary.failures[0].error
    parked = index.get_file(str(path))
    assert parked is not None and parked.status == FileStatus.FAILED
    again = pipeline.ingest(index, [archive], ExtractOptions(ocr=False))
    assert again.indexed == 0 and again.failed == 0  # parked: never retried in a loop
    index.close()

    retried = hoso(data_dir, "retry")
    out, err = retried.communicate(timeout=300)
    assert retried.returncode == 0, err
    assert "failed 0" in out  # its content was indexed before: the path is linked again
    reopened = EmbeddedIndex(data_dir)
    final = reopened.get_file(str(path))
    assert final is not None and final.status == FileStatus.INDEXED and final.attempts == 0
    assert hoso_json(data_dir, "failures") == []


def test_claims_by_live_and_dead_workers(tmp_path: Path) -> None:
    now = "2999-01-01T00:00:00+00:00"
    claimed = entry("/x", sha256="a", status=FileStatus.PROCESSING)
    me = os.uname().nodename
    parent = dataclasses.replace(claimed, updated_at=now, owner=f"{me}:{os.getppid()}")
    dead = dataclasses.replace(claimed, updated_at=now, owner=f"{me}:999999")
    remote = dataclasses.replace(claimed, updated_at=now, owner="another-host:1")
    assert claimed_by_another(parent)
    assert not claimed_by_another(dead)
    assert claimed_by_another(remote)  # within its lease
    expired = dataclasses.replace(remote, updated_at="2000-01-01T00:00:00+00:00")
    assert not claimed_by_another(expired)


def test_a_writer_killed_between_records_and_search_is_replayed(tmp_path: Path) -> None:
    """The kill test found it: a record committed to SQLite, the process killed before Tantivy
    committed, and the file then linked to that record on restart — stored but not searchable."""
    from factories import make_doc

    data_dir = tmp_path / "data"
    index = EmbeddedIndex(data_dir)
    doc = make_doc("Kỳ họp thứ mười hai của Hội đồng nhân dân huyện Krông Nô.", title="Kỳ họp")
    # What put_documents does up to the moment of the kill: journal, then the record.
    (data_dir / "search-journal").write_text(doc.id)
    index.store.put_documents([doc], [""])
    index.close()
    reopened = EmbeddedIndex(data_dir)
    assert reopened.searchable_ids() == reopened.document_ids() == {doc.id}
    assert [h.id for h in reopened.search(SearchQuery(text="Krông Nô")).hits] == [doc.id]
    assert not (data_dir / "search-journal").exists()
