"""Dates stated in Vietnamese text, normalized to ISO with their precision.

Precisions: day ("ngày 27 tháng 6 năm 2025", "03/12/2019"), month ("tháng 11-2019"), quarter
("Quý I/2021" → "2021-Q1"), year ("năm 2018"), range ("giai đoạn 2016 - 2020", "6 tháng đầu năm
2017", "từ ngày 15 đến ngày 17/7/2020"; `end` holds the end) and term ("nhiệm kỳ 2021-2026").
A day or a month written without its year ("sáng 3-12", "ngày 8 tháng 3", "từ ngày 1 tháng 11
đến ngày 15 tháng 12 năm 2022", "ngày 12 và ngày 13 tháng 11 năm 2023") takes the year its own
sentence states, else the year of the document date it is read against, else the year of the
nearest date before it in the same paragraph. Months and days may be words ("tháng Mười",
"ngày mười lăm tháng Ba"). Years inside document numbers (12/2019/NQ-HĐND), bare four-digit numbers, recurring
dates ("ngày 15 tháng 12 hằng năm") and blanks ("ngày … tháng … năm …") are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core.records import DateMention
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
# Months and days as words. "tháng năm" is a blank form's "month, year": "Năm" is May only when
# capitalised (checked in `_month_number`). Lunar months ("tháng Giêng", "tháng Chạp") are left out.
_MONTH_WORDS = r"mười\s+một|mười\s+hai|mười|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín"
_M = rf"(\d{{1,2}}|(?:{_MONTH_WORDS})(?!\w))"
_UNIT_WORDS = r"một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín"
_DAY_WORDS_RE = (
    rf"(?:hai|ba)\s+mươi(?:\s+(?:{_UNIT_WORDS}))?|mười(?:\s+(?:{_UNIT_WORDS}))?|{_UNIT_WORDS}"
)
# A day after "ngày" may be a word: "ngày mười lăm tháng Ba năm 2020".
_DN = rf"(\d{{1,2}}|(?:{_DAY_WORDS_RE})(?!\w))"
_UNITS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_DASH = r"\s*[-–—]\s*"
_NOT_AFTER_NUMBER = r"(?<![\d./\w])"

_F = re.IGNORECASE


class _WordRule:
    """A date pattern that must start a word. The regex engine tries every position of a
    pattern that opens with a look-behind, which made each rule three times slower over a long
    text; here the pattern is compiled without it and the character before each match is
    checked instead (`not_after`: other characters it must not follow, as "./" for a day in
    digits, so that "12/2019/NQ" and "0981.10.17" hold none)."""

    def __init__(self, pattern: str, not_after: str = "") -> None:
        self.regex = re.compile(pattern, _F)
        self.not_after = not_after

    def starts_word(self, text: str, pos: int) -> bool:
        if pos == 0:
            return True
        before = text[pos - 1]
        return not (before.isalnum() or before == "_" or before in self.not_after)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        pos = 0
        while (m := self.regex.search(text, pos)) is not None:
            if self.starts_word(text, m.start()):
                yield m
                pos = max(m.end(), m.start() + 1)
            else:
                pos = m.start() + 1

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        m = self.regex.match(text, pos)
        return m if m is not None and self.starts_word(text, pos) else None

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


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
    m = _month_number(month)
    return f"{int(year):04d}-{m:02d}" if m and 1 <= m <= 12 else None


def _number(written: str) -> int | None:
    """ "15", "mười lăm" → 15; "hai mươi mốt" → 21; "Mười Hai" → 12."""
    if written.isdigit():
        return int(written)
    words = written.lower().split()
    if words[0] == "mười":
        return 10 + (_UNITS.get(words[1], -10) if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi":
        return _UNITS[words[0]] * 10 + (_UNITS.get(words[2], 0) if len(words) > 2 else 0)
    return _UNITS.get(words[0]) if len(words) == 1 else None


def _month_number(written: str) -> int | None:
    if written.strip() == "năm":
        return None  # "ngày tháng năm 2024": a blank, not May
    return _number(written)


def _day(day: str, month: str, year: str | int) -> str | None:
    d, m = _number(day), _month_number(month)
    return iso_day(d, m, year) if d and m else None


_DAY_WORDS = re.compile(
    rf"(?:{NGAY}\s+{_DN}|{_NOT_AFTER_NUMBER}{_D})\s+{THANG}\s*{_M}\s+{NAM}\s*{_YEAR}(?!\d)", _F
)
_DAY_DIGITS = _WordRule(rf"{_D}\s?([/.-])\s?{_D}\s?\2\s?{_YEAR}(?![\d/]|\.\d)", "./")
# "thứ năm, 08 08 2019 08:52": a portal's date line, separated by spaces only.
_DAY_SPACED = re.compile(
    rf"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*{_D} {_D} {_YEAR}\b", _F
)
# Two days, the first of which borrows what it lacks from the second: a range ("từ ngày 15 đến
# ngày 17/7/2020", "ngày 8-10/7/2020") or two days ("ngày 12 và ngày 13 tháng 11 năm 2023").
_TWO_DAYS = _WordRule(
    rf"(?:(?P<from>từ)\s+(?:{NGAY}\s+)?|{NGAY}\s+){_DN}"
    rf"(?:\s*([/.-])\s*{_D}|\s+{THANG}\s+{_M})?"
    rf"(?:(?P<to>\s+(?:đến|tới)\s+|\s*[-–]\s*)|\s*(?:,|và|&)\s*)(?:hết\s+)?(?:{NGAY}\s+)?"
    rf"(?={_DN}\s*(?:[/.-]|\s+{THANG}))",
)
# Two months, the first borrowing the year of the second: "Từ tháng 01 đến tháng 6 năm 2020"
# (a range), "tháng Tư và tháng Năm năm 2021" (two months).
_TWO_MONTHS = _WordRule(
    rf"(?P<from>từ\s+)?{THANG}\s*{_M}(?:\s*(?:[/.-]|\s+{NAM}\s*){_YEAR})?"
    rf"\s*(?:(?P<to>đến|tới|[-–])|,|và|&)\s*(?:hết\s+)?"
    rf"(?P<second>{THANG}\s*{_M}\s*(?:[/.-]\s*|\s+{NAM}\s*){_YEAR})(?!\d)",
)
_QUARTER = _WordRule(rf"qu[ýy]\s+([IV]{{1,3}}|[1-4])\s*(?:[/-]\s*|\s+{NAM}\s+|\s+){_YEAR}(?!\d)")
_PART_OF_YEAR = _WordRule(
    rf"0?([369])\s+{THANG}\s+(đầu|cuối)\s+{NAM}(?:\s+(?:{NAM}\s+)?{_YEAR}(?!\d))?"
)
_MONTH = _WordRule(rf"{THANG}\s*{_M}\s*(?:[/.-]\s*|\s+{NAM}\s*){_YEAR}(?!\d)")
_BLANK_DAY_MONTH = _WordRule(rf"{NGAY}\s*/\s*{_D}\s*/\s*{_YEAR}(?!\d)")
_BLANK_DAY_YEAR = _WordRule(
    rf"{NGAY}\s*(?:/\s*/|\s+{THANG}\s+{NAM}|\s+{THANG}\s*,?\s*{NAM})\s*{_YEAR}(?!\d)"
)
_TERM = _WordRule(rf"nhiệm\s+kỳ\s+(?:[IVX]+\s*\(\s*)?{_YEAR}{_DASH}{_YEAR}(?!\d)(?:\s*\))?")
_YEAR_RANGE = _WordRule(
    rf"(?:giai\s+đoạn|thời\s+kỳ|năm\s+học|niên\s+khóa|từ\s+{NAM})\s+{_YEAR}"
    rf"(?:{_DASH}|\s+đến\s+(?:{NAM}\s+)?){_YEAR}(?!\d)",
)
_YEAR_SPAN = re.compile(rf"{_DASH}{_YEAR}(?![\d/]|\.\d)")
_MORE_YEARS = re.compile(rf"(?:\s*,\s*|\s+(?:và|&)\s+){_YEAR}(?![\d/%]|\.\d|,\d)")
# The first of two quarters that share a year: "quý I và quý II năm 2021".
_QUARTER_BEFORE = re.compile(
    r"(?<!\w)(?:từ\s+)?qu[ýy]\s+([IV]{1,3}|[1-4])\s*(,|và|&|đến|tới|[-–])\s*$", _F
)
_YEAR_ONLY = _WordRule(rf"{NAM}\s+{_YEAR}(?![\d/]|\.\d)")
# "sáng 3-12", "ngày 9/7"; or after a word of time, "Đến 30/9, …", "trước 15/12 năm nay", if
# nothing follows that would make it a ratio ("tăng từ 5/12 lên 7/12 xã": "từ" is left out).
_PARTIAL = _WordRule(
    rf"(?:(?:sáng|chiều|tối|trưa|đêm|hôm|{NGAY})\s+(?:nay\s+)?"
    rf"|(?P<bare>đến(?:\s+hết)?|trước|sau|hết)\s+){_D}\s*([/-])\s*{_D}(?!\s*[/.-]?\s*\d)",
)
_BARE_END = re.compile(rf"\s*[,.;)]|\s*$|\s+(?:{NAM}|hằng|hàng)(?!\w)", _F)
_PARTIAL_WORDS = _WordRule(
    rf"{NGAY}\s+{_DN}\s+{THANG}\s+{_M}(?!\s*(?:[/.-]\s*\d|{NAM}\s*\d)|\d|\s+{_M})"
)
# The end of a range written in words without "ngày": "đến 10 tháng Bảy năm 2020".
_DAY_BARE_WORDS = re.compile(rf"{_DN}\s+{THANG}\s*{_M}\s+{NAM}\s*{_YEAR}(?!\d)", _F)
# A month without its year after a word of time ("Trong tháng 7, …", "vào tháng Mười") or
# before "năm nay".
_PARTIAL_MONTH = _WordRule(
    rf"{THANG}\s+{_M}(?:(?=\s+{NAM}\s+nay(?!\w))|(?!\s*(?:[/.-]\s*\d|{NAM}\s*\d|\d)|\s+{_M}|\w))",
)
_TIME_WORD = re.compile(r"(?:trong|vào|từ|đến|tới|cuối|đầu|giữa|hết|sang)\s+$", _F)
_THIS_YEAR = re.compile(rf"\s+{NAM}\s+nay(?!\w)", _F)
_RECURRING = re.compile(rf"\s*(?:hằng|hàng|mỗi)\s+{NAM}", _F)
_JOIN = re.compile(rf"^\s*(?:[-–—]|đến|tới)\s*(?:hết\s+)?(?:{NGAY}\s+)?$", _F)


def scan(text: str, reference: str | None = None) -> list[Found]:
    """Every date in `text`, in text order; `reference` (an ISO day) dates day-month mentions
    whose sentence states no year."""
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
    # Days and months without a year come last: their year is read from the dates found.
    dated = sorted(found, key=lambda f: f.start)
    for partial in _partials(text):
        year = _year_for(text, partial, dated, reference)
        if year is not None:
            add(partial.resolve(year))
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
        if value := _day(m[1] or m[2], m[3], m[4]):
            yield Found(m.start(), m.end(), value, "day")


def _day_digits(text: str, _: str | None) -> Iterator[Found]:
    for m in _DAY_DIGITS.finditer(text):
        if value := iso_day(m[1], m[3], m[4]):
            yield Found(m.start(), m.end(), value, "day")
    for m in _DAY_SPACED.finditer(text):
        if value := iso_day(m[1], m[2], m[3]):
            yield Found(m.start(1), m.end(), value, "day")


def _two_days(text: str, _: str | None) -> Iterator[Found]:
    # "từ ngày 15 đến ngày 17/7/2020", "từ ngày 1 tháng 11 đến ngày 15 tháng 12 năm 2022",
    # "Từ 8/7 - 10/7/2020": the first day borrows the month and year of the second.
    for m in _TWO_DAYS.finditer(text):
        end = day_at(text, m.end())
        if end is None:
            continue
        # groups: 1 "từ", 2 the first day, 3 and 4 its month in digits, 5 in words, 6 "đến"
        year, month = end.value[:4], m[4] or m[5] or end.value[5:7]
        if m["to"] is None:
            # "ngày 12 và ngày 13 tháng 11 năm 2023": two days
            if m["from"] is None and not (m[4] or m[5]) and (value := _day(m[2], month, year)):
                yield Found(m.start(), m.end(2), value, "day")
        elif (start := _day(m[2], month, year)) and start <= end.value:
            yield Found(m.start(), end.end, start, "range", end.value)


def day_at(text: str, pos: int) -> Found | None:
    """The day written exactly at text[pos:] ("18 tháng 6 năm 2025", "ngày 23/12/2019"), if any."""
    if m := _DAY_WORDS.match(text, pos):
        value = _day(m[1] or m[2], m[3], m[4])
    elif m := _DAY_DIGITS.match(text, pos):
        value = iso_day(m[1], m[3], m[4])
    elif m := _DAY_BARE_WORDS.match(text, pos):
        value = _day(m[1], m[2], m[3])
    else:
        return None
    return Found(m.start(), m.end(), value, "day") if value else None


def day_in(text: str) -> str | None:
    """The ISO value of the first day written in full in a short fragment, digits first."""
    if m := _DAY_DIGITS.search(text):
        return iso_day(m[1], m[3], m[4])
    if m := _DAY_WORDS.search(text):
        return _day(m[1] or m[2], m[3], m[4])
    return None


def _quarters(text: str, _: str | None) -> Iterator[Found]:
    for m in _QUARTER.finditer(text):
        quarter = _quarter_number(m[1])
        if quarter is None:
            continue
        value = f"{int(m[2]):04d}-Q{quarter}"
        # "quý I và quý II năm 2021" (two quarters), "từ quý III đến quý IV/2020" (a range)
        earlier = _QUARTER_BEFORE.search(text, max(0, m.start() - 30), m.start())
        first = _quarter_number(earlier[1]) if earlier else None
        if earlier is None or first is None or first > quarter:
            yield Found(m.start(), m.end(), value, "quarter")
        elif earlier[2].strip().lower() in ("đến", "tới", "-", "–"):
            yield Found(earlier.start(), m.end(), f"{int(m[2]):04d}-Q{first}", "range", value)
        else:
            yield Found(earlier.start(), earlier.end(1), f"{int(m[2]):04d}-Q{first}", "quarter")
            yield Found(m.start(), m.end(), value, "quarter")


def _quarter_number(written: str) -> int | None:
    quarter = int(written) if written.isdigit() else roman_to_int(written)
    return quarter if quarter and 1 <= quarter <= 4 else None


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
    for m in _TWO_MONTHS.finditer(text):
        # groups: 1 "từ", 2 the first month, 3 its year, 4 "đến", 5 the second month written
        # in full, 6 its month, 7 its year
        first, last = _month(m[2], m[3] or m[7]), _month(m[6], m[7])
        if not first or not last or first > last:
            continue
        if m["to"] is not None:
            # "Từ tháng 01 đến tháng 6 năm 2020", "từ tháng 10/2019 đến tháng 3/2020"
            yield Found(m.start(), m.end(), first, "range", last)
        elif m["from"] is None and not m[3]:
            # "tháng Tư và tháng Năm năm 2021"
            yield Found(m.start(), m.end(2), first, "month")
            yield Found(m.start("second"), m.end(), last, "month")
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
    for m in _BLANK_DAY_YEAR.finditer(text):
        yield Found(m.start(), m.end(), m[1], "year")
    for m in _YEAR_ONLY.finditer(text):
        if (span := _YEAR_SPAN.match(text, m.end())) and m[1] < span[1]:
            yield Found(m.start(), span.end(), m[1], "range", span[1])  # "năm 2018-2019"
            continue
        yield Found(m.start(), m.end(), m[1], "year")
        # "các năm 2018, 2019 và 2020": "năm" goes with each
        end = m.end()
        while more := _MORE_YEARS.match(text, end):
            yield Found(more.start(1), more.end(), more[1], "year")
            end = more.end()


@dataclass
class _Partial:
    """A day or a month written without its year ("sáng 3-12", "ngày 8 tháng 3", "trong tháng
    Mười")."""

    start: int
    end: int
    day: str | None
    month: str

    def resolve(self, year: str) -> Found | None:
        if self.day is None:
            value = _month(self.month, year)
            return Found(self.start, self.end, value, "month") if value else None
        value = _day(self.day, self.month, year)
        return Found(self.start, self.end, value, "day") if value else None


def _partials(text: str) -> Iterator[_Partial]:
    for m in _PARTIAL.finditer(text):
        # groups: 1 a word of time, 2 the day, 3 the separator, 4 the month
        if m["bare"] and (m[3] != "/" or not _BARE_END.match(text, m.end())):
            continue
        if not _RECURRING.match(text, m.end()):
            yield _Partial(m.start(), m.end(), m[2], m[4])
    for m in _PARTIAL_WORDS.finditer(text):
        if not _RECURRING.match(text, m.end()):
            yield _Partial(m.start(), m.end(), m[1], m[2])
    for m in _PARTIAL_MONTH.finditer(text):
        if _RECURRING.match(text, m.end()):
            continue
        if _TIME_WORD.search(text, max(0, m.start() - 8), m.start()) or _THIS_YEAR.match(
            text, m.end()
        ):
            yield _Partial(m.start(), m.end(), None, m[1])


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_PARAGRAPH = 400


def _year_for(
    text: str, partial: _Partial, dated: list[Found], reference: str | None
) -> str | None:
    """The year of a day written without one: the year its sentence states ("Sáng 9/7, … giữa
    năm 2019"; of several, the one of a date on the same day and month, else the one nearest),
    else the document's year, else the year of the nearest date before it in the paragraph."""
    before = text.rfind("\n", max(0, partial.start - 300), partial.start)
    for m in _SENTENCE_END.finditer(text, max(before + 1, partial.start - 300), partial.start):
        before = m.end() - 1
    after = _SENTENCE_END.search(text, partial.end, partial.end + 300)
    stop = after.start() if after else min(len(text), partial.end + 300)
    near = [f for f in dated if before < f.start and f.end <= stop and _states_year(f)]
    if near:
        day = _day(partial.day, partial.month, 2000) if partial.day else None
        same = [f for f in near if day and (f.end_value or f.value)[4:] == day[4:]]
        if same:
            return max((f.end_value or f.value)[:4] for f in same)
        years = {f.value[:4] for f in near}
        if len(years) == 1:
            return years.pop()
    if reference:
        return reference[:4]
    if near:
        return min(near, key=lambda f: abs(f.start - partial.start)).value[:4]
    earlier = [f for f in dated if partial.start - _PARAGRAPH < f.end <= partial.start]
    return earlier[-1].value[:4] if earlier and earlier[-1].value[:4].isdigit() else None


def _states_year(found: Found) -> bool:
    # a term or a span of years ("nhiệm kỳ 2016-2021") says nothing of the year of a day
    return found.precision == "year" or (found.precision != "term" and len(found.value) > 4)


_RULES: tuple[Callable[[str, str | None], Iterator[Found]], ...] = (
    _two_days,
    _day_words,
    _day_digits,
    _quarters,
    _parts_of_year,
    _months,
    _terms_and_ranges,
    _years,
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
