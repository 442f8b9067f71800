"""Word segmentation: hoso's `segment` gives the words underthesea's `word_tokenize` gives."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from nlp.words import segment, segment_with_word_tokenize

# The opening of each real text: headers, numbered lists, dates, numbers, abbreviations.
OPENING = 2500

EDGE_CASES = [
    "",
    "  \n\t\n",
    "... --- ==> (*)",
    # Token normalisation: "nghành" → "ngành"; "Ð" (U+00D0) → "Đ"; decomposed marks → NFC.
    "Phát triển nghành công nghiệp; ÐẠI HỘI ðại biểu",
    unicodedata.normalize("NFD", "Hội đồng nhân dân tỉnh Hà Giang khóa XVII"),
    "Xem https://hanoi.gov.vn/nghi-quyet?id=12 hoặc gửi thư tới vanphong@hanoi.gov.vn",
    "Ngày 02/05/2014, lúc 10:20:50, 60.542.000 đồng (4.123,2 tỷ), 1.600m-2.000m, v.v...",
    "Số: 11/2025/NQ-HĐND; T.Ư; TP. Hà Nội; H'Mông; NĐ-CP; 43H-0530; 3x4; 30°C",
    "248/273 nội dung, đạt 90,8%\r\nTM. HỘI ĐỒNG NHÂN DÂN\u2028CHỦ TỊCH",
]


def real_texts(corpus_dir: Path) -> list[Path]:
    return sorted((corpus_dir / "text").glob("*.txt")) + sorted(
        (corpus_dir / "ground_truth").glob("*.txt")
    )


def test_the_corpus_has_texts_to_compare(corpus_dir: Path) -> None:
    assert len(real_texts(corpus_dir)) >= 30


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_segment_as_word_tokenize_does(text: str) -> None:
    assert segment(text) == segment_with_word_tokenize(text)


def test_real_texts_segment_as_word_tokenize_does(corpus_dir: Path) -> None:
    differing = []
    for path in real_texts(corpus_dir):
        text = path.read_text("utf-8")[:OPENING]
        if segment(text) != segment_with_word_tokenize(text):
            differing.append(path.name)
    assert not differing


def test_multi_syllable_words_are_joined() -> None:
    assert segment("Hội đồng nhân dân tỉnh Hà Giang") == "Hội_đồng_nhân_dân tỉnh Hà_Giang"
