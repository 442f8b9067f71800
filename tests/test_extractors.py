"""Each extractor on real files; format chosen by content; encodings detected."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from core.errors import CorruptFile, NoText, UnsupportedFormat
from extractors import ExtractOptions, choose, extract
from extractors.text import decode
from nlp.normalize import TONE_MARKS

OPTIONS = ExtractOptions(ocr=False)


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        # PDF text layer, page by page
        ("01_hanoi_hdnd_NQ11-2025_text.pdf", "pdf", ["HỘI ĐỒNG NHÂN DÂN", "27 tháng 6 năm 2025"]),
        ("09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf", "pdf", ["GIẤY MỜI", "Tuần Giáo"]),
        # DOCX: the letterhead sits in a table, read in reading order
        (
            "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx",
            "docx",
            ["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\tCỘNG HÒA"],
        ),
        ("47_lamdong_ubnd_CV-5689-2025_draft.docx", "docx", ["5689/BCA-C04"]),
        # HTML: the article, not the portal around it
        ("30_dakrlap_web_khai-mac-ky-hop-8-HDND-tinh.html", "html", ["45 đại biểu HĐND tỉnh"]),
        (
            "21_krongno_web_TB-ket-luan-giai-trinh-HDND.html",
            "html",
            ["Phiên họp giải trình của Thường trực HĐND huyện"],
        ),
        # plain text and markdown
        ("hnp_2019-12-03_thuong-truc-hdnd.txt", "text", ["248/273 (bằng 90,8%)"]),
        ("06_hagiang_hdnd_NQ94-2017_ct-giam-sat-2018.md", "text", ["CHƯƠNG TRÌNH GIÁM SÁT"]),
    ],
)
def test_extracts_real_documents(
    samples_dir: Path, name: str, fmt: str, expected: list[str]
) -> None:
    result = extract(samples_dir / name, OPTIONS)
    assert result.format == fmt
    for snippet in expected:
        assert snippet in result.text
    assert result.text == unicodedata.normalize("NFC", result.text)


def test_pdf_is_read_page_by_page(samples_dir: Path) -> None:
    result = extract(samples_dir / "01_hanoi_hdnd_NQ11-2025_text.pdf", OPTIONS)
    assert [p.number for p in result.pages] == list(range(1, 9))
    assert "HỘI ĐỒNG NHÂN DÂN" in result.pages[0].text
    assert not any(p.ocr for p in result.pages)


def test_html_drops_navigation_and_footer(samples_dir: Path) -> None:
    raw = (samples_dir / "30_dakrlap_web_khai-mac-ky-hop-8-HDND-tinh.html").read_text("utf-8")
    text = extract(samples_dir / "30_dakrlap_web_khai-mac-ky-hop-8-HDND-tinh.html", OPTIONS).text
    # The portal's menu and footer are on the page but not in the extracted article.
    for boilerplate in ("Trang chủ", "Bản quyền"):
        if boilerplate in raw:
            assert boilerplate not in text
    assert len(text) < len(raw) / 10


def test_format_is_chosen_by_content_not_extension(samples_dir: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "scan.txt"
    shutil.copy(samples_dir / "09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf", disguised)
    assert choose(disguised).FORMAT == "pdf"
    nameless = tmp_path / "download"
    shutil.copy(samples_dir / "46_lamdong_ubnd_TBKL-SKHCN-2026_draft.docx", nameless)
    assert choose(nameless).FORMAT == "docx"
    page = tmp_path / "page.bin"
    shutil.copy(samples_dir / "21_krongno_web_TB-ket-luan-giai-trinh-HDND.html", page)
    assert choose(page).FORMAT == "html"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters plus combining tone marks."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in decomposed if c in TONE_MARKS)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if c not in TONE_MARKS)
            )
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_plain_text_encodings_are_detected(
    samples_dir: Path, tmp_path: Path, encoding: str
) -> None:
    original = (samples_dir / "NQ84-2017-nq-hdnd_ha-giang.txt").read_text("utf-8")
    data = to_cp1258(original) if encoding == "cp1258" else original.encode(encoding)
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    result = extract(path, OPTIONS)
    assert result.text == unicodedata.normalize("NFC", original).strip()


def test_decode_leaves_other_latin_text_alone() -> None:
    french = "Le conseil a adopté la résolution à l'unanimité, après débat."
    text, _ = decode(french.encode("cp1252"))
    assert text == french


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("scan.pdf", None, NoText, "needs OCR"),
        ("broken.pdf", b"%PDF-1.7\n%%EOF garbage", CorruptFile, "PDF"),
        ("broken.docx", b"PK\x03\x04garbage", CorruptFile, "DOCX"),
        ("empty.txt", b"   \n", NoText, "empty"),
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), UnsupportedFormat, "OLE2"),
        ("data.bin", bytes(range(256)), UnsupportedFormat, "unrecognised"),
    ],
)
def test_bad_input_raises_a_clear_error(
    tmp_path: Path, name: str, content: bytes | None, error: type[Exception], message: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(_blank_pdf())
    else:
        path.write_bytes(content)
    with pytest.raises(error, match=message):
        extract(path, OPTIONS)


def _blank_pdf() -> bytes:
    """A valid one-page PDF with no text layer, as a scanner without OCR produces."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
