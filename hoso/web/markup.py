"""HTML the pages show from text: index snippets reduced to safe `<b>` marks, query highlighting.

Snippets arrive from a backend as HTML (escaped text with `<b>` around matches). They are rebuilt
here rather than trusted: every other tag is shown as text, entities are decoded and escaped
again, and `<b>` tags are balanced — so a stray `<script>` in a document can never run.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup, escape

from index.query import parse
from nlp.normalize import fold

_B_TAG = re.compile(r"<(/?)b>", re.IGNORECASE)
# Bound the highlighting work a query can cause (the query language caps the text, too).
MAX_HIGHLIGHT_TERMS = 50


def safe_snippet(snippet: str) -> Markup:
    """A backend snippet as safe HTML: its text escaped, only balanced `<b>` marks kept."""
    out: list[str] = []
    open_ = False
    pos = 0
    for m in _B_TAG.finditer(snippet):
        out.append(str(escape(html.unescape(snippet[pos : m.start()]))))
        closing = bool(m.group(1))
        if closing and open_:
            out.append("</b>")
            open_ = False
        elif not closing and not open_:
            out.append("<b>")
            open_ = True
        pos = m.end()
    out.append(str(escape(html.unescape(snippet[pos:]))))
    if open_:
        out.append("</b>")
    return Markup("".join(out))


def plain_snippet(snippet: str) -> str:
    """A snippet as plain text (for CSV): marks dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_B_TAG.sub("", snippet)).split())


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One-character folds (case and diacritics; đ → d) for every letter up to U+1EFF: folding
    with it keeps every character's position, so matches in the folded text map back."""
    table = {}
    for code in range(0x80, 0x1F00):
        char = chr(code)
        folded = fold(char)
        if len(folded) == 1 and folded != char:
            table[code] = folded
    for code in range(0x41, 0x5B):
        table[code] = chr(code + 32)
    return table


def _fold_in_place(text: str) -> str:
    return text.translate(_fold_table())


def _term_patterns(query: str) -> list[str]:
    """Regular expressions (over folded text) for the words and phrases a query searches."""
    patterns = []
    for clause in parse(query).clauses:
        words = re.findall(r"\w+", fold(clause.text))
        if words:
            patterns.append(r"\W+".join(re.escape(w) for w in words))
    return sorted(set(patterns), key=len, reverse=True)[:MAX_HIGHLIGHT_TERMS]


def highlight(text: str, query: str) -> Markup:
    """`text` as HTML with every word or phrase the query requires wrapped in `<mark>`, matched
    the way search matches (case and diacritics ignored): "hoi dong" marks "Hội đồng"."""
    patterns = _term_patterns(query)
    if not patterns or not text:
        return Markup(escape(text))
    finder = re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")
    folded = _fold_in_place(text)
    out: list[str] = []
    pos = 0
    for m in finder.finditer(folded):
        out.append(str(escape(text[pos : m.start()])))
        out.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
