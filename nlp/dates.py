"""Dates stated in Vietnamese text, normalized to ISO with their precision.

Precisions: day ("ngày 27 tháng 6 năm 2025", "03/12/2019"), month ("tháng 11-2019"), quarter
("Quý I/2021" → "2021-Q1"), year ("năm 2018"), range ("giai đoạn 2016 - 2020", "6 tháng đầu năm
2017", "từ ngày 15 đến ngày 17/7/2020"; `end` holds the end) and term ("nhiệm kỳ 2021-2026").
A day written without its year ("sáng 3-12") takes the year of the document date it is read
against. Years inside document numbers (12/2019/NQ-HĐND), bare four-digit numbers, recurring
dates ("ngày 15 tháng 12 hằng năm") and blanks ("ngày … tháng … năm …") are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hoso.records import DateMention
from nlp.numbers import roman_to_int
from nlp.sentences import Sentences

# Letters a lost glyph ("th(cid:105)ng" in a broken PDF text layer, made U+FFFD by
# nlp.facts) may stand for, so such words still read as "tháng".
LOST = "\ufffd"
NGAY = rf"ng[àa{LOST}]y"
THANG = rf"th[áa{LOST}]ng"
NAM = rf"n[ăa{LOST}]m"
_YEAR = r"(1[89]\d\d|20\d\d|2100)"
_D = r"(\d{1,2})"
_DASH = r"\s*[-–—]\s*"
_NOT_AFTER_NUMBER = r"(?<![\d./\w])"

_F = re.IGNORECASE


@dataclass
class Found:
    """A date found in the text: its span, ISO value(s) and precision."""

    start: int
    end: int
    value: str
    precision: str
    end_value: str | None = None

    def mention(self, text: str, sentences: Sentences | None) -> DateMention:
        raw = " ".join(text[self.start : self.end].split())
        sentence = sentences.sentence(self.start, self.end) if sentences else raw
        return DateMention(raw, self.value, self.precision, sentence, self.end_value)


def iso_day(day: int | str, month: int | str, year: int | str) -> str | None:
    """ "2025-06-27" for a real calendar day in 1800-2100, else None."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _month(month: str, year: str) -> str | None:
    m = int(month)
    return f"{int(year):04d}-{m:02d}" if 1 <= m <= 12 else None


