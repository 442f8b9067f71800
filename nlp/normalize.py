"""Vietnamese text normalization: NFC, one tone-mark convention for matching, diacritic folding.

Stored text keeps the document's own spelling (only NFC-normalized); the tone-mark convention and
folding are applied to the copies that are *matched*, on both the indexing and the query side.
"""

from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook, dot below).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"\w+")
# Open syllables ending in these pairs are where the two conventions differ: the classic one puts
# the tone on the first vowel (hòa, khỏe, thủy), the "new" one on the second (hoà, khoẻ, thuỷ).
_OPEN_PAIR = re.compile(r"(?i)(?<!q)(oa|oe|uy)$")


def nfc(text: str) -> str:
    """NFC-normalize; the form every stored text is kept in."""
    return unicodedata.normalize("NFC", text)


def _classic_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    match = _OPEN_PAIR.search(base)
    if not match:
        return word
    pos = match.start()
    return unicodedata.normalize("NFC", base[: pos + 1] + tones[0] + base[pos + 1 :])


def normalize_tones(text: str) -> str:
    """NFC text with the tone mark of every open oa/oe/uy syllable on its first vowel.

    "Hoà", "thuỷ", "Uỷ ban" become "Hòa", "thủy", "Ủy ban"; everything else is unchanged.
    """
    return _WORD.sub(lambda m: _classic_tone(m.group()), nfc(text))


def fold(text: str) -> str:
    """Lower-case text with every diacritic removed and đ → d: the form diacritic-free queries match."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d"))


def has_diacritics(text: str) -> bool:
    """True when folding would change the text (beyond case)."""
    return fold(text) != text.lower()
