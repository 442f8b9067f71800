"""Other documents a text cites by number: "Tờ trình số 27/TTr-HĐND ngày 18/11/2019",
"Nghị quyết 01/2017/NQ-CP", "Luật Cán bộ, công chức số 80/2025/QH15".

The type is kept as written (a "Kế hoạch số 1109/QĐ-UBND" is a plan, whatever its symbol says);
a number cited without a type word takes the type its symbol names ("67/2021/NĐ-CP" → Nghị
định). The date is the one written right after the number, or before it in "Ngày 08/10/2024,
Chính phủ ban hành Nghị định số 126/2024/NĐ-CP". Laws cited by name and date only, and the
document's own number, are not references.
"""

from __future__ import annotations

import re

from core.records import Reference
from nlp.dates import day_at, day_in
from nlp.header import normalize_number, number_code

TYPES = (
    "Nghị quyết", "Quyết định", "Nghị định", "Thông tư liên tịch", "Thông tư", "Tờ trình",
    "Báo cáo", "Công văn", "Văn bản", "Kế hoạch", "Chương trình", "Thông báo", "Chỉ thị",
    "Kết luận", "Luật", "Pháp lệnh", "Hướng dẫn", "Giấy mời", "Công điện", "Đề án", "Quy định",
)  # fmt: skip
# A document number: digits, then a symbol with at least one capital code ("NQ-HĐND", "TU").
NUMBER = r"\d{1,5}(?:[-/]\d{1,5})*[/-](?:[A-ZĐ][\wĐđ&.]*)(?:[-/][\wĐđ&.]*[A-ZĐ\d][\wĐđ&.]*)*"
_NUMBER = re.compile(rf"(?<![\w/.-])(?P<number>{NUMBER})(?![\w/])")
_TYPE = re.compile(
    r"(?<!\w)(?P<type>(?i:" + "|".join(t.replace(" ", r"\s+") for t in TYPES) + r"))"
    r"(?P<between>(?:\s+(?!số\b)[a-zà-ỹđ][a-zà-ỹđ]*){0,3})\s+(?:số\s*:?\s*)?$"
)
_LAW = re.compile(r"(?<!\w)Luật\s[^;.\n]{1,120}?\ssố\s*$")
_AFTER = re.compile(r"\s*,?\s*(?:ngày|Ngày|NGÀY)\s+")
_BEFORE = re.compile(
    r"(?:^|[.;:]\s*|\n)\s*(?:Ngày|ngày)\s+(?P<date>[\d/.\s-]{6,12}\d|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*,[^.;]{0,80}$"
)
_SYMBOL_ONLY = re.compile(r"^\d+[-/](?:\d+[-/])*\d+$")


def find_references(text: str, own_number: str | None = None) -> list[Reference]:
    """The documents `text` cites by number, each once (first mention, with the first date
    stated for it)."""
    found: dict[str, Reference] = {}
    own = normalize_number(own_number) if own_number else None
    for m in _NUMBER.finditer(text):
        raw = m["number"].rstrip(".")
        if _SYMBOL_ONLY.match(raw) or not re.search(r"[A-ZĐ]", raw):
            continue
        number = normalize_number(raw)
        if number == own:
            continue
        before = text[max(0, m.start() - 140) : m.start()]
        doc_type = _type_before(before)
        if doc_type is None:
            doc_type = _implied_type(raw)
            if doc_type is None:
                continue
        date = _date_after(text, m.end()) or _date_before(before)
        known = found.get(number)
        if known is None:
            found[number] = Reference(
                " ".join(text[m.start() : m.end()].split()), doc_type, raw, date
            )
        elif known.date is None and date:
            known.date = date
    return list(found.values())


def _type_before(before: str) -> str | None:
    if m := _TYPE.search(before):
        written = " ".join(m["type"].split())
        return written[0].upper() + written[1:].lower()
    if _LAW.search(before):
        return "Luật"
    return None


def _implied_type(number: str) -> str | None:
    # Only symbols that name a type of legal document count without a type word, so a code
    # such as "84/BC-KTNS" still needs "Báo cáo" before it, but "67/2021/NĐ-CP" does not.
    if not re.search(r"/\d{4}/", number) and not re.match(r"^\d+-NQ/", number):
        return None
    code = number_code(number)
    return code if code not in (None, "Công văn") else None


def _date_after(text: str, end: int) -> str | None:
    m = _AFTER.match(text, end)
    if not m:
        return None
    day = day_at(text, m.end())
    return day.value if day else None


def _date_before(before: str) -> str | None:
    m = _BEFORE.search(before)
    if not m:
        return None
    return day_in(m["date"])
