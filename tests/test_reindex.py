"""Re-indexing: a new generation built from the stored records, verified, swapped in atomically;
the live one answers throughout; rollback; interrupted builds resume."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from pathlib import Path

import pytest

from core.errors import BackendError
from core.records import SearchQuery
from core.settings import Settings
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest import pipeline
from ingest.reindex import reindex, verify

OPTIONS = ExtractOptions(ocr=False)


@pytest.fixture
def index(tmp_path: Path, archive: Path) -> EmbeddedIndex:
    index = EmbeddedIndex(tmp_path / "data")
    pipeline.ingest(index, [archive], OPTIONS)
    return index


def total(index: EmbeddedIndex, text: str = "", generation: str | None = None) -> int:
    return index.search(SearchQuery(text=text, limit=0), generation=generation).total


def test_reindex_swaps_in_a_verified_generation(index: EmbeddedIndex) -> None:
    before = total(index, "hội đồng nhân dân")
    first = index.current_generation
    report = reindex(index, Settings(), pipeline.InProcess(OPTIONS))
    assert report.previous == first and report.generation != first
    assert index.current_generation == report.generation
    assert report.documents == index.count_documents() == total(index)
    assert report.verified_searches > 0
    assert report.refreshed.indexed == 0 and report.refreshed.unchanged == report.documents
    assert total(index, "hội đồng nhân dân") == before


def test_the_live_generation_answers_while_a_new_one_is_built(index: EmbeddedIndex) -> None:
    live = index.current_generation
    built = index.build_generation()
    assert index.current_generation == live  # not swapped until activated
    assert total(index, "giám sát") == total(index, "giám sát", generation=built) > 0
    index.activate_generation(built)
    assert index.current_generation == built


def test_rollback_returns_to_the_previous_generation(index: EmbeddedIndex) -> None:
    first = index.current_generation
    reindex(index, Settings(), pipeline.InProcess(OPTIONS))
    assert index.rollback_generation() == first
    assert index.current_generation == first
    assert total(index, "hội đồng nhân dân") > 0


def test_an_interrupted_build_leaves_the_live_index_alone_and_resumes(
    index: EmbeddedIndex, tmp_path: Path
) -> None:
    live = index.current_generation
    # Simulate a crash half-way: a build started, committed some records, then died.
    name = index.generations.start_build()
    from index.tantivy import TantivySearch

    partial = TantivySearch(index.generations.path(name))
    docs = list(index.store.iter_documents())
    index._add_batch(partial, docs[:3])
    del partial
    reopened = EmbeddedIndex(tmp_path / "data")
    assert reopened.current_generation == live and total(reopened) == len(docs)
    report = reindex(reopened, Settings(), pipeline.InProcess(OPTIONS))
    assert report.generation == name  # the interrupted build was resumed, not restarted
    assert total(reopened) == len(docs)


def test_changed_and_outdated_files_are_reextracted(index: EmbeddedIndex, archive: Path) -> None:
    (archive / "hnp_2019-12-03_thuong-truc-hdnd.txt").write_text("Kỳ họp chuyên đề.", "utf-8")
    # A file whose record an older pipeline made.
    outdated = index.get_file(str(archive / "NQ84-2017-nq-hdnd_ha-giang.txt"))
    record = index.get_document(outdated.doc_id or "") if outdated else None
    assert outdated is not None and record is not None
    index.put_files([dataclasses.replace(outdated, pipeline_version=0)])
    index.store.put_documents([dataclasses.replace(record, pipeline_version=0)], [""])
    report = reindex(index, Settings(), pipeline.InProcess(OPTIONS))
    assert report.refreshed.indexed == 2 and report.refreshed.updated == 2
    assert total(index, '"Kỳ họp chuyên đề"') == 1 and total(index, '"Phùng Thị Hồng Hà"') == 0


def test_reextract_forces_every_file(index: EmbeddedIndex) -> None:
    report = reindex(index, Settings(), pipeline.InProcess(OPTIONS), reextract=True)
    assert report.refreshed.indexed == report.documents


def test_vanished_files_leave_the_new_generation(index: EmbeddedIndex, archive: Path) -> None:
    shutil.rmtree(archive)
    report = reindex(index, Settings(), pipeline.InProcess(OPTIONS))
    assert report.refreshed.removed > 0 and report.documents == 0 and total(index) == 0


def test_a_generation_that_fails_verification_never_goes_live(index: EmbeddedIndex) -> None:
    live = index.current_generation
    built = index.build_generation()
    # A record the new generation lacks: its document count no longer matches the records.
    extra = index.get_document(index.files()[0].doc_id or "")
    assert extra is not None
    index.store.put_documents([dataclasses.replace(extra, id="f" * 16)], [""])
    with pytest.raises(BackendError, match="failed verification; the live index is unchanged"):
        verify(index, built)
    assert index.current_generation == live


@pytest.mark.parametrize("first", ["write", "search", "journal"])
def test_an_index_written_by_an_older_hoso_is_rebuilt_on_first_use(
    index: EmbeddedIndex, tmp_path: Path, first: str
) -> None:
    """After an upgrade that changes the search schema, the first write (inside the writer lock,
    as an ingest does), the first search, or the replay of a journal a killed writer left, rebuilds
    the index from the records in place."""
    documents = index.count_documents()
    directory = index.generations.path(index.current_generation or "")
    (directory / "hoso-schema-version").write_text("1")
    if first == "journal":
        some_id = next(iter(index.store.iter_documents()))[0].id
        (tmp_path / "data" / "search-journal").write_text(f"{some_id}\n")
    index.close()
    opened: list[bool] = []

    def open_and_close() -> None:
        EmbeddedIndex(tmp_path / "data").close()
        opened.append(True)

    # In a thread: a writer that waits for its own lock would hang the test instead of failing it.
    opening = threading.Thread(target=open_and_close, daemon=True)
    opening.start()
    opening.join(timeout=120)
    assert opened, "opening the index did not finish"
    reopened = EmbeddedIndex(tmp_path / "data")
    if first == "write":
        doc, words = next(iter(reopened.store.iter_documents()))
        with reopened.bulk():
            reopened.put_documents([dataclasses.replace(doc, title="Tiêu đề")], [words])
    assert total(reopened) == documents
    assert total(reopened, "hội đồng nhân dân") > 0
