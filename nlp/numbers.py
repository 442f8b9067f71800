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
