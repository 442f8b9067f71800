"""Part-of-speech tags of Vietnamese text: underthesea's `pos_tag`, its words placed on the text.

"15 kiến nghị cử tri đã được giải quyết" → [15/M] [kiến nghị/N] [cử tri/N] [đã/R] [được/V] …,
each word with its character span in the text it came from. The tags are underthesea's (the
VLSP set: N noun, Nc classifier, Nu unit noun, Np proper noun, Ny abbreviation, V verb, A
adjective, P pronoun, R adverb, E preposition, C and CC conjunctions, M number, CH punctuation,
L determiner). The model is the CRF file underthesea ships (`pos_crf_2017_10_11.bin`): nothing
is fetched from the network.

Tagging costs about four times word segmentation, so callers tag only the few stretches of text
that can hold what they look for (a number, a title), not whole documents. underthesea is
imported on first use, so importing hoso stays light.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

NOUNS = frozenset({"N", "Nc", "Np", "Ny", "Nb", "Nu"})


@dataclass(frozen=True)
class Word:
    """One word of the tagged text: its syllables as written, its tag, its span in the text."""

    text: str
    tag: str
    start: int
    end: int


@functools.cache
def _pos_tag() -> Callable[[str], list[tuple[str, str]]]:
    from underthesea import pos_tag

    return pos_tag


@functools.lru_cache(maxsize=4096)
def tag(text: str) -> tuple[Word, ...]:
    """The words of `text` with their part-of-speech tags, in text order. A word underthesea
    normalised beyond recognition (it rewrites a few characters) keeps its tag and the span
    found for its first syllable."""
    words: list[Word] = []
    cursor = 0
    for token, pos in _pos_tag()(text):
        start, end = _place(text, token, cursor)
        if start < 0:
            continue
        words.append(Word(text[start:end], pos, start, end))
        cursor = end
    return tuple(words)


def _place(text: str, token: str, cursor: int) -> tuple[int, int]:
    found = text.find(token, cursor)
    if found >= 0 and not text[cursor:found].strip():
        return found, found + len(token)
    # word_tokenize may change the spaces inside a word: walk its syllables one by one
    pos = cursor
    start = -1
    for syllable in token.split():
        at = text.find(syllable, pos)
        if at < 0 or text[pos:at].strip():
            return (start, pos) if start >= 0 else (-1, -1)
        start = at if start < 0 else start
        pos = at + len(syllable)
    return start, pos
