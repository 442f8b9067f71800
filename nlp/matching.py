"""The copy of a text that the fact rules match against, made once per text.

Rules are written in one tone-mark convention ("Hòa", "Ủy ban"), documents use both ("Hoà",
"Uỷ ban"). Several fact steps match the same text: the copy is made once and kept for the last
few texts. It has the same length as the text, so offsets found in it hold in the original.
"""

from __future__ import annotations

import functools

from nlp.normalize import normalize_tones


@functools.lru_cache(maxsize=8)
def matching_copy(text: str) -> str:
    """`normalize_tones(text)`, free the second time."""
    return normalize_tones(text)
