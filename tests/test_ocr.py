"""OCR of scanned pages: real Tesseract on real scans, the page-image cache, the missing-Tesseract
path, OCR only where a page needs it, and the broken-text-layer test (corpus files 11 and 20).

Tesseract runs here for real on five short pages (about 15 s); the cache of OCR results is shared
by the tests of this module where they read the same page images.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from core.errors import NoText
from extractors import ExtractOptions, extract, ocr
from extractors import pdf as pdf_extractor

SCAN = "34_daknong_hdnd_TTr04-2019_scan.pdf"


@pytest.fixture
def tesseract() -> None:
    """OCR tests fail, never skip, without Tesseract: `make test` installs it."""
    if reason := ocr.unavailable_reason(ExtractOptions()):
        pytest.fail(f"OCR tests need Tesseract with the Vietnamese model: {reason}")


needs_tesseract = pytest.mark.usefixtures("tesseract")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


class TesseractCalls:
    """Counts real Tesseract runs while letting them happen."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = ocr.run_tesseract

        def counting(image: object) -> ocr.OcrResult:
            self.count += 1
            return real(image)

        monkeypatch.setattr(ocr, "run_tesseract", counting)


def test_tsv_is_read_into_lines_and_mean_confidence() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tHội\n"
        "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t93.5\tđồng\n"
        "5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t90\tnhân\n"
        "5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t80\tdân\n"
    )
    result = ocr.parse_tsv(tsv)
    assert result.text == "Hội đồng\nnhân\n\ndân"
    assert result.confidence == 90.0


