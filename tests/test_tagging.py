"""Part-of-speech tagging gives exactly underthesea's `pos_tag` tags (nlp/tagging.py computes
the same features another way)."""

from __future__ import annotations

from pathlib import Path

import pytest
from underthesea import pos_tag

from nlp.tagging import _pos_tag, tag

SOURCES = Path(__file__).parent / "gold" / "counts" / "sources"


def _lines() -> list[str]:
    lines = []
    for path in sorted(SOURCES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines += [line for line in text.splitlines() if 5 < len(line) < 600][:60]
    return lines


def test_the_tags_are_underthesea_pos_tag_s_on_real_text() -> None:
    lines = _lines()
    assert len(lines) > 500
    for line in lines:
        assert _pos_tag()(line) == pos_tag(line), line


@pytest.mark.parametrize(
    "text",
    ["", "   ", "…", "TÌNH HÌNH KINH TẾ - XÃ HỘI", "Sở KH&ĐT  đã cấp 340 giấy phép.", "a\nb"],
)
def test_odd_text_is_tagged_as_underthesea_tags_it(text: str) -> None:
    assert _pos_tag()(text) == pos_tag(text)


def test_words_keep_their_place_in_the_text() -> None:
    words = tag("Kỳ họp đã thông qua 19 nghị quyết.")
    assert [(w.text, w.tag) for w in words][3:6] == [
        ("thông qua", "V"),
        ("19", "M"),
        ("nghị quyết", "N"),
    ]
