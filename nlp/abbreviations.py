"""Abbreviations of the archive's vocabulary and their full forms ("HĐND" ↔ "Hội đồng nhân dân").

Built from the tables the fact extractors already use: the bodies of `nlp.bodies` (councils,
committees, the front, departments, central bodies) and the document-type codes of document
numbers (`nlp.header.NUMBER_CODES`: "NQ" → "Nghị quyết"), plus the few words council documents
shorten in running text ("TP", "KT-XH", "ĐBQH"). Search uses it both ways: a query's
abbreviation also finds the full form, and a full form also finds the abbreviation.
"""

from __future__ import annotations

import functools
import re

from nlp.normalize import fold, normalize_tones

# Shortened in running text, beyond body names and number codes.
_RUNNING_TEXT = {
    "TP": "thành phố",
    "TX": "thị xã",
    "TT": "thị trấn",
    "ĐBQH": "đại biểu Quốc hội",
    "ĐB": "đại biểu",
    "QH": "Quốc hội",
    "CP": "Chính phủ",
    "KT-XH": "kinh tế - xã hội",
    "KTXH": "kinh tế - xã hội",
    "VH-XH": "văn hóa - xã hội",
    "KT-NS": "kinh tế - ngân sách",
    "NSNN": "ngân sách nhà nước",
    "XDCB": "xây dựng cơ bản",
    "ATGT": "an toàn giao thông",
    "ANTT": "an ninh trật tự",
    "QP-AN": "quốc phòng - an ninh",
    "NTM": "nông thôn mới",
    "CNH-HĐH": "công nghiệp hóa - hiện đại hóa",
    "CBCCVC": "cán bộ công chức viên chức",
    "UBKT": "Ủy ban Kiểm tra",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
}
_SYLLABLE = re.compile(r"[^\W_]+")
# A folded Vietnamese syllable has at least one vowel ("ngh" + "iêng"); "hdnd", "ubnd" have one
# at most between consonant clusters no syllable allows.
_SYLLABLE_SHAPE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]+(?:ng|nh|ch|[cmnpt])?$"
)


def _key(text: str) -> tuple[str, ...]:
    """The syllables a text is searched by, folded: "KT-XH" → ("kt", "xh")."""
    return tuple(_SYLLABLE.findall(fold(normalize_tones(text))))


@functools.cache
def _pairs() -> list[tuple[str, str]]:
    from nlp import bodies
    from nlp.header import NUMBER_CODES

    pairs = [
        ("HĐND", bodies.HDND),
        ("UBND", bodies.UBND),
        ("MTTQ", "Mặt trận Tổ quốc"),
        ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
        *((short, long) for short, long in bodies._DEPARTMENT_ABBREVIATIONS.items()),
        *(
            (short, name)
            for name, spellings in bodies.CENTRAL.items()
            for short in spellings
            if short.isupper()
        ),
        *((code, kind.lower()) for code, kind in NUMBER_CODES.items() if len(code) >= 2),
        *_RUNNING_TEXT.items(),
    ]
    # An abbreviation that is a common word of its own ("DA", "HD" folded) is left out.
    return [(s, long) for s, long in pairs if len(_key(s)) >= 1 and len(_key(long)) > 1]


@functools.cache
def _tables() -> tuple[dict[tuple[str, ...], list[str]], dict[tuple[str, ...], list[str]]]:
    short_to_long: dict[tuple[str, ...], list[str]] = {}
    long_to_short: dict[tuple[str, ...], list[str]] = {}
    for short, long in _pairs():
        short_to_long.setdefault(_key(short), []).append(normalize_tones(long))
        long_to_short.setdefault(_key(long), []).append(normalize_tones(short))
    return short_to_long, long_to_short


def expansions(text: str) -> list[str]:
    """The other spellings of a word or run of words: its full forms when it is an abbreviation,
    its abbreviations when it is a full form; [] when it is neither. An abbreviation counts when
    typed in capitals ("TP", "NQ") or when it cannot be a Vietnamese syllable ("hdnd"): "đã"
    folds to "da" but is not "DA" (dự án)."""
    short_to_long, long_to_short = _tables()
    key = _key(text)
    found = list(long_to_short.get(key, []))
    if text.isupper() or (len(key) == 1 and len(key[0]) >= 4 and not _SYLLABLE_SHAPE.match(key[0])):
        found += short_to_long.get(key, [])
    return list(dict.fromkeys(found))


@functools.cache
def longest_full_form() -> int:
    """The number of syllables of the longest full form (how far a query is scanned ahead)."""
    return max(len(k) for k in _tables()[1])
