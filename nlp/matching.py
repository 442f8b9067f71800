"""The copy of a text that the fact rules match against, made once per text.

Rules are written in one tone-mark convention ("Hòa", "Ủy ban"), documents use both ("Hoà",
"Uỷ ban"). `nlp.normalize.normalize_tones` rewrites every word; a long document has tens of
thousands of words but only a few thousand distinct ones, so this caches per word and per text.
The copy has the same length as the text, so offsets found in it hold in the original.
"""

from __future__ import annotations

import functools
import re

from nlp.normalize import normalize_tones

_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=65536)
def _word(word: str) -> str:
    return normalize_tones(word)


@functools.lru_cache(maxsize=8)
def matching_copy(text: str) -> str:
    """`normalize_tones(text)`, fast on long texts and free the second time."""
    return _WORD.sub(lambda m: _word(m.group()), text)
