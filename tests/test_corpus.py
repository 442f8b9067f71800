"""The whole shared corpus of real council documents ingests: every file ends indexed, or failed
with a reason a person can act on, and nothing crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.records import FileStatus, SearchQuery
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest.pipeline import ingest

# Slow: the whole shared corpus is ingested.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_index(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedIndex:
    index = EmbeddedIndex(tmp_path_factory.mktemp("corpus"))
    # OCR is exercised by its own tests; here scans must be *reported*, not silently empty.
    ingest(index, [corpus_dir], ExtractOptions(ocr=False))
    return index


def test_every_file_is_accounted_for(corpus_index: EmbeddedIndex, corpus_dir: Path) -> None:
    on_disk = {str(p.absolute()) for p in corpus_dir.rglob("*") if p.is_file()}
    entries = {e.path: e for e in corpus_index.files()}
    assert set(entries) == on_disk
    for entry in entries.values():
        assert entry.status in (FileStatus.INDEXED, FileStatus.FAILED), entry
        if entry.status == FileStatus.FAILED:
            assert entry.error and len(entry.error) > 10, entry
            assert "crashed" not in entry.error, entry


def test_scans_are_reported_as_needing_ocr(corpus_index: EmbeddedIndex, corpus_dir: Path) -> None:
    scan = corpus_index.get_file(str(corpus_dir.absolute() / "34_daknong_hdnd_TTr04-2019_scan.pdf"))
    assert scan is not None and scan.status == FileStatus.FAILED
    assert scan.error is not None and "OCR" in scan.error


def test_text_documents_are_searchable_by_number(corpus_index: EmbeddedIndex) -> None:
    for number, name in [
        ('"11/TB-ĐGS"', "08_binhduong"),
        ('"3367/TTr-SNV"', "48_binhthuan"),
        ('"05/2025/QĐ-UBND" OR "28/2019/QĐ-UBND"', "04_hanoi"),
    ]:
        hits = corpus_index.search(SearchQuery(text=number, limit=5)).hits
        assert any(name in (h.path or "") for h in hits), (number, [h.path for h in hits])


def test_legacy_encoded_documents_are_found_in_unicode(corpus_index: EmbeddedIndex) -> None:
    """TCVN3 (.VnTime) and VNI documents, once converted, answer ordinary Unicode queries."""
    legacy = {"35_", "36_", "37_", "38_", "39_", "40_", "43_"}  # TCVN3, VNI, mixed; .doc, .rtf
    for query in ("hội đồng nhân dân", "hoi dong nhan dan"):
        hits = corpus_index.search(SearchQuery(text=query, limit=200)).hits
        found = {Path(h.path or "").name[:3] for h in hits if "ground_truth" not in (h.path or "")}
        assert legacy <= found, (query, legacy - found)


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ('"256/2004"', "35_cantho"),
        ('"991/QĐ-UBND"', "38_binhphuoc"),
        ('"05/2006"', "37_camau"),
        ('"29/1998/NĐ-CP"', "40_chinhphu"),
        ('"94/1998"', "43_lawdata"),
    ],
)
def test_legacy_documents_numbers_are_searchable(
    corpus_index: EmbeddedIndex, number: str, name: str
) -> None:
    hits = corpus_index.search(SearchQuery(text=number, limit=10)).hits
    assert any(Path(h.path or "").name.startswith(name) for h in hits), [h.path for h in hits]
