"""The query language every backend understands, parsed into clauses.

    hội đồng nhân dân          all words must match (in any order)
    "chương trình giám sát"    a phrase: the syllables in this order
    -"dự thảo"  -nháp          exclusion of a phrase or a word
    nghị quyết OR quyết định   either side may match (binds the two clauses next to it)

Anything else is literal text: no character is special except the double quote, a leading `-`
and the word `OR`, so no query string can be a syntax error. Unbalanced quotes close at the end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from hoso.errors import UsageError
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


def _bound(value: str, last: bool) -> dt.date:
    parts = value.strip().split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise UsageError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
    try:
        if len(parts) == 3:
            return dt.date(year, month, int(parts[2]))
        day = calendar.monthrange(year, month)[1] if last else 1
        return dt.date(year, month, day)
    except ValueError as e:
        raise UsageError(f"not a date: {value!r} ({e})") from e


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The inclusive date range of a query's `date_from` / `date_to` (partial dates widen)."""
    start = _bound(date_from, last=False) if date_from else None
    end = _bound(date_to, last=True) if date_to else None
    return start, end


def date_key(value: str | dt.date | None) -> int | None:
    """A date as the integer YYYYMMDD (a partial issued date counts as its first day)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = _bound(value, last=False)
        except UsageError:
            return None
    return value.year * 10000 + value.month * 100 + value.day


def issuer_names(issuer: str | None) -> list[str]:
    """The issuer (or a body) as written, with abbreviations expanded and abbreviated ("HĐND tỉnh
    Hà Giang" ⇄ "Hội đồng nhân dân tỉnh Hà Giang"), so a filter matches either spelling."""
    return list(_name_forms(issuer)) if issuer else []


# The same few hundred names recur across an archive's documents; reading one costs ~0.2 ms.
@functools.lru_cache(maxsize=4096)
def _name_forms(name: str) -> tuple[str, ...]:
    from nlp.bodies import abbreviate, find_bodies

    expanded = [b.name for b in find_bodies(name)]
    names = [name, *expanded, abbreviate(name), *map(abbreviate, expanded)]
    return tuple(dict.fromkeys(names))
