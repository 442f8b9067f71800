"""The PDF fast path (pdfium's characters, pdfplumber's rule) reads exactly what pdfplumber reads.

`extractors.pdf` reads a page from pdfium only when it can vouch that the text equals pdfplumber's
`extract_text()` (the "old" reading, still used for every other page). These tests hold it to
that on every page of every PDF of the shared corpus and on generated council documents, check
that the rule itself is pdfplumber's on random layouts, and pin which real pages take which
path, so a change that silently sends ordinary pages back to the slow path shows up.
"""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pytest
from benchmark_module import load_benchmark
from pdfplumber.utils.text import chars_to_textmap

from extractors import ExtractOptions
from extractors import pdf as pdf_extractor

ROOT = Path(__file__).resolve().parents[1]
NO_OCR = ExtractOptions(ocr=False)

# Pages of the corpus the fast path reads; any other PDF of the corpus has none. The others go
# to pdfplumber: 41/42, legacy .VnTime fonts (run-by-run conversion); 03 except p8, unmapped
# glyphs "(cid:N)"; 11 p1, underscores drawn twice (pdfium drops the copy); 13 p2 and 20,
# legacy-looking characters (`needs_conversion`). A hyphen at a line end, which pdfium rewrites
# (01 p1, 04 p1, 08 p4, 48 pp 2-5: "84/BC-" + "HĐND"), is read as "-", as pdfplumber reads every
# one of them. Scans are read by the
# fast path too: no text, and pictures, as pdfplumber sees them.
FAST_PAGES = {
    "01_hanoi_hdnd_NQ11-2025_text.pdf": 8,
    "02_hanoi_hdnd_NQ12-2025_scan.pdf": 7,
    "03_hanoi_ubnd_QD35-2024.pdf": 1,
    "04_hanoi_ubnd_QD05-2025.pdf": 2,
    "08_binhduong_hdnd-doan-giam-sat_TB11-2021.pdf": 4,
    "09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf": 1,
    "11_chinhphu_ND47-2020_glyph-loss.pdf": 30,
    "12_bcd-cchc_QD46-2021_scan.pdf": 10,
    "13_thanhhoa_vp-dbqh-hdnd_CV-danh-muc_draft.pdf": 9,
    "14_thanhhoa_hdnd_QD-OKR-KPI_draft.pdf": 9,
    "15_chinhphu_ND335-2025_scan.pdf": 29,
    "16_krongno_hdnd_TB11-2019_ket-luan-giai-trinh_scan.pdf": 5,
    "17_krongno_ubnd_TB237-2019_chi-tieu-KTXH-2018_scan.pdf": 6,
    "18_krongno_vp-hdnd-ubnd_TB110-2018_lich-TCD_scan.pdf": 2,
    "19_krongno_ubnd_TB217-2019_ket-luan-giao-ban_scan.pdf": 6,
    "23_daknong_hdnd_NQ05-2019_scan.pdf": 9,
    "24_daknong_hdnd_NQ04-2019_scan.pdf": 3,
    "25_daknong_hdnd_NQ06-2019_scan.pdf": 3,
    "26_daknong_hdnd_NQ10-2019_scan.pdf": 5,
    "27_dakrlap_hdnd_TB08-2019_ket-qua-ky-hop-7_scan.pdf": 4,
    "28_daknong_ubnd_CT08-2019_KH-KTXH-2020_scan.pdf": 8,
    "32_daknong_hdnd-ban-ktns_BC41-2019_tham-tra_scan.pdf": 4,
    "33_daknong_hdnd_BC42-2019_tham-tra_scan.pdf": 3,
    "34_daknong_hdnd_TTr04-2019_scan.pdf": 2,
    "48_binhthuan_so-noi-vu_TTr3367-2024_signed.pdf": 6,
}


def corpus_pdfs() -> list[str]:
    from conftest import _corpus_dir

    # No corpus: one case, which the corpus_dir fixture fails with a message saying so.
    return sorted(p.name for p in _corpus_dir().glob("*.pdf")) or ["<corpus missing>"]


