"""Numbers as Vietnamese documents write them: "1.250" (one thousand two hundred and fifty),
"90,8" (ninety point eight), Roman numerals ("khóa XVI") and ordinal words ("kỳ họp thứ Năm")."""

from __future__ import annotations

import re

from nlp.normalize import fold

# A number as written: digits with "." grouping thousands and "," before the decimals.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

# Ordinal words after "thứ", folded: "kỳ họp thứ Tư" is the 4th session ("thứ tư", not "thứ bốn").
_UNITS = {
    "nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "lam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip


def parse_number(text: str) -> float | None:
    """The value of a number written the Vietnamese way, or None.

    "1.250" → 1250, "156.168,8" → 156168.8, "90,8" → 90.8, "07" → 7. A dot that does not group
    three digits ("1.5") is read as a decimal point, the way English-style sources write it.
    """
    text = text.strip()
    if not text or not text[0].isdigit():
        return None
    try:
        if _GROUPED.fullmatch(text):
            return float(text.replace(".", "").replace(",", "."))
        if "," in text and "." not in text:
            return float(text.replace(",", "."))
        return float(text)
    except ValueError:
        return None


def roman_to_int(text: str) -> int | None:
    """ "XVI" → 16; None unless `text` is a well-formed Roman numeral."""
    text = text.strip().upper()
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def ordinal(text: str) -> int | None:
    """The number an ordinal after "thứ" names: "Năm" → 5, "Tư" → 4, "mười hai" → 12, "24" → 24,
    "IV" → 4; None if it names none."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    words = fold(text).split()
    if not words:
        return None
    if len(words) == 1 and (value := roman_to_int(words[0])) and words[0].upper() == text.upper():
        return value
    if words[0] == "muoi":
        tail = words[1:]
        if not tail:
            return 10
        unit = _UNITS.get(tail[0])
        return 10 + unit if unit and len(tail) == 1 else None
    if len(words) >= 2 and words[1] == "muoi" and (tens := _UNITS.get(words[0])):
        unit = _UNITS.get(words[2]) if len(words) == 3 else 0
        return tens * 10 + unit if unit is not None and len(words) <= 3 else None
    return _UNITS.get(words[0]) if len(words) == 1 else None


# Cardinal number words, as councils write small counts out: "mười một nghị quyết" (11),
# "ba mươi sáu nội dung" (36), "hai trăm linh năm" (205), "ba nghìn" (3000).
_DIGIT_WORDS = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_SCALES = {"nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000}
# "mốt", "tư", "lăm" only follow "mươi"/"mười"; "năm" there is the noun "year" ("mười năm qua").
_AFTER_TENS_ONLY = frozenset({"mốt", "lăm", "nhăm"})
NUMBER_WORDS = (
    r"(?:một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|linh|lẻ|"
    r"nghìn|ngàn|triệu)"
)
_NUMBER_PHRASE = re.compile(rf"(?<!\w){NUMBER_WORDS}(?:\s+{NUMBER_WORDS})*(?!\w)", re.IGNORECASE)
# A lone word that is more often something else: "một" (a, one), "năm" (year), "tư" (private,
# fourth), "ba" (father), "linh"/"lẻ"/"mươi"/"trăm"/… alone.
_NOT_ALONE = frozenset({"một", "mốt", "năm", "tư", "lăm", "nhăm", "linh", "lẻ", "mươi", "trăm",
                        "nghìn", "ngàn", "triệu"})  # fmt: skip


def words_value(words: list[str]) -> int | None:
    """The value of number words ("ba", "mươi", "sáu" → 36; "mười", "một" → 11), or None if
    they do not spell one number."""
    words = [w.lower() for w in words]
    if not words or (len(words) == 1 and words[0] in _NOT_ALONE):
        return None
    total, group, pending, after_tens = 0, 0, None, False
    for word in words:
        if word in _DIGIT_WORDS:
            if pending is not None or (word in _AFTER_TENS_ONLY and not after_tens):
                return None
            if word == "năm" and after_tens:
                return None
            if word == "tư" and not after_tens and len(words) > 1:
                return None
            pending, after_tens = _DIGIT_WORDS[word], False
        elif word == "mười":
            if pending is not None or group % 100 >= 10:
                return None
            group, after_tens = group + 10, True
        elif word == "mươi":
            if pending is None or pending < 2:
                return None
            group, pending, after_tens = group + pending * 10, None, True
        elif word == "trăm":
            if pending is None or group:
                return None
            group, pending = pending * 100, None
        elif word in ("linh", "lẻ"):
            if group % 100 or not group:
                return None
        elif word in _SCALES:
            group += pending or 0
            if not group:
                return None
            total, group, pending, after_tens = total + group * _SCALES[word], 0, None, False
        else:
            return None
    return total + group + (pending or 0)


def find_number_words(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of each number written in words in `text`. A phrase that does not
    spell a number as a whole is cut from the end until it does ("mười năm" → "mười": ten
    years)."""
    found = []
    for m in _NUMBER_PHRASE.finditer(text):
        spans = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.group())]
        while spans:
            words = [m.group()[s:e] for s, e in spans]
            value = words_value(words)
            if value is not None:
                found.append((m.start() + spans[0][0], m.start() + spans[-1][1], value))
                break
            spans.pop()
    return found
