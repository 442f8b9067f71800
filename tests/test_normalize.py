"""Vietnamese normalization: one tone-mark convention, folding, NFC, syllable validity."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.normalize import fold, nfc, normalize_tones
from nlp.syllables import is_syllable, vietnamese_share


@pytest.mark.parametrize(
    ("written", "matched"),
    [
        ("Hoà Bình", "Hòa Bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("HOÀ", "HÒA"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("xoá bỏ", "xóa bỏ"),
        ("Tuỳ", "Tùy"),
        # unchanged: the tone is where both conventions put it, or qu is the onset
        ("hoàn thành", "hoàn thành"),
        ("HOÀN", "HOÀN"),
        ("quý", "quý"),
        ("quỳ", "quỳ"),
        ("hòa", "hòa"),
        ("Đắk R'lấp", "Đắk R'lấp"),
    ],
)
def test_one_tone_mark_convention(written: str, matched: str) -> None:
    assert normalize_tones(written) == matched
    assert normalize_tones(unicodedata.normalize("NFD", written)) == matched


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Hội đồng nhân dân", "hoi dong nhan dan"), ("ĐẮK NÔNG", "dak nong"), ("Thuỷ", "thuy")],
)
def test_fold_removes_every_diacritic(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_nfc_composes() -> None:
    assert nfc("Hô\u0323i") == "Hội"


def test_syllable_test_separates_vietnamese_from_garbage() -> None:
    assert all(map(is_syllable, ["nghiêng", "khuyến", "Hội", "đồng", "ưu", "quý"]))
    assert not any(map(is_syllable, ["nƣớc", "PHÖ", "®ång", "n©n"]))
    assert vietnamese_share("Hội đồng nhân dân tỉnh") == 1.0
    assert vietnamese_share("Héi ®ång nh©n d©n") < 0.5