_DAY_WORDS = re.compile(
    rf"(?:{NGAY}\s+)?{_NOT_AFTER_NUMBER}{_D}\s+{THANG}\s*{_D}\s+{NAM}\s*{_YEAR}(?!\d)", _F
)
_DAY_DIGITS = re.compile(
    rf"{_NOT_AFTER_NUMBER}{_D}\s?([/.-])\s?{_D}\s?\2\s?{_YEAR}(?![\d/]|\.\d)", _F
)
# "thứ năm, 08 08 2019 08:52": a portal's date line, separated by spaces only.
_DAY_SPACED = re.compile(
    rf"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*{_D} {_D} {_YEAR}\b", _F
)
_RANGE_DAYS = re.compile(
    rf"từ\s+(?:{NGAY}\s+)?{_D}(?:\s*([/.-])\s*{_D})?\s+(?:đến|tới)\s+(?:hết\s+)?(?:{NGAY}\s+)?"
    rf"(?={_D}\s*(?:[/.-]|\s+{THANG}))",
    _F,
)
_QUARTER = re.compile(
    rf"(?<!\w)qu[ýy]\s+([IV]{{1,3}}|[1-4])\s*(?:[/-]\s*|\s+{NAM}\s+|\s+){_YEAR}(?!\d)", _F
)
_PART_OF_YEAR = re.compile(
    rf"(?<![\d\w])0?([369])\s+{THANG}\s+(đầu|cuối)\s+{NAM}(?:\s+(?:{NAM}\s+)?{_YEAR}(?!\d))?", _F
)
_MONTH = re.compile(rf"(?<!\w){THANG}\s*{_D}\s*(?:[/.-]\s*|\s+{NAM}\s*){_YEAR}(?!\d)", _F)
_BLANK_DAY_MONTH = re.compile(rf"(?<!\w){NGAY}\s*/\s*{_D}\s*/\s*{_YEAR}(?!\d)", _F)
_BLANK_DAY_YEAR = re.compile(
    rf"(?<!\w){NGAY}\s*(?:/\s*/|\s+{THANG}\s+{NAM}|\s+{THANG}\s*,?\s*{NAM})\s*{_YEAR}(?!\d)", _F
)
_TERM = re.compile(
    rf"(?<!\w)nhiệm\s+kỳ\s+(?:[IVX]+\s*\(\s*)?{_YEAR}{_DASH}{_YEAR}(?!\d)(?:\s*\))?", _F
)
_YEAR_RANGE = re.compile(
    rf"(?<!\w)(?:giai\s+đoạn|thời\s+kỳ|năm\s+học|niên\s+khóa|từ\s+{NAM})\s+{_YEAR}"
    rf"(?:{_DASH}|\s+đến\s+(?:{NAM}\s+)?){_YEAR}(?!\d)",
    _F,
)
_YEAR_ONLY = re.compile(rf"(?<!\w){NAM}\s+{_YEAR}(?![\d/]|\.\d)", _F)
_PARTIAL = re.compile(
    rf"(?<!\w)(?:sáng|chiều|tối|trưa|đêm|hôm|{NGAY})\s+(?:nay\s+)?{_D}\s*([/-])\s*{_D}"
    rf"(?!\s*[/.-]?\s*\d)",
    _F,
)
_PARTIAL_WORDS = re.compile(rf"(?<!\w){NGAY}\s+{_D}\s+{THANG}\s+{_D}(?!\s*(?:[/.-]|{NAM})|\d)", _F)
_RECURRING = re.compile(rf"\s*(?:hằng|hàng|mỗi)\s+{NAM}", _F)
_JOIN = re.compile(rf"^\s*(?:[-–—]|đến|tới)\s*(?:hết\s+)?(?:{NGAY}\s+)?$", _F)


