"""Part-of-speech tags of Vietnamese text: underthesea's `pos_tag`, its words placed on the text.

"15 kiến nghị cử tri đã được giải quyết" → [15/M] [kiến nghị/N] [cử tri/N] [đã/R] [được/V] …,
each word with its character span in the text it came from. The tags are underthesea's (the
VLSP set: N noun, Nc classifier, Nu unit noun, Np proper noun, Ny abbreviation, V verb, A
adjective, P pronoun, R adverb, E preposition, C and CC conjunctions, M number, CH punctuation,
L determiner). The model is the CRF file underthesea ships (`pos_crf_2017_10_11.bin`): nothing
is fetched from the network.

Tagging costs about 1.6 times word segmentation (four times with underthesea's Python
features), so callers tag only the few stretches of text that can hold what they look for (a
number, a title), not whole documents. underthesea is imported on first use, so importing hoso
stays light.
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
    """underthesea's `pos_tag`, its features computed by underthesea_core's featurizer (the
    Rust one its word segmentation uses) instead of its Python `word2features`: the same
    features, so the same tags (tests/test_tagging.py), in less than half the time. The one
    feature the two compute differently, whether each syllable of a word starts with a capital
    (`istitle`), is set as the Python one does."""
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor
    from underthesea_core import CRFFeaturizer

    from nlp.words import tokenize

    predictor = CRFPOSTagPredictor.Instance()
    featurizer = CRFFeaturizer(predictor.transformer.template, set())
    model = predictor.model

    def pos_tag(text: str) -> list[tuple[str, str]]:
        words = tokenize(text)  # underthesea's `word_tokenize`, scored by `nlp.crf`
        if not words:
            return []
        features = featurizer.process([[[word, "X"] for word in words]])[0]
        titles = [_istitle(word) for word in words]
        for i, row in enumerate(features):
            for j, feature in enumerate(row):
                if ".istitle=" in feature:  # "T[-1].istitle=…": the word at i - 1
                    at = i + int(feature[2 : feature.index("]")])
                    if 0 <= at < len(words):
                        row[j] = f"{feature[: feature.index('=')]}={titles[at]}"
        return list(zip(words, model.tag(features), strict=True))

    return pos_tag


def _istitle(word: str) -> bool:
    """underthesea's `text_istitle`: every syllable starts with a capital ("Sở", "TÌNH HÌNH")."""
    return bool(word) and all(syllable[:1].istitle() for syllable in word.split(" "))


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
