"""Sentences of a document's text, found by underthesea's `sent_tokenize`, as character spans.

Facts keep "the sentence they were stated in"; administrative texts run long (a whole "Căn cứ …;"
preamble has no full stop), so `clause` narrows a span to the part between semicolons.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

# Paragraph breaks, and the cell borders of tables flattened to text ("| … |\n| … |").
_PARAGRAPH = re.compile(r"\n[ \t\xa0]*\n|[ \t]*\|[ \t]*\n[ \t]*\|[ \t]*|[ \t]+\|[ \t]+")
_SPACE = re.compile(r"\s+")
MAX_CONTEXT = 300


@functools.cache
def _tokenizer() -> Callable[[str], list[str]]:
    from underthesea import sent_tokenize

    return sent_tokenize


class Sentences:
    """The sentence spans of one text; `around(pos)` finds the one holding a character.

    A paragraph is split into sentences the first time a position in it is asked for: facts
    sit in a few paragraphs of a long text, and underthesea's splitter is the costly part."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._paragraphs = _paragraphs(text)
        self._paragraph_starts = [start for start, _ in self._paragraphs]
        self._split: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}

    def around(self, pos: int) -> tuple[int, int]:
        p = bisect.bisect_right(self._paragraph_starts, pos) - 1
        if p < 0 or pos >= self._paragraphs[p][1]:
            return pos, pos
        spans, starts = self._sentences(p)
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and spans[i][0] <= pos < spans[i][1]:
            return spans[i]
        return pos, pos

    def _sentences(self, p: int) -> tuple[list[tuple[int, int]], list[int]]:
        if p not in self._split:
            spans = _split_paragraph(self.text, *self._paragraphs[p])
            self._split[p] = spans, [start for start, _ in spans]
        return self._split[p]

    def sentence(self, start: int, end: int) -> str:
        """The sentence around text[start:end], whitespace collapsed, at most MAX_CONTEXT long."""
        s, e = self.around(start)
        s, e = min(s, start), max(e, end)
        if e - s > MAX_CONTEXT:
            s, e = self.clause(start, end)
        if e - s > MAX_CONTEXT:
            s = max(s, self._word_start(start - MAX_CONTEXT // 2))
            e = min(e, self._word_end(end + MAX_CONTEXT // 2))
        return _SPACE.sub(" ", self.text[s:e]).strip()

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The part of the sentence around text[start:end] between semicolons (or line-initial
        list items: "- …", "a) …")."""
        s, e = self.around(start)
        s, e = min(s, start), max(e, end)
        before = self.text.rfind(";", s, start)
        after = self.text.find(";", end, e)
        return (before + 1 if before >= 0 else s), (after if after >= 0 else e)

    def _word_start(self, pos: int) -> int:
        pos = max(pos, 0)
        space = self.text.find(" ", pos)
        return space + 1 if 0 <= space < pos + 20 else pos

    def _word_end(self, pos: int) -> int:
        pos = min(pos, len(self.text))
        space = self.text.rfind(" ", pos - 20, pos)
        return space if space > 0 else pos


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the text's non-blank paragraphs."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end() if match else end
    return spans


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for sentence in _tokenizer()(text[start:end]):
        sentence = sentence.strip()
        found = text.find(sentence, cursor, end) if sentence else -1
        if found >= 0:
            stop = found + len(sentence)
        else:
            # sent_tokenize may have changed whitespace: find the start, then walk the text
            found = text.find(sentence[:20], cursor, end) if sentence else -1
            if found < 0:
                continue
            stop = _end_of(text, found, sentence, end)
        if spans and found > cursor:
            # the gap (whitespace) belongs to the sentence before
            spans[-1] = (spans[-1][0], found)
        spans.append((found, stop))
        cursor = stop
    if spans:
        spans[-1] = (spans[-1][0], end)
        spans[0] = (start, spans[0][1])
    else:
        spans.append((start, end))
    return spans


def _end_of(text: str, found: int, sentence: str, limit: int) -> int:
    # sent_tokenize may collapse whitespace: walk the text matching non-space characters.
    want = [c for c in sentence if not c.isspace()]
    i, pos = 0, found
    while pos < limit and i < len(want):
        if not text[pos].isspace():
            if text[pos] != want[i]:
                break
            i += 1
        pos += 1
    return pos
