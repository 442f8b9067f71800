"""Ingest rules on real files: idempotence, copies, deletions, changes, bad files in a batch."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from core.records import FileEntry, FileStatus, IngestSummary, SearchQuery
from core.settings import Limits
from extractors import ExtractOptions
from index.base import Index
from ingest.discover import is_ignored
from ingest.pipeline import Outcome, ingest
from ingest.workers import ExtractionPool

OPTIONS = ExtractOptions(ocr=False)


def run(index: Index, *roots: Path) -> IngestSummary:
    return ingest(index, list(roots), OPTIONS, batch_size=4)


def search_ids(index: Index, text: str) -> list[str]:
    return [h.id for h in index.search(SearchQuery(text=text, limit=100)).hits]


def test_ingest_indexes_every_sample(index: Index, archive: Path) -> None:
    summary = run(index, archive)
    files = sorted(p for p in archive.iterdir())
    assert summary.indexed == len(files) and summary.failed == 0, summary.failures
    assert {f.status for f in index.files()} == {FileStatus.INDEXED}
    assert index.count_documents() == len(files)
    # The same documents; their order may differ (exact diacritics rank higher).
    assert set(search_ids(index, "hội đồng nhân dân")) == set(
        search_ids(index, "hoi dong nhan dan")
    )


def test_reingesting_an_unchanged_folder_does_nothing(index: Index, archive: Path) -> None:
    run(index, archive)
    again = run(index, archive)
    assert (again.indexed, again.linked, again.failed) == (0, 0, 0)
    assert again.unchanged == len(list(archive.iterdir()))


def test_touched_but_unchanged_file_is_not_reextracted(index: Index, archive: Path) -> None:
    run(index, archive)
    path = archive / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an old mtime, as a copy tool leaves
    again = run(index, archive)
    assert (again.indexed, again.unchanged) == (0, len(list(archive.iterdir())))
    entry = index.get_file(str(path))
    assert entry is not None and entry.mtime_ns == 1_000_000_000


def test_a_copy_at_a_second_path_is_the_same_document(index: Index, archive: Path) -> None:
    run(index, archive)
    original = archive / "06_hagiang_hdnd_NQ94-2017_ct-giam-sat-2018.md"
    (archive / "copies").mkdir()
    copy = archive / "copies" / "giam-sat.md"
    shutil.copy(original, copy)
    summary = run(index, archive)
    assert (summary.indexed, summary.linked) == (0, 1)
    doc_id = index.get_file(str(original)).doc_id  # type: ignore[union-attr]
    doc = index.get_document(doc_id)  # type: ignore[arg-type]
    assert doc is not None and doc.paths == sorted([str(original), str(copy)])
    assert search_ids(index, '"chương trình giám sát năm 2018"').count(doc_id) == 1


def test_two_new_copies_in_one_run_are_extracted_once(
    index: Index, tmp_path: Path, samples_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt", inbox / name)
    summary = run(index, inbox)
    assert (summary.indexed, summary.linked) == (1, 1)
    assert index.count_documents() == 1


def test_a_deleted_file_leaves_search(index: Index, archive: Path) -> None:
    run(index, archive)
    path = archive / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    doc_id = index.get_file(str(path)).doc_id  # type: ignore[union-attr]
    assert doc_id in search_ids(index, "Phùng Thị Hồng Hà")
    path.unlink()
    summary = run(index, archive)
    assert summary.removed == 1
    assert index.get_file(str(path)) is None
    assert index.get_document(doc_id) is None  # type: ignore[arg-type]
    assert doc_id not in search_ids(index, "Phùng Thị Hồng Hà")


def test_deleting_one_of_two_copies_keeps_the_document(index: Index, archive: Path) -> None:
    original = archive / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    copy = archive / "copy.txt"
    shutil.copy(original, copy)
    run(index, archive)
    copy.unlink()
    run(index, archive)
    doc_id = index.get_file(str(original)).doc_id  # type: ignore[union-attr]
    doc = index.get_document(doc_id)  # type: ignore[arg-type]
    assert doc is not None and doc.paths == [str(original)]


def test_a_changed_file_is_reextracted_and_the_old_content_leaves(
    index: Index, archive: Path
) -> None:
    run(index, archive)
    path = archive / "hnp_2019-12-03_thuong-truc-hdnd.txt"
    old_id = index.get_file(str(path)).doc_id  # type: ignore[union-attr]
    assert search_ids(index, '"Phùng Thị Hồng Hà"') == [old_id]
    path.write_text("Kỳ họp thứ 12 Hội đồng nhân dân thành phố bế mạc.", encoding="utf-8")
    summary = run(index, archive)
    assert summary.indexed == 1
    assert index.get_document(old_id) is None  # type: ignore[arg-type]
    # Quoted: the name as a phrase (unquoted, a 4-word query also ranks documents with some of
    # its words, and other samples hold "Thị" and "Hà").
    assert search_ids(index, '"Phùng Thị Hồng Hà"') == []
    assert len(search_ids(index, "bế mạc")) == 1


def test_bad_files_fail_with_reasons_and_the_batch_goes_on(index: Index, archive: Path) -> None:
    (archive / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    (archive / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (archive / "empty.txt").write_bytes(b"")
    (archive / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    summary = run(index, archive)
    reasons = {Path(f.path).name: f.error for f in summary.failures}
    assert set(reasons) == {"broken.pdf", "broken.docx", "empty.txt", "photo.txt"}
    assert "PDF" in reasons["broken.pdf"]
    assert "DOCX" in reasons["broken.docx"]
    assert "empty" in reasons["empty.txt"]
    assert "PNG image" in reasons["photo.txt"]
    assert summary.indexed == len(list(archive.iterdir())) - 4
    failed = index.files(status=FileStatus.FAILED)
    assert {Path(f.path).name for f in failed} == set(reasons)
    assert all(f.error for f in failed)


def test_temporary_and_hidden_files_are_ignored(index: Index, archive: Path) -> None:
    for name in ("~$draft.docx", ".hidden.txt", "upload.part", "file.crdownload", "x.tmp"):
        (archive / name).write_text("Hội đồng nhân dân")
        assert is_ignored(archive / name)
    summary = run(index, archive)
    assert summary.failed == 0
    assert not any(Path(f.path).name.startswith(("~", ".")) for f in index.files())


def test_originals_are_never_modified(index: Index, archive: Path) -> None:
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in archive.iterdir()}
    run(index, archive)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in archive.iterdir()}
    assert before == after


@pytest.mark.slow
def test_batches_in_flight_are_built_at_once_and_recorded_in_order(
    index: Index, archive: Path
) -> None:
    """With worker processes and `in_flight` > 1 the next batches build while the oldest is
    recorded (the flow's way); every file is still recorded exactly once."""
    active, most = 0, 0
    lock = threading.Lock()
    with ExtractionPool(2, OPTIONS, Limits()) as pool:

        def build(entry: FileEntry) -> Outcome:
            nonlocal active, most
            with lock:
                active += 1
                most = max(most, active)
            try:
                return pool.build(entry)
            finally:
                with lock:
                    active -= 1

        summary = ingest(
            index, [archive], OPTIONS, batch_size=2, build=build, in_flight=pool.batches_in_flight
        )
    files = list(archive.iterdir())
    assert summary.indexed == len(files) and summary.failed == 0, summary.failures
    assert most > 1  # several batches were building at once
    assert index.count_documents() == len(files)