@pytest.mark.slow
@needs_tesseract
def test_scan_is_read_in_vietnamese_and_never_ocrd_twice(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = TesseractCalls(monkeypatch)
    options = ExtractOptions(cache_dir=tmp_path / "cache")
    first = extract(corpus_dir / SCAN, options)
    assert calls.count == 2
    assert [p.ocr for p in first.pages] == [True, True]
    assert all(p.ocr_confidence is not None and p.ocr_confidence > 70 for p in first.pages)
    text = squash(first.text)
    for phrase in [
        "Kính gửi: Hội đồng nhân dân tỉnh",
        "Độc lập - Tự do - Hạnh phúc",
        "miễn nhiệm chức vụ Trưởng ban Pháp chế",
        "ông Nguyễn Đình Trung",
        "NGHỊ QUYẾT",
        "thông qua ngày 11/7/2019",
    ]:
        assert phrase in text, phrase
    assert len(list((tmp_path / "cache" / "ocr").rglob("*.json"))) == 2

    second = extract(corpus_dir / SCAN, options)
    assert calls.count == 2  # both pages came from the cache
    assert [p.text for p in second.pages] == [p.text for p in first.pages]
    assert [p.ocr_confidence for p in second.pages] == [p.ocr_confidence for p in first.pages]


def test_missing_tesseract_is_reported_with_the_install_command(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert ocr.tesseract_command() is None
    with pytest.raises(NoText) as error:
        extract(corpus_dir / SCAN, ExtractOptions(cache_dir=tmp_path / "cache"))
    assert str(error.value) == (
        "needs OCR: no text layer and Tesseract is not installed "
        "(apt-get install tesseract-ocr tesseract-ocr-vie)"
    )


def test_ocr_switched_off_is_reported(corpus_dir: Path) -> None:
    with pytest.raises(NoText, match="needs OCR: no text layer and OCR is switched off"):
        extract(corpus_dir / SCAN, ExtractOptions(ocr=False))


@needs_tesseract
def test_text_pdf_never_goes_through_ocr(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = TesseractCalls(monkeypatch)
    result = extract(corpus_dir / "01_hanoi_hdnd_NQ11-2025_text.pdf", ExtractOptions())
    assert calls.count == 0 and not any(p.ocr for p in result.pages)


@pytest.mark.slow
@needs_tesseract
def test_mixed_pdf_ocrs_only_its_image_pages(
    corpus_dir: Path, tmp_path: Path, shared_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2

    mixed = pypdfium2.PdfDocument.new()
    for name in ("01_hanoi_hdnd_NQ11-2025_text.pdf", SCAN):
        source = pypdfium2.PdfDocument(str(corpus_dir / name))
        mixed.import_pages(source, [0])
        source.close()
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    mixed.close()

    rendered: list[int] = []
    real = ocr.ocr_pdf_page

    def recording(pdf_path: Path, index: int, options: ExtractOptions) -> object:
        rendered.append(index)
        return real(pdf_path, index, options)

    monkeypatch.setattr(ocr, "ocr_pdf_page", recording)
    result = extract(path, ExtractOptions(cache_dir=shared_cache))
    assert rendered == [1]
    assert [p.ocr for p in result.pages] == [False, True]
    assert "HỘI ĐỒNG NHÂN DÂN" in result.pages[0].text  # the text layer, as it is
    assert "Kính gửi: Hội đồng nhân dân tỉnh" in result.pages[1].text
    assert "TỜ TRÌNH" in result.pages[1].text.upper()


@pytest.mark.parametrize(
    ("name", "page", "reason"),
    [
        ("11_chinhphu_ND47-2020_glyph-loss.pdf", 0, "nƣớc"),
        ("20_quangphu_ubnd-xa_TB02-2019_lich-TCD_glyph-mismap.pdf", 0, "PHÖ"),
        ("03_hanoi_ubnd_QD35-2024.pdf", 1, "cid"),
    ],
)
def test_broken_text_layers_are_detected(
    corpus_dir: Path, name: str, page: int, reason: str
) -> None:
    with pdfplumber.open(corpus_dir / name) as pdf:
        text = pdf.pages[page].extract_text()
    why = pdf_extractor.broken_layer(text)
    assert why is not None and reason in why


def test_clean_text_layers_pass_the_broken_layer_test(corpus_dir: Path) -> None:
    for name in ("01_hanoi_hdnd_NQ11-2025_text.pdf", "11_chinhphu_ND47-2020_glyph-loss.pdf"):
        with pdfplumber.open(corpus_dir / name) as pdf:
            # File 11 is damaged only where its bold heading font is used; page 2 is clean.
            pages = pdf.pages[1:3]
            assert all(pdf_extractor.broken_layer(p.extract_text()) is None for p in pages)


def test_only_the_broken_pages_of_file_11_are_sent_to_ocr(corpus_dir: Path) -> None:
    result = extract(corpus_dir / "11_chinhphu_ND47-2020_glyph-loss.pdf", ExtractOptions(ocr=False))
    skipped = result.metadata["ocr_skipped"]
    pages = [int(n) for n in skipped.split(":")[0].removeprefix("pages ").split(", ")]
    assert 1 in pages and 2 not in pages and len(pages) < len(result.pages) / 2


@pytest.mark.slow
@needs_tesseract
def test_broken_page_is_replaced_by_ocr(corpus_dir: Path, shared_cache: Path) -> None:
    result = extract(
        corpus_dir / "20_quangphu_ubnd-xa_TB02-2019_lich-TCD_glyph-mismap.pdf",
        ExtractOptions(cache_dir=shared_cache),
    )
    assert result.pages[0].ocr
    text = squash(result.text)
    assert "PHÖ" not in text and "HÕA" not in text
    assert "QUẢNG PHÚ" in text.upper() and "02 /TB-UBND" in text


@pytest.mark.slow
@needs_tesseract
def test_image_only_doc_is_ocrd(corpus_dir: Path, shared_cache: Path) -> None:
    result = extract(
        corpus_dir / "10_tuangiao_hdnd-dgs_TB320-2018_image-only.doc",
        ExtractOptions(cache_dir=shared_cache),
    )
    assert result.format == "doc" and all(p.ocr for p in result.pages)
    text = squash(result.text)
    assert "320/TB" in text and "23 tháng 11 năm 2018" in text
    assert "HĐND HUYỆN TUẦN GIÁO" in text and "lịch giám sát" in text
