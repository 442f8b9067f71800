"""Legacy Vietnamese encodings: .doc, .rtf, .odt, .docx and PDF text layers come back as Unicode.

Real corpus files (TCVN3, VNI, a file mixing both, Unicode .doc twins) are checked for the document
number and date their provenance states; generated files pin the per-run font logic; foreign and
Unicode texts pin that nothing genuine is ever altered.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from core.errors import UnsupportedFormat
from extractors import ExtractOptions, choose, extract
from extractors import pdf as pdf_extractor
from extractors.legacy import (
    CP1258,
    MOJIBAKE,
    TCVN3,
    VIQR,
    VISCII,
    VNI,
    Run,
    convert_lines,
    convert_run,
    detect_and_convert,
    detect_encoding,
    font_encoding,
    font_is_uppercase,
)
from nlp.normalize import nfc

NO_OCR = ExtractOptions(ocr=False)
UNICODE = "Hội đồng nhân dân tỉnh Đắk Nông họp kỳ thứ tám, thông qua nghị quyết về ngân sách"
# Characters an unconverted TCVN3/VNI text shows; none may survive in converted output.
LEGACY_SURFACE = re.compile("[©ª«¬®µ¸¹»¾ÆÇËÐÑÖ×ØÜÞßäåæçëîïñöøûüþ\u2212]")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- real corpus files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        # (file, format, phrases the provenance description names: number, date, subject)
        ("35_cantho_ubnd_QD256-2004_CCHC_tcvn3.doc", "doc", ["256 /2004/QĐ-UB", "01 tháng 7 năm 2004", "Cần Thơ"]),
        ("36_angiang_ubnd_QD522-2002_uu-dai_tcvn3.doc", "doc", ["522/2002/QĐ.UB", "07 tháng 3 năm 2002", "An Giang"]),
        ("37_camau_ubnd_QD05-2006_doi-kiem-tra-814_vni.doc", "doc", ["/2006/ QĐ-UBND", "tháng 01 năm 2006", "LIÊN NGÀNH 814"]),
        ("38_binhphuoc_ubnd_QD991-2008_vni.doc", "doc", ["991/QĐ-UBND", "năm 2008", "quy hoạch sử dụng rừng"]),
        ("39_lamdong_KH-CNTT-1998-2000_mixed-tcvn3-vni.doc", "doc", ["Kế hoạch tổng thể phát triển CNTT tỉnh Lâm Đồng", "Các hệ thông tin tại các Sở, Ban, Ngành"]),
        ("40_chinhphu_ND29-1998_quy-che-dan-chu-xa_tcvn3.doc", "doc", ["29/1998/NĐ-CP", "11 THÁNG 5 NĂM 1998", "dân chủ ở xã"]),
        ("29_dakrlap_ubnd_hop-BCD-PKND-2018.doc", "doc", ["18/7/2018", "phòng không nhân dân"]),
        ("45_lamdong_ubnd_TBKL-PCI-2026_draft.doc", "doc", ["Nguyễn Ngọc Phúc", "1618/QĐ-UBND", "tháng 4 năm 2026"]),
        ("49_binhthuan_ubnd_TB-giai-the-hoi_draft.doc", "doc", ["126/2024/NĐ-CP", "3367/TTr-SNV", "tháng 12 năm 2024"]),
        ("43_lawdata_ND94-1998_tcvn3.rtf", "rtf", ["94 /1998/NĐ-CP", "17 tháng 11 năm 1998", "Thuế xuất khẩu"]),
        ("41_mpi_BC-cong-nghiep-02-2007_tcvn3.pdf", "pdf", ["THÁNG 02 VÀ 2 THÁNG ĐẦU NĂM 2007", "39.897 tỷ đồng", "nhà nước"]),
    ],
)  # fmt: skip
def test_real_files_read_as_unicode(
    corpus_dir: Path, name: str, fmt: str, expected: list[str]
) -> None:
    result = extract(corpus_dir / name, NO_OCR)
    assert result.format == fmt
    text = squash(result.text)
    for phrase in expected:
        assert phrase in text, phrase
    # File 39 has a few words damaged in the original ("vÞï"); nothing else may keep legacy bytes.
    assert len(LEGACY_SURFACE.findall(text)) <= len(text) / 5000, LEGACY_SURFACE.findall(text)
    assert unicodedata.is_normalized("NFC", result.text)
    # The file's own title (PDF Info, Word core properties) is typed in the same fonts.
    assert not LEGACY_SURFACE.findall(result.title or ""), result.title


def test_a_legacy_title_in_the_file_properties_is_converted(corpus_dir: Path) -> None:
    # The PDF's Info dictionary holds its title in TCVN3 bytes, as Word wrote them.
    result = extract(corpus_dir / "41_mpi_BC-cong-nghiep-02-2007_tcvn3.pdf", NO_OCR)
    assert result.title == "Vụ kinh tế Công nghiệp"


def test_tcvn3_pdf_text_layer_is_converted_without_ocr(corpus_dir: Path) -> None:
    # pdfFactory subset fonts ("AARIQC+.VnTime"): the font name decides, the layer is kept.
    result = extract(corpus_dir / "42_mpi_BC-KH-2005-trinh-QH_tcvn3-no-unicode.pdf", NO_OCR)
    assert len(result.pages) == 58 and not any(p.ocr for p in result.pages)
    assert "ocr_skipped" not in result.metadata
    text = squash(result.text)
    assert "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KẾ HOẠCH NĂM 2004" in text  # a .VnTimeH title
    assert "Quốc hội khoá XI tại kỳ họp thứ 4" in text


def test_mixed_tcvn3_and_vni_file_converts_each_part(corpus_dir: Path) -> None:
    text = squash(extract(corpus_dir / "39_lamdong_KH-CNTT-1998-2000_mixed-tcvn3-vni.doc").text)
    # TCVN3 part (table of contents) and VNI part, both in one unnamed font "VNSTCVN3".
    # Capitals typed in a TCVN3 font that has no accented capitals ("PHÇN THø HAI") come back
    # as capitals.
    assert "MỤC LỤC PHẦN THỨ NHẤT: Kế hoạch tổng thể" in text
    assert "PHẦN THỨ HAI: Dự án tin học hóa khối các Sở, Ban Ngành" in text
    assert "Các phân hệ điều hành tác nghiệp được bố trí ở Văn phòng" in text
    assert "Tỉnh ủy Lâm Đồng" in text


def test_image_only_doc_without_ocr_names_the_fix(corpus_dir: Path) -> None:
    with pytest.raises(Exception, match="needs OCR"):
        extract(corpus_dir / "10_tuangiao_hdnd-dgs_TB320-2018_image-only.doc", NO_OCR)


def test_doc_rtf_odt_are_chosen_by_content(corpus_dir: Path, tmp_path: Path) -> None:
    for name, fmt in [
        ("35_cantho_ubnd_QD256-2004_CCHC_tcvn3.doc", "doc"),
        ("43_lawdata_ND94-1998_tcvn3.rtf", "rtf"),
    ]:
        nameless = tmp_path / f"{fmt}-file"
        nameless.write_bytes((corpus_dir / name).read_bytes())
        detected = choose(nameless).FORMAT
        assert detected == fmt
    odt = _write_odt(tmp_path / "file", [("Standard", None, "Xin chào")])
    detected = choose(odt).FORMAT
    assert detected == "odt"


def test_other_ole2_files_stay_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    with pytest.raises(UnsupportedFormat, match="OLE2"):
        extract(path, NO_OCR)


@pytest.mark.parametrize(
    "name",
    [
        "01_hanoi_hdnd_NQ11-2025_text.pdf",
        "04_hanoi_ubnd_QD05-2025.pdf",
        "08_binhduong_hdnd-doan-giam-sat_TB11-2021.pdf",
        "09_tuangiao_hdnd_GM-hop-thuong-truc-2020.pdf",
        "13_thanhhoa_vp-dbqh-hdnd_CV-danh-muc_draft.pdf",
        "14_thanhhoa_hdnd_QD-OKR-KPI_draft.pdf",
        "48_binhthuan_so-noi-vu_TTr3367-2024_signed.pdf",
    ],
)
def test_unicode_pdfs_keep_their_text_layer_exactly(corpus_dir: Path, name: str) -> None:
    result = pdf_extractor.extract(corpus_dir / name, NO_OCR)
    with pdfplumber.open(corpus_dir / name) as pdf:
        layer = [nfc(page.extract_text() or "").strip() for page in pdf.pages]
    assert [p.text for p in result.pages] == layer
    assert not any(p.ocr for p in result.pages) and not result.metadata


def test_unicode_corpus_files_are_never_altered(corpus_dir: Path) -> None:
    """No false positive: every Unicode text of the corpus comes back from conversion unchanged."""
    checked = 0
    for path in sorted(corpus_dir.iterdir()) + sorted((corpus_dir / "text").iterdir()):
        if path.suffix not in (".md", ".html", ".docx", ".txt"):
            continue
        text = extract(path, NO_OCR).text
        assert detect_and_convert(text) == text, path.name
        assert convert_lines([[Run(line, "Times New Roman")] for line in text.splitlines()]) == [
            nfc(line) for line in text.splitlines()
        ], path.name
        checked += 1
    assert checked >= 35


# --- conversion units ----------------------------------------------------------------------------


def _encode_with(text: str, table: str) -> str:
    """`text` as it reads when its legacy bytes are shown as Windows-1252 (viparse's tables)."""
    from viparse.normalize.encodings import CHARMAPS

    reverse: dict[str, str] = {}
    for legacy, unicode in CHARMAPS[table].pairs:
        reverse.setdefault(unicode, legacy)
    return "".join(reverse.get(c, c) for c in text)


def _as_cp1258_misread(text: str) -> str:
    """Windows-1258 bytes (tone marks as combining characters) decoded as Windows-1252."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258").decode("cp1252")


def _as_mojibake(text: str) -> str:
    undefined = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    return "".join(
        chr(b) if b in undefined else bytes([b]).decode("cp1252") for b in text.encode("utf-8")
    )


VIQR_TEXT = (
    "Ho^.i ddo^`ng nha^n da^n ti?nh DDa('k No^ng ho.p ky` thu+' ta'm, "
    "tho^ng qua nghi. quye^'t ve^` nga^n sa'ch"
)


@pytest.mark.parametrize(
    ("encoding", "legacy"),
    [
        (TCVN3, _encode_with(UNICODE, "tcvn3")),
        (VNI, _encode_with(UNICODE, "vni")),
        (VISCII, _encode_with(UNICODE, "viscii")),
        (CP1258, _as_cp1258_misread(UNICODE)),
        (MOJIBAKE, _as_mojibake(UNICODE)),
        (VIQR, VIQR_TEXT),
    ],
)
def test_content_detection_converts_each_legacy_encoding(encoding: str, legacy: str) -> None:
    assert legacy != UNICODE
    assert detect_encoding(legacy) == encoding
    assert detect_and_convert(legacy) == UNICODE


def test_mojibake_is_repaired_inside_genuine_text() -> None:
    assert detect_and_convert("Há»™i Ä‘á»“ng nhân dân") == "Hội đồng nhân dân"


@pytest.mark.parametrize(
    ("text", "font", "expected"),
    [
        ("Héi ®ång nh©n d©n", ".VnTime", "Hội đồng nhân dân"),
        ("QUYÕT §ÞNH", ".VnTimeH", "QUYẾT ĐỊNH"),
        ("quyÕt ®Þnh cña ñy ban", ".VnTimeH", "QUYẾT ĐỊNH CỦA ỦY BAN"),
        ("Céng hßa x· héi", "ABCDEF+.VnTimeH,Bold", "CỘNG HÒA XÃ HỘI"),
        ("nhµ n\u2212íc", "CCBOEA+.VnTime", "nhà nước"),  # PDF glyph substitution for ư
        ("Hoäi ñoàng nhaân daân", "VNI-Times", "Hội đồng nhân dân"),
        ("quyeát ñònh", "VNI-TimesH", "QUYẾT ĐỊNH"),
        ("QUYEÁT ÑÒNH", "VNI-Helve", "QUYẾT ĐỊNH"),
        ("Héi ®ång", "Times New Roman", "Héi ®ång"),  # a Unicode font is trusted as it is
        ("Hội đồng", ".VnTime", "Hội đồng"),  # Unicode typed in an old font is left alone
    ],
)
def test_runs_convert_by_their_font(text: str, font: str, expected: str) -> None:
    assert convert_run(text, font) == expected


def test_font_names() -> None:
    assert font_encoding(".VnTime") == TCVN3 and font_encoding("VnTimeH(Ds)") == TCVN3
    assert font_encoding("VNI-Times") == VNI and font_encoding("XYZABC+VNI-Helve-Bold") == VNI
    assert font_encoding("Times New Roman") is None and font_encoding(None) is None
    assert font_is_uppercase(".VnTimeH") and font_is_uppercase(".VnArialH,Bold")
    assert font_is_uppercase(".VnTimeH Tur") and font_is_uppercase("VnTimeH(Ds)")
    assert not font_is_uppercase(".VnTime") and not font_is_uppercase("Arial Black")


def test_mixed_line_converts_run_by_run() -> None:
    line = [
        Run("Héi ®ång ", ".VnTime"),
        Run("nhaân daân ", "VNI-Times"),
        Run("tØnh ", ".VnTime"),
        Run("Đắk Nông", "Times New Roman"),
    ]
    assert convert_lines([line]) == ["Hội đồng nhân dân tỉnh Đắk Nông"]


def test_vni_letter_split_across_runs_is_kept_whole() -> None:
    # A formatting change can fall between a VNI base letter and its mark.
    assert convert_lines([[Run("Hoa", "VNI-Times"), Run("ø bình", "VNI-Times")]]) == ["Hoà bình"]


def test_unnamed_font_is_detected_by_content_and_short_lines_follow_neighbours() -> None:
    font = "VNSTCVN3"  # a real TCVN3-era font name no pattern knows (corpus file 39)
    lines = [
        [Run("MôC LôC", font)],
        [Run("Héi ®ång nh©n d©n tØnh L©m §ång th«ng qua kÕ ho¹ch ph¸t triÓn", font)],
        [Run("Bé", font)],
        [Run("Caùc heä thoâng tin taïi caùc Sôû, Ban, Ngaønh vaø caùc Huyeän", font)],
        [Run("Soá", font)],
    ]
    assert convert_lines(lines) == [
        "MỤC LỤC",
        "Hội đồng nhân dân tỉnh Lâm Đồng thông qua kế hoạch phát triển",
        "Bộ",
        "Các hệ thông tin tại các Sở, Ban, Ngành và các Huyện",
        "Số",
    ]


FOREIGN = [
    "Le comité a décidé à l'unanimité de reporter la séance à la semaine prochaine. Où est la "
    "bibliothèque? Ça coûte très cher, même pour un élève.",
    "Die Größe des Gebäudes überrascht. Über die Brücke gehen Bürger täglich zur Straßenbahn; "
    "die Förderung läuft noch.",
    "El señor está aquí. ¿Dónde está la estación? Mañana será otro día, según el niño pequeño.",
    "The council’s résumé — a naïve café owner’s “fiancée” paid €20 for the piñata, déjà vu.",
    "São Paulo é a maior cidade do Brasil; a população não para de crescer e há muitos órgãos.",
    "Hà Nội, ngày 10 tháng 01 năm 2019. Ủy ban nhân dân thành phố Hồ Chí Minh.",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_foreign_and_unicode_text_is_never_altered(text: str) -> None:
    assert detect_encoding(text) is None
    assert detect_and_convert(text) == text
    for font in (None, "Times New Roman", "Unknown Font"):
        assert convert_lines([[Run(text, font)]] * 3) == [text] * 3


# --- generated DOCX, ODT and RTF -----------------------------------------------------------------


def test_docx_runs_convert_by_font_and_style(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = ".VnTime"  # the style gives the font to runs that name none
    paragraph = document.add_paragraph()
    paragraph.add_run("Héi ®ång nh©n d©n ")
    paragraph.add_run("tØnh").font.name = ".VnTimeH"
    paragraph.add_run(" Đắk Nông").font.name = "Times New Roman"
    vni = document.add_paragraph().add_run("Quyeát ñònh soá 12")
    vni.font.name = "VNI-Times"
    # Word stores TCVN3's "ư" byte 0xAD as an optional hyphen element.
    run = document.add_paragraph().add_run("Th")
    run.font.name = ".VnTime"
    run._r.append(run._r.makeelement(qn("w:softHyphen"), {}))
    run._r.append(run._r.makeelement(qn("w:t"), {}))
    run._r[-1].text = "¬ng m¹i"
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Sè"
    table.cell(0, 1).text = "Unicode ở đây"
    table.cell(0, 1).paragraphs[0].runs[0].font.name = "Arial"
    path = tmp_path / "legacy.docx"
    document.save(str(path))
    assert extract(path, NO_OCR).text.splitlines() == [
        "Hội đồng nhân dân TỈNH Đắk Nông",
        "Quyết định số 12",
        "Thương mại",
        "Số\tUnicode ở đây",
    ]


def _write_odt(path: Path, paragraphs: list[tuple[str, str | None, str]]) -> Path:
    """A minimal ODT: (paragraph style, span font or None, text) per paragraph."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
    )
    fonts = {".VnTime", ".VnTimeH", "VNI-Times", "Liberation Serif"}
    faces = "".join(
        f'<style:font-face style:name="{f}" svg:font-family="&apos;{f}&apos;"/>' for f in fonts
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}>'
        f"<office:font-face-decls>{faces}</office:font-face-decls><office:styles>"
        '<style:default-style style:family="paragraph"><style:text-properties '
        'style:font-name="Liberation Serif"/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph"/>'
        '<style:style style:name="Legacy" style:family="paragraph" '
        'style:parent-style-name="Standard"><style:text-properties style:font-name=".VnTime"/>'
        "</style:style></office:styles></office:document-styles>"
    )
    automatic = "".join(
        f'<style:style style:name="T{i}" style:family="text"><style:text-properties '
        f'style:font-name="{f}"/></style:style>'
        for i, f in enumerate(sorted(fonts))
    )
    span_style = {f: f"T{i}" for i, f in enumerate(sorted(fonts))}
    body = ""
    for style, font, text in paragraphs:
        inner = (
            f'<text:span text:style-name="{span_style[font]}">{text}</text:span>' if font else text
        )
        body += f'<text:p text:style-name="{style}">{inner}</text:p>'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
        f"<office:font-face-decls>{faces}</office:font-face-decls>"
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first and uncompressed, as ODF requires
        package.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        package.writestr("styles.xml", styles, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_odt_spans_convert_by_font(tmp_path: Path) -> None:
    path = _write_odt(
        tmp_path / "legacy.odt",
        [
            ("Legacy", None, "Héi ®ång nh©n d©n"),  # font from the paragraph style
            ("Standard", ".VnTimeH", "quyÕt ®Þnh"),
            ("Standard", "VNI-Times", "Thöôøng tröïc"),
            ("Standard", None, "Unicode: Đắk Nông, São Paulo"),
        ],
    )
    result = extract(path, NO_OCR)
    assert result.format == "odt"
    assert result.text.splitlines() == [
        "Hội đồng nhân dân",
        "QUYẾT ĐỊNH",
        "Thường trực",
        "Unicode: Đắk Nông, São Paulo",
    ]


def test_rtf_runs_convert_by_font_table(tmp_path: Path) -> None:
    rtf = (
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 .VnTime;}"
        r"{\f1\fcharset0 VNI-Times;}{\f2\fcharset0 Times New Roman;}{\f3\fcharset0 .VnTimeH;}}"
        r"{\header \f0 Trang 1\par}"
        r"\pard\plain H\'e9i \'ae\'e5ng nh\'a9n d\'a9n\par"
        r"{\f1 Quye\'e1t \'f1\'f2nh}\par"
        r"{\f3 quy\'d5t \'ae\'deNH}\par"
        r"{\f2 \u272?\u7855?k N\u244?ng}\par}"
    )
    path = tmp_path / "mixed.rtf"
    path.write_bytes(rtf.encode("ascii"))
    assert extract(path, NO_OCR).text.splitlines() == [
        "Hội đồng nhân dân",
        "Quyết định",
        "QUYẾT ĐỊNH",
        "Đắk Nông",
    ]
