"""Vietnamese text normalization: NFC, one tone-mark convention for matching, diacritic folding.

Stored text keeps the document's own spelling (only NFC-normalized); the tone-mark convention and
folding are applied to the copies that are *matched*, on both the indexing and the query side.
"""

from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook, dot below).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _pair_table() -> dict[str, str]:
    """Open syllables ending in oa, oe or uy are where the two conventions differ: the "new" one
    puts the tone on the second vowel (hoà, khoẻ, thuỷ), the classic one on the first (hòa,
    khỏe, thủy). Maps every new-style ending to its classic spelling."""
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for v in (second, second.upper()):
                for tone in TONE_MARKS:
                    new_style = f + unicodedata.normalize("NFC", v + tone)
                    table[new_style] = unicodedata.normalize("NFC", f + tone) + v
    return table


_CLASSIC = _pair_table()
# Only at the end of a syllable (hoàn keeps its tone), and not after q ("quý": qu is the onset).
# Character classes, not an alternation of the 150 endings: the regex engine scans text for them
# several times faster; pairs that are not endings (o + ỳ) map to themselves.
_NEW_STYLE = re.compile("(?<![qQ])[oOuU][" + "".join(sorted({k[1] for k in _CLASSIC})) + "](?!\\w)")


def nfc(text: str) -> str:
    """NFC-normalize; the form every stored text is kept in."""
    if unicodedata.is_normalized("NFC", text):  # the usual case, and much cheaper to check
        return text
    return unicodedata.normalize("NFC", text)


def normalize_tones(text: str) -> str:
    """NFC text with the tone mark of every open oa/oe/uy syllable on its first vowel.

    "Hoà", "thuỷ", "Uỷ ban" become "Hòa", "thủy", "Ủy ban"; everything else is unchanged.
    """
    return _NEW_STYLE.sub(lambda m: _CLASSIC.get(m.group(), m.group()), nfc(text))


def fold(text: str) -> str:
    """Lower-case text with every diacritic removed and đ → d: the form diacritic-free queries match."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d"))


def has_diacritics(text: str) -> bool:
    """True when folding would change the text (beyond case)."""
    return fold(text) != text.lower()
