"""Issuers resolve to one canonical name despite OCR damage; junk is no issuer (nlp.entities).

The raw strings are the issuers the letterheads of the shared corpus were read as (file named
beside each), before canonicalisation.
"""

from __future__ import annotations

import pytest

from nlp import places
from nlp.entities import MIN_CONFIDENCE, resolve_issuer


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Họi đòng nhân dân tỉnh Đắk Nông", "HĐND tỉnh Đắk Nông"),  # 23_daknong_hdnd_NQ05-2019
        ("Hội đòng nhân dân tỉnh Đắk Nông", "HĐND tỉnh Đắk Nông"),  # 24
        ("Hội đòng nhân dân ˆ tỉnh Đắk Nông", "HĐND tỉnh Đắk Nông"),  # 25
        ("Hội đỏng nhân dân tỉnh Đắk Nông", "HĐND tỉnh Đắk Nông"),  # 26
        ("Hội. đỏng nhân dân tỉnh Đắk Nông", "HĐND tỉnh Đắk Nông"),  # 33
        ("HĐND tỉnh Đăk Nông", "HĐND tỉnh Đắk Nông"),
        ("UBND ˆ tỉnh Đắk Nông", "UBND tỉnh Đắk Nông"),  # 28_daknong_ubnd_CT08-2019
        ("Hội đòng nhân dân huyện Đắk R°láp", "HĐND huyện Đắk R'Lấp"),  # 27_dakrlap_hdnd_TB08
        # 16 and 19: the national motto read into the letterhead's left column
        (
            "Hội đông nhân dân cộng hòa xã họi chủ nghĩa việt nam huyện Krông Nô",
            "HĐND huyện Krông Nô",
        ),
        ("UBND cộng hòa xã họi chủ nghĩa việt nam huyện Krông Nô", "UBND huyện Krông Nô"),
        ("Văn phòng HĐND & UBND UBND huyện Krông Nô", "Văn phòng HĐND và UBND huyện Krông Nô"),
        ("Đoàn giám sát HĐND tỉnh Bình Dương", "Đoàn giám sát HĐND tỉnh Bình Dương"),  # 08
        ("HĐND thành phố Hà Nội", "HĐND thành phố Hà Nội"),  # 01
        ("Sở Nội vụ tỉnh Bình Thuận", "Sở Nội vụ tỉnh Bình Thuận"),  # 48
        (
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh Thanh Hóa",
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh Thanh Hóa",
        ),
        ("HĐND tỉnh Bà Rịa - Vũng Tàu", "HĐND tỉnh Bà Rịa - Vũng Tàu"),
        ("Chính phủ", "Chính phủ"),  # 11
        ("Huyện ủy Krông Nô", "Huyện ủy Krông Nô"),
        ("Tỉnh ủy Đắk Lắk", "Tỉnh ủy Đắk Lắk"),
        ("HĐND TP Hà Nội", "HĐND thành phố Hà Nội"),
        ("Tòa án nhân dân tỉnh Gia Lai", "Tòa án nhân dân tỉnh Gia Lai"),
    ],
)
def test_variants_resolve_to_one_name(raw: str, canonical: str) -> None:
    resolved = resolve_issuer(raw)
    assert resolved is not None and resolved.name == canonical
    assert MIN_CONFIDENCE <= resolved.confidence <= 100


@pytest.mark.parametrize(
    "raw",
    [
        "Xv80 thành phố Cần Thơ",  # 35_cantho_ubnd_QD256-2004_CCHC_tcvn3: a TCVN3 misreading
        "Hành chính ca chính phù",  # 12_bcd-cchc_QD46-2021_scan
        "Thành phó hà nội",  # 03_hanoi_ubnd_QD35-2024: the place line alone
        "Úy ban nhân dân",  # 17: a committee of no named place
        "Công ty TNHH Minh Long tỉnh Bình Dương",  # not a public body
        "",
        None,
    ],
)
def test_junk_is_no_issuer(raw: str | None) -> None:
    assert resolve_issuer(raw) is None


def test_a_bare_body_takes_the_documents_place() -> None:
    krong_no = places.lookup("Krông Nô", "huyện")
    resolved = resolve_issuer("Ủy ban nhândân", krong_no)  # 20's glyph-mismapped letterhead
    assert resolved is not None and resolved.name == "UBND huyện Krông Nô"
