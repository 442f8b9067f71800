"""Extraction in worker processes: a slow, dying or oversized file costs itself, not the run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from factories import file_entry

from core.records import FileEntry, FileStatus
from core.settings import Limits
from extractors import ExtractOptions
from ingest.workers import ExtractionPool

# Slow: every test starts extraction worker processes.
pytestmark = pytest.mark.slow

OPTIONS = ExtractOptions(ocr=False)
SLOW_PDF = "42_mpi_BC-KH-2005-trinh-QH_tcvn3-no-unicode.pdf"  # 58 pages: seconds to parse


@pytest.fixture
def article(samples_dir: Path) -> FileEntry:
    return file_entry(samples_dir / "hnp_2019-12-03_thuong-truc-hdnd.txt")


def test_pool_builds_documents(article: FileEntry, samples_dir: Path) -> None:
    with ExtractionPool(2, OPTIONS, Limits()) as pool:
        outcome = pool.build(article)
        pdf = pool.build(file_entry(samples_dir / "01_hanoi_hdnd_NQ11-2025_text.pdf"))
    assert outcome.document is not None and "248/273" in outcome.document.text
    assert pdf.document is not None and len(pdf.document.pages) == 8


def test_a_slow_file_is_stopped_and_the_pool_goes_on(article: FileEntry, corpus_dir: Path) -> None:
    with ExtractionPool(1, OPTIONS, Limits(timeout=1.0)) as pool:
        slow = pool.build(file_entry(corpus_dir / SLOW_PDF))
        after = pool.build(article)
    assert slow.document is None and slow.status == FileStatus.FAILED
    assert slow.error is not None and "longer than 1 s" in slow.error
    assert after.document is not None


def test_a_worker_that_dies_costs_only_its_file(article: FileEntry, corpus_dir: Path) -> None:
    with ExtractionPool(1, OPTIONS, Limits()) as pool:
        victim = pool._all[0].process
        threading.Timer(1.0, victim.kill).start()
        died = pool.build(file_entry(corpus_dir / SLOW_PDF))
        after = pool.build(article)
    assert died.error is not None and "extraction process died" in died.error
    assert after.document is not None


def test_oversized_files_and_pdfs_with_too_many_pages_are_skipped(
    article: FileEntry, samples_dir: Path
) -> None:
    pdf = file_entry(samples_dir / "01_hanoi_hdnd_NQ11-2025_text.pdf")
    with ExtractionPool(1, OPTIONS, Limits(max_file_mb=0)) as pool:
        big = pool.build(article)
    with ExtractionPool(1, OPTIONS, Limits(max_pages=5)) as pool:
        long = pool.build(pdf)
    assert big.status == FileStatus.SKIPPED and "over the 0 MB limit" in (big.error or "")
    assert long.status == FileStatus.SKIPPED
    assert long.error == "PDF has 8 pages, over the 5 page limit (HOSO_MAX_PAGES)"


def test_memory_cap_turns_an_explosion_into_a_failure(tmp_path: Path, article: FileEntry) -> None:
    # 400 MB of text in a 400 KB file: decoding and segmenting it needs far more than the cap.
    bomb = tmp_path / "huge.txt"
    bomb.write_bytes(b"h\xe1\xbb\x99i \xc4\x91\xe1\xbb\x93ng " * 20_000_000)
    with ExtractionPool(1, OPTIONS, Limits(memory_mb=700, timeout=120)) as pool:
        outcome = pool.build(file_entry(bomb))
        after = pool.build(article)
    assert outcome.document is None
    assert outcome.error is not None and ("memory" in outcome.error or "died" in outcome.error)
    assert after.document is not None