def scan(text: str, reference: str | None = None) -> list[Found]:
    """Every date in `text`, in text order; `reference` (an ISO day) dates day-month mentions."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(item: Found | None) -> None:
        if item is None or any(s < item.end and item.start < e for s, e in taken):
            return
        found.append(item)
        taken.append((item.start, item.end))

    for rule in _RULES:
        for item in rule(text, reference):
            add(item)
    found.sort(key=lambda f: f.start)
    return _merge_ranges(text, found)


def find_dates(
    text: str, sentences: Sentences | None = None, reference: str | None = None
) -> list[DateMention]:
    """The dates of `text` as DateMentions, each with the sentence it was stated in."""
    return [f.mention(text, sentences) for f in scan(text, reference)]


def first_date(text: str) -> Found | None:
    """The first date in a short fragment such as "Hà Nội, ngày 27 tháng 6 năm 2025"."""
    dates = scan(text)
    return dates[0] if dates else None


def _day_words(text: str, _: str | None) -> Iterator[Found]:
    for m in _DAY_WORDS.finditer(text):
        if value := iso_day(m[1], m[2], m[3]):
            yield Found(m.start(), m.end(), value, "day")


def _day_digits(text: str, _: str | None) -> Iterator[Found]:
    for m in _DAY_DIGITS.finditer(text):
        if value := iso_day(m[1], m[3], m[4]):
            yield Found(m.start(), m.end(), value, "day")
    for m in _DAY_SPACED.finditer(text):
        if value := iso_day(m[1], m[2], m[3]):
            yield Found(m.start(1), m.end(), value, "day")


def _range_days(text: str, _: str | None) -> Iterator[Found]:
    # "từ ngày 15 đến ngày 17/7/2020": the first day borrows the month and year of the second.
    for m in _RANGE_DAYS.finditer(text):
        end = _day_at(text, m.end())
        if end is None:
            continue
        year, month = end.value[:4], m[3] or end.value[5:7]
        if (start := iso_day(m[1], month, year)) and start <= end.value:
            yield Found(m.start(), end.end, start, "range", end.value)


def _day_at(text: str, pos: int) -> Found | None:
    if m := _DAY_WORDS.match(text, pos):
        value = iso_day(m[1], m[2], m[3])
    elif m := _DAY_DIGITS.match(text, pos):
        value = iso_day(m[1], m[3], m[4])
    else:
        return None
    return Found(m.start(), m.end(), value, "day") if value else None


def _quarters(text: str, _: str | None) -> Iterator[Found]:
    for m in _QUARTER.finditer(text):
        quarter = int(m[1]) if m[1].isdigit() else roman_to_int(m[1])
        if quarter and 1 <= quarter <= 4:
            yield Found(m.start(), m.end(), f"{int(m[2]):04d}-Q{quarter}", "quarter")


def _parts_of_year(text: str, reference: str | None) -> Iterator[Found]:
    # "6 tháng đầu năm 2017" is January to June; "6 tháng đầu năm và … 6 tháng cuối năm 2017"
    # borrows its year from the next part-of-year mention.
    matches = list(_PART_OF_YEAR.finditer(text))
    for i, m in enumerate(matches):
        year = m[3]
        if year is None:
            later = next((n for n in matches[i + 1 :] if n[3]), None)
            if later is not None and later.start() - m.end() < 200:
                year = later[3]
            elif reference:
                year = reference[:4]
            else:
                continue
        months = int(m[1])
        first, last = (1, months) if m[2].lower() == "đầu" else (13 - months, 12)
        yield Found(m.start(), m.end(), f"{year}-{first:02d}", "range", f"{year}-{last:02d}")


def _months(text: str, _: str | None) -> Iterator[Found]:
    for pattern in (_MONTH, _BLANK_DAY_MONTH):
        for m in pattern.finditer(text):
            if value := _month(m[1], m[2]):
                yield Found(m.start(), m.end(), value, "month")


def _terms_and_ranges(text: str, _: str | None) -> Iterator[Found]:
    for pattern, precision in ((_TERM, "term"), (_YEAR_RANGE, "range")):
        for m in pattern.finditer(text):
            if m[1] <= m[2]:
                yield Found(m.start(), m.end(), m[1], precision, m[2])


def _years(text: str, _: str | None) -> Iterator[Found]:
    for pattern in (_BLANK_DAY_YEAR, _YEAR_ONLY):
        for m in pattern.finditer(text):
            yield Found(m.start(), m.end(), m[1], "year")


def _partial_days(text: str, reference: str | None) -> Iterator[Found]:
    if not reference:
        return
    year = reference[:4]
    for m in _PARTIAL.finditer(text):
        if _RECURRING.match(text, m.end()):
            continue
        if value := iso_day(m[1], m[3], year):
            yield Found(m.start(), m.end(), value, "day")
    for m in _PARTIAL_WORDS.finditer(text):
        if _RECURRING.match(text, m.end()):
            continue
        if value := iso_day(m[1], m[2], year):
            yield Found(m.start(), m.end(), value, "day")


_RULES: tuple[Callable[[str, str | None], Iterator[Found]], ...] = (
    _range_days,
    _day_words,
    _day_digits,
    _quarters,
    _parts_of_year,
    _months,
    _terms_and_ranges,
    _years,
    _partial_days,
)


def _merge_ranges(text: str, found: list[Found]) -> list[Found]:
    # "27/7/1947-27/7/2017", "từ 01/7/2025 đến 31/12/2025": two days joined into one range.
    merged: list[Found] = []
    for item in found:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.precision == item.precision == "day"
            and _JOIN.match(text[prev.end : item.start])
            and prev.value <= item.value
        ):
            opener = text[max(0, prev.start - 12) : prev.start].lower()
            dash = text[prev.end : item.start].strip()[:1] in "-–—"
            if dash or "từ" in opener:
                merged[-1] = Found(prev.start, item.end, prev.value, "range", item.value)
                continue
        merged.append(item)
    return merged
