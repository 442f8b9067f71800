"""Vietnamese word segmentation with underthesea: "hội đồng nhân dân" → "hội_đồng_nhân_dân".

underthesea is imported on first use, once per process, so importing hoso stays light.
"""

from __future__ import annotations

import functools
from collections.abc import Callable


@functools.cache
def _tokenizer() -> Callable[..., str]:
    from underthesea import word_tokenize

    return word_tokenize


def segment(text: str) -> str:
    """Text with the syllables of each multi-syllable word joined by "_", separated by spaces.

    Punctuation-only tokens are dropped: the result is meant for a word-level search field.
    """
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for token in _tokenizer()(line, format="text").split():
            if any(c.isalnum() for c in token):
                out.append(token)
    return " ".join(out)
