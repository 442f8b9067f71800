"""Vietnamese word segmentation with underthesea: "hội đồng nhân dân" → "hội_đồng_nhân_dân".

`segment` gives, line by line, exactly what `underthesea.word_tokenize(line, format="text")`
gives, driving underthesea's own parts (its tokenizer regex, its token normalisation table, its
CRF featurizer and tagger) without the per-token work `word_tokenize` repeats: it normalises
each token of up to six characters again (NFC and two character swaps) after normalising the
whole line, and it reads each regex match through a dict of its 14 named groups, where the
match itself is the token. That is about a tenth of segmentation's time (9-14% measured),
which is most of ingestion's. The CRF itself is scored by `nlp.crf` from underthesea's model
file, without the feature strings underthesea_core passes between Rust and Python (half the
time of its featurizer and tagger on the shared corpus); a model `nlp.crf` does not know keeps
underthesea_core's featurizer and tagger.
`tests/test_words.py` holds it to `segment_with_word_tokenize` on the shared corpus, and the
CRF's tags to underthesea_core's on every line of it.

A line is tagged as one sequence, and the tagger's features take about 1.5 KB of memory per
character: a text file that is one 18 MB line needed 27 GB. Lines longer than `MAX_LINE` are
therefore tagged in pieces that end at a sentence end where one is near, else at a space
(`bounded_pieces`); every shorter line is tagged whole, exactly as before.

underthesea is imported on first use, once per process, so importing hoso stays light.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Longest line tagged in one piece: ~15 MB of tagger features, and longer than any paragraph of
# the corpus, so ordinary documents segment exactly as `word_tokenize` does.
MAX_LINE = 10_000
# A piece ends after the last sentence end ("…. ", "…; ") in its second half, else at its last
# space; text with neither is cut at the limit.
_SENTENCE_END = re.compile(r"[.;!?:…][\"”’)]*\s")


@dataclass(frozen=True)
class _Underthesea:
    normalize_line: Callable[[str], str]
    tokens: re.Pattern[str]
    token_map: dict[str, str]
    # underthesea's model scored in Python (`nlp.crf`); for a model it does not know,
    # underthesea_core's featurizer and tagger (`underthesea_tagger`)
    segmenter: Any
    featurizer: Any = None
    tagger: Any = None


@functools.cache
def _underthesea() -> _Underthesea:
    from underthesea.pipeline import word_tokenize as module
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.text_normalize.text_normalizer import token_map
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns

    from nlp import crf

    # the one model directory underthesea loads from (it names it in its code, not its API)
    found = list((Path(module.__file__).parent / "models").glob("*/models.bin"))
    segmenter = crf.load(found[0].parent) if len(found) == 1 else None
    if segmenter is not None:  # underthesea's own loading of the model is not needed
        return _Underthesea(normalize_characters_in_text, patterns, token_map, segmenter)
    featurizer, tagger = underthesea_tagger()
    return _Underthesea(normalize_characters_in_text, patterns, token_map, None, featurizer, tagger)


def underthesea_tagger() -> tuple[Any, Any]:
    """underthesea_core's featurizer and tagger of the word-segmentation model, as
    `word_tokenize` loads them."""
    from underthesea import word_tokenize
    from underthesea.pipeline import word_tokenize as module

    word_tokenize("Hội đồng")  # loads the CRF model into the module
    model = module.word_tokenize_model
    return model.featurizer, model.estimator


def _tags(parts: _Underthesea, tokens: list[str]) -> list[str]:
    if parts.segmenter is not None:
        return parts.segmenter.tag(tokens)
    return list(parts.tagger.tag(parts.featurizer.process([[[token] for token in tokens]])[0]))


def _tokens(parts: _Underthesea, text: str) -> list[str]:
    """underthesea's tokens of `text`: its character normalisation, its regex, then its
    token_normalize (tokens over six characters are left as they are)."""
    token_map = parts.token_map
    return [
        token if len(token) > 6 else token_map.get(token, token)
        for token in (m.group() for m in parts.tokens.finditer(parts.normalize_line(text)))
    ]


def tokenize(text: str) -> list[str]:
    """What `underthesea.word_tokenize(text)` gives: the words of `text` as one sequence, their
    syllables joined by spaces ("Hội đồng nhân dân"), punctuation kept."""
    return [" ".join(word) for word in _words(_underthesea(), text)]


def _words(parts: _Underthesea, text: str) -> list[list[str]]:
    """The syllables of each word of `text`, tagged as one sequence: a word starts at each B-W
    tag (and at the first syllable, whatever its tag)."""
    tokens = _tokens(parts, text)
    if not tokens:
        return []
    words = [[tokens[0]]]
    for tag, token in zip(_tags(parts, tokens)[1:], tokens[1:], strict=True):
        if tag == "I-W":
            words[-1].append(token)
        else:
            words.append([token])
    return words


def segment(text: str) -> str:
    """Text with the syllables of each multi-syllable word joined by "_", separated by spaces.

    Punctuation-only tokens are dropped: the result is meant for a word-level search field.
    """
    parts = _underthesea()
    out: list[str] = []
    for line in (piece for whole in text.splitlines() for piece in bounded_pieces(whole)):
        if line.strip():
            for word in _words(parts, line):
                _keep(word, out)
    return " ".join(out)


@functools.cache
def two_syllable_words() -> frozenset[str]:
    """The two-syllable words of underthesea's Vietnamese dictionary (Viet74K, the list its
    tools ship), lower-cased, NFC, with hoso's tone-mark convention: "tự nguyện", "xa xôi"."""
    from importlib.resources import files

    from nlp.normalize import normalize_tones

    listed = files("underthesea").joinpath("corpus/data/Viet74K.txt").read_text(encoding="utf-8")
    pairs = "\n".join(
        w for w in (line.strip().lower() for line in listed.splitlines()) if w.count(" ") == 1
    )
    return frozenset(normalize_tones(pairs).split("\n"))  # one call: a tenth of the time


def bounded_pieces(line: str, limit: int = MAX_LINE) -> list[str]:
    """`line` cut into pieces of at most `limit` characters that together are the line: each
    ends after the last sentence end of its second half, else at its last space."""
    if len(line) <= limit:
        return [line]
    pieces = []
    start = 0
    while len(line) - start > limit:
        end = start + limit
        cut = -1
        for found in _SENTENCE_END.finditer(line, start + limit // 2, end):
            cut = found.end()
        if cut < 0:
            space = line.rfind(" ", start + 1, end)
            cut = space + 1 if space > start else end
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def segment_with_word_tokenize(text: str) -> str:
    """What `segment` gives, the slow way: underthesea's `word_tokenize(line, format="text")`
    line by line, as its documentation shows (the reference `segment` is held to, and the
    segmentation of the ingest benchmark's floors)."""
    from underthesea import word_tokenize

    return " ".join(
        word
        for line in text.splitlines()
        if line.strip()
        for word in word_tokenize(line, format="text").split()
        if any(c.isalnum() for c in word)
    )


def _keep(syllables: list[str], out: list[str]) -> None:
    word = "_".join(syllables)
    if any(c.isalnum() for c in word):
        out.append(word)
