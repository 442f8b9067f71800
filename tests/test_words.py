"""Word segmentation: hoso's `segment` gives the words underthesea's `word_tokenize` gives."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from nlp.words import MAX_LINE, bounded_pieces, segment, segment_with_word_tokenize

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


def test_long_lines_are_cut_into_bounded_pieces_at_sentence_ends() -> None:
    sentence = "Thường trực Hội đồng nhân dân huyện đã hoàn thành 18/20 nội dung công việc. "
    line = sentence * 400  # about 30,000 characters on one line
    pieces = bounded_pieces(line, limit=10_000)
    assert "".join(pieces) == line
    assert len(pieces) == 4
    assert all(len(p) <= 10_000 for p in pieces)
    assert all(p.endswith("việc. ") for p in pieces[:-1])


def test_a_line_without_sentence_ends_is_cut_at_spaces_then_anywhere() -> None:
    words = "hội đồng nhân dân " * 2_000
    assert all(p.endswith(" ") for p in bounded_pieces(words, limit=5_000)[:-1])
    blob = "x" * 25_000
    assert [len(p) for p in bounded_pieces(blob, limit=10_000)] == [10_000, 10_000, 5_000]
    assert bounded_pieces("ngắn", limit=10) == ["ngắn"]


def test_a_long_line_segments_as_its_sentences_do() -> None:
    sentence = "Thường trực Hội đồng nhân dân huyện Krông Nô tổ chức phiên giải trình. "
    one_line = sentence * 300  # over MAX_LINE
    assert len(one_line) > MAX_LINE
    assert segment(one_line) == segment(sentence.strip()) + (" " + segment(sentence.strip())) * 299


def test_the_python_scoring_tags_every_corpus_line_as_underthesea_does(corpus_dir: Path) -> None:
    # `nlp.crf` against underthesea_core's featurizer and tagger on every line, not openings
    from nlp.words import _underthesea, underthesea_tagger

    parts = _underthesea()
    assert parts.segmenter is not None
    featurizer, tagger = underthesea_tagger()
    lines = [
        line
        for path in real_texts(corpus_dir)
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    assert len(lines) > 5000
    differing = 0
    for line in lines:
        tokens = [m.group() for m in parts.tokens.finditer(parts.normalize_line(line))]
        if not tokens:
            continue
        features = featurizer.process([[[token] for token in tokens]])[0]
        differing += parts.segmenter.tag(tokens) != list(tagger.tag(features))
    assert differing == 0


def test_a_model_with_other_features_keeps_underthesea_s_tagger(tmp_path: Path) -> None:
    import joblib

    from nlp import crf

    joblib.dump(["T[0]", "T[0].lower"], tmp_path / "features.bin")
    assert crf.load(tmp_path) is None
    (tmp_path / "models.bin").write_bytes(b"not a model")
    with pytest.raises(ValueError, match="not a CRFsuite model"):
        crf.read_model(tmp_path / "models.bin")


def test_tokenize_gives_word_tokenize_s_words(corpus_dir: Path) -> None:
    # the words part-of-speech tagging reads: one sequence per text, punctuation kept
    from underthesea import word_tokenize

    from nlp.words import tokenize

    texts = [*EDGE_CASES, "Sở Tài nguyên và Môi trường; 12/2019/NQ-HĐND. “Trích yếu”"]
    texts += [
        line
        for path in real_texts(corpus_dir)[:12]
        for line in path.read_text("utf-8").splitlines()[:60]
        if line.strip()
    ]
    assert [tokenize(t) for t in texts] == [word_tokenize(t) for t in texts]