@functools.cache
def old_reading(path: Path) -> tuple[list[tuple[str, bool]], str | None]:
    """pdfplumber on every page, as `extract` read PDFs before the fast path (cached: the
    slow part of these tests)."""
    return pdf_extractor._plumber_layer_texts(path, None)


def fast_readings(path: Path) -> list[tuple[str, bool] | None]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [pdf_extractor.fast_layer_text(document[i]) for i in range(len(document))]
    finally:
        document.close()


def both_readings(path: Path) -> list[tuple[tuple[str, bool], tuple[str, bool] | None]]:
    """(pdfplumber's text layer and pictures, the fast path's or None) for every page."""
    old, _ = old_reading(path)
    new = fast_readings(path)
    assert len(old) == len(new)
    return list(zip(old, new, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("name", corpus_pdfs())
def test_fast_path_equals_pdfplumber_on_every_corpus_page(corpus_dir: Path, name: str) -> None:
    path = corpus_dir / name
    new = fast_readings(path)
    assert sum(text is not None for text in new) == FAST_PAGES.get(name, 0)
    if name not in FAST_PAGES:
        return  # every page goes to pdfplumber, as before
    for number, (old, fast) in enumerate(both_readings(path), 1):
        if fast is not None:
            assert fast == old, f"page {number}"  # the text, and whether it has pictures


def extract_or_error(path: Path) -> Any:
    try:
        return pdf_extractor.extract(path, NO_OCR)
    except Exception as error:
        return (type(error), str(error))


@pytest.mark.slow
@pytest.mark.parametrize("name", corpus_pdfs())
def test_extraction_is_unchanged(
    corpus_dir: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole extractor with and without the fast path (without it, every page is read by
    pdfplumber: the extractor as it was): the same pages, text, OCR decisions, failures and
    title. A file the fast path declines entirely is the same by construction; only its title
    comes from pdfium now. The one difference: pdfium reads the UTF-16LE title of 15 (a scan:
    "2025-12-25 (1)") that pdfminer garbles ("ÿþ2\x000...")."""
    path = corpus_dir / name
    with pdfplumber.open(path) as pdf:
        old_title = (pdf.metadata or {}).get("Title")
    if name not in FAST_PAGES:  # read by pdfplumber as before: only the title is pdfium's
        document = pypdfium2.PdfDocument(path)
        new_title = document.get_metadata_value("Title") or None
        document.close()
        assert name.startswith("15_") or new_title == old_title
        return
    new = extract_or_error(path)
    with monkeypatch.context() as patch:
        patch.setattr(pdf_extractor, "fast_layer_text", lambda page: None)
        old = extract_or_error(path)
    if isinstance(old, tuple):
        assert new == old
        return
    assert [(p.text, p.ocr) for p in new.pages] == [(p.text, p.ocr) for p in old.pages]
    assert new.metadata == old.metadata
    if not name.startswith("15_"):
        assert new.title == (pdf_extractor.nfc(old_title) if old_title else None)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Council documents written by the benchmark's generator: letterheads in two columns,
    justified and ragged paragraphs, tables, combining marks from real text, 1-12 pages."""
    generator = load_benchmark("generate_corpus")
    out = tmp_path_factory.mktemp("generated")
    rng = random.Random(7)
    pool = generator.paragraphs()
    paths = []
    for index, pages in enumerate([1, 2, 3, 5, 12]):
        content = generator.compose(index, generator.CHARS_PER_PAGE * pages, pool, rng)
        path = out / f"{index}.pdf"
        generator.write_pdf(path, content, pages)
        paths.append(path)
    return paths


def test_fast_path_equals_pdfplumber_on_generated_documents(generated: list[Path]) -> None:
    total = fast = 0
    for path in generated:
        for number, (old, new) in enumerate(both_readings(path), 1):
            total += 1
            if new is not None:
                fast += 1
                assert new == old, f"{path.name} page {number}"
    assert fast == total


def test_pages_the_fast_path_declines_are_read_by_pdfplumber(corpus_dir: Path) -> None:
    before = pdf_extractor.FAST_PATH_PAGES.copy()
    path = corpus_dir / "11_chinhphu_ND47-2020_glyph-loss.pdf"
    result = pdf_extractor.extract(path, NO_OCR)
    counts = pdf_extractor.FAST_PATH_PAGES - before
    assert counts == {"pdfium": 30, "pdfplumber": 1}  # page 1 holds underscores drawn twice
    assert "Số: 47/2020/NĐ-CP Hà Nội, ngày 09 tháng 4 năm 2020" in result.pages[0].text


def test_a_hyphen_ending_a_line_is_read_by_the_fast_path_as_pdfplumber_reads_it(
    corpus_dir: Path,
) -> None:
    before = pdf_extractor.FAST_PATH_PAGES.copy()
    path = corpus_dir / "48_binhthuan_so-noi-vu_TTr3367-2024_signed.pdf"
    result = pdf_extractor.extract(path, NO_OCR)
    assert pdf_extractor.FAST_PATH_PAGES - before == {"pdfium": 6}
    assert "126/2024/NĐ-\nCP" in result.pages[3].text  # the hyphen pdfium rewrites at a line end


# --- the rule itself: pdfplumber's extract_text on random layouts -------------------------------


def _random_line_layout(rng: random.Random) -> list[dict[str, Any]]:
    """Characters on a few lines: words of letters, spaces, gaps, sizes and baselines that vary,
    two columns; no position within noise of a 3 pt decision (those are the close calls)."""
    chars: list[dict[str, Any]] = []
    for line in range(rng.randint(1, 6)):
        x = rng.uniform(40, 60)
        baseline = 100 + 18 * line + rng.choice([0, 0, 0.5, 1.7, 2.6, 3.4, 5])
        for _ in range(rng.randint(1, 12)):
            size = rng.choice([10, 12, 12, 13, 14])
            word = rng.choice(["hội", "đồng", "nhân", "dân", "Số:", "12/NQ", "ﬁ", "tỉnh"])
            for j, letter in enumerate(word):
                width = size * rng.uniform(0.3, 0.6)
                top = baseline - size * 0.8
                chars.append({"text": letter, "x0": x, "x1": x + width, "top": top, "size": size})
                x += width + (rng.choice([0, 0, 0, -0.4, 0.2]) if j < len(word) - 1 else 0)
            gap = rng.choice([0.5, 1.2, 2.0, 2.6, 3.4, 4.0, 8.0, 120.0])
            if rng.random() < 0.6:  # a space character, as word processors write
                chars.append({"text": " ", "x0": x, "x1": x + 3, "top": top, "size": size})
            x += gap
    for c in chars:
        c.update(bottom=c["top"] + c["size"], upright=True, doctop=c["top"])
    rng.shuffle(chars)  # stream order is not reading order
    return chars


def _is_close_call(chars: list[dict[str, Any]]) -> bool:
    try:
        pdf_extractor._plumber_text(_as_fast_chars(chars), lambda _: True)
    except pdf_extractor._CloseCall:
        return True
    return False


def _as_fast_chars(chars: list[dict[str, Any]]) -> list[Any]:
    return [(c["text"], c["x0"], c["x1"], c["top"], c["size"], i, i) for i, c in enumerate(chars)]


@pytest.mark.parametrize("seed", range(300))
def test_rule_is_pdfplumbers(seed: int) -> None:
    chars = _random_line_layout(random.Random(seed))
    if _is_close_call(chars):
        return  # the fast path declines such a page (counted below)
    expected = chars_to_textmap(chars).as_string  # what Page.extract_text() returns
    assert pdf_extractor._plumber_text(_as_fast_chars(chars), lambda _: True) == expected


def test_random_layouts_are_rarely_close_calls() -> None:
    # The layouts keep clear of 3 pt gaps, so the rule has no close call to make.
    assert not any(_is_close_call(_random_line_layout(random.Random(s))) for s in range(300))
