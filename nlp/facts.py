"""Facts a council document states about itself: type, date, title (trích yếu).

`extract_facts` is the one entry point the pipeline calls; it never raises on odd text.
"""

from __future__ import annotations

import re

from hoso.records import DocumentFacts
from nlp.normalize import fold

# Header names of Vietnamese administrative document types (Nghị định 30/2020/NĐ-CP, Phụ lục III),
# keyed by their diacritic-folded upper-case form so OCR or legacy-font case slips still match.
DOC_TYPES = {
    fold(name).upper(): name
    for name in (
        "Nghị quyết",
        "Quyết định",
        "Chỉ thị",
        "Quy chế",
        "Quy định",
        "Thông báo",
        "Hướng dẫn",
        "Chương trình",
        "Kế hoạch",
        "Phương án",
        "Đề án",
        "Dự án",
        "Báo cáo",
        "Biên bản",
        "Tờ trình",
        "Hợp đồng",
        "Công văn",
        "Công điện",
        "Bản ghi nhớ",
        "Bản thỏa thuận",
        "Giấy ủy quyền",
        "Giấy mời",
        "Giấy giới thiệu",
        "Giấy nghỉ phép",
        "Phiếu gửi",
        "Phiếu chuyển",
        "Phiếu báo",
        "Thư công",
        "Nghị định",
        "Thông tư",
        "Luật",
        "Pháp lệnh",
        "Kết luận",
    )
}
# The type code inside a document number: "12/2019/NQ-HĐND" → NQ.
NUMBER_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "TB": "Thông báo",
    "CTR": "Chương trình", "KH": "Kế hoạch", "BC": "Báo cáo", "BB": "Biên bản",
    "TTR": "Tờ trình", "GM": "Giấy mời", "HD": "Hướng dẫn", "NĐ": "Nghị định", "TT": "Thông tư",
    "CĐ": "Công điện", "KL": "Kết luận",
}  # fmt: skip
HEADER_LINES = 40
_NUMBER = re.compile(r"Số\s*[:.]?\s*(\d+[\w./-]*?)[/-]([A-ZĐ]{1,4})\b", re.I)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_DIGITS = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.I)


def _iso(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), int(month), int(year)
    if 1 <= d <= 31 and 1 <= m <= 12 and 1900 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _doc_type(lines: list[str]) -> tuple[str | None, int | None]:
    for i, line in enumerate(lines[:HEADER_LINES]):
        key = fold(line.strip(" \t*#|")).upper()
        if key in DOC_TYPES:
            return DOC_TYPES[key], i
    for line in lines[:HEADER_LINES]:
        if m := _NUMBER.search(line):
            code = m.group(2).upper()
            if code in NUMBER_CODES:
                return NUMBER_CODES[code], None
    return None, None


def _issued_date(lines: list[str]) -> str | None:
    for line in lines[:HEADER_LINES]:
        for pattern in (_DATE_WORDS, _DATE_DIGITS):
            if (m := pattern.search(line)) and (iso := _iso(*m.groups())):
                return iso
    return None


def _title(lines: list[str], type_line: int | None, hint: str | None) -> str | None:
    if type_line is not None:
        parts: list[str] = []
        for line in lines[type_line + 1 : type_line + 6]:
            text = line.strip(" \t*#|_-")
            if not text or text.lower().startswith(("căn cứ", "kính gửi")):
                break
            parts.append(text)
        if parts:
            return " ".join(parts)
    if hint and hint.strip() and hint.strip().lower() not in {"home", "untitled"}:
        return hint.strip()
    for line in lines:
        if len(line.strip(" \t*#|")) > 8:
            return line.strip(" \t*#|")[:200]
    return None


def extract_facts(text: str, title_hint: str | None = None) -> DocumentFacts:
    """The facts of one document's text. `title_hint` is a title the file format carried."""
    lines = [line for line in text.splitlines() if line.strip()]
    doc_type, type_line = _doc_type(lines)
    return DocumentFacts(
        doc_type=doc_type,
        issued_date=_issued_date(lines),
        title=_title(lines, type_line, title_hint),
    )
