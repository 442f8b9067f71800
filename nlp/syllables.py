"""Is this a Vietnamese syllable? The measurable test behind encoding detection.

A token counts as Vietnamese when it parses as onset + rhyme of Vietnamese orthography with at most
one tone mark. Mis-decoded text ("Hé»™i", "nƣớc", "Héi ®ång") fails the test, so the share of
valid syllables ranks candidate decodings and flags broken text layers.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from nlp.normalize import TONE_MARKS

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEUS = (
    "(?:uyê|uya|uy|uô|ươ|ưa|iê|ia|yê|ya|oa|oă|oe|ua|uâ|uê|ưu|ai|ao|au|âu|ay|ây|eo|êu|ia|iu|oi|ôi|ơi"
    "|ui|ưi|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)"
)
_CODA = "(?:ch|ng|nh|c|m|n|p|t|i|y|o|u)?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_TOKEN = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1 << 16)
def is_syllable(token: str) -> bool:
    """True for a well-formed Vietnamese syllable, with or without its diacritics. Cached: a
    language has a few thousand syllables, and every page repeats them."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    if sum(c in TONE_MARKS for c in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return bool(_SYLLABLE.match(base))


def vietnamese_share(text: str) -> float:
    """Share of alphabetic tokens (0..1) that are valid syllables; 0.0 for text with no letters."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 0.0
    return sum(is_syllable(t) for t in tokens) / len(tokens)
