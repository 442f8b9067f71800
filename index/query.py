"""The query language every backend understands, parsed into clauses.

    hội đồng nhân dân          all words must match (in any order)
    "chương trình giám sát"    a phrase: the syllables in this order
    -"dự thảo"  -nháp          exclusion of a phrase or a word
    nghị quyết OR quyết định   either side may match (binds the two clauses next to it)

Anything else is literal text: no character is special except the double quote, a leading `-`
and the word `OR`, so no query string can be a syntax error. Unbalanced quotes close at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.normalize import nfc

MAX_QUERY_CHARS = 2000
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    text: str
    phrase: bool = False


@dataclass
class ParsedQuery:
    """`required` is a list of OR-groups that must all match; `excluded` must not match."""

    required: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.required and not self.excluded


def parse(text: str) -> ParsedQuery:
    """Parse a query string; never raises."""
    query = ParsedQuery()
    pending_or = False
    for m in _TOKEN.finditer(nfc(text)[:MAX_QUERY_CHARS]):
        negated, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None:
            if bare == "OR":
                pending_or = bool(query.required)
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            clause = Clause(bare[1:] if negated else bare)
        else:
            clause = Clause(quoted.strip(), phrase=True)
        if not clause.text:
            continue
        if negated:
            query.excluded.append(clause)
        elif pending_or:
            query.required[-1].append(clause)
        else:
            query.required.append([clause])
        pending_or = False
    return query
