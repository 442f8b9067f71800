"""What the web app is asked and what it answers beyond `core.records`: requests, fact rows, errors.

Every JSON body the API sends is one of these dataclasses or a `core.records` class serialized
with `to_json_dict`; the requests are parsed from the same URL parameters for pages and API.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from core.records import SearchHit, SearchQuery, Sort
from reports.facts import TaskCountRow

# The facets a search answers with, each counted by the index over every matching document.
SEARCH_FACETS = ("doc_type", "format", "year", "issuer", "body", "session", "term", "people")
_DIGITS_DATE = re.compile(r"(\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


# The filters of a search, each repeatable (any of the values) and excludable (`not_<name>`).
SEARCH_FILTERS = (
    "doc_type",
    "format",
    "year",
    "issuer",
    "body",
    "session",
    "term",
    "number",
    "people",
)
# Filters the index takes only as `SearchQuery.any_of` (no single-value field).
_ANY_OF_ONLY = ("people",)


@dataclass(frozen=True)
class SearchRequest:
    """One search as the search page and `/api/search` take it: every filter and the order go
    to the index (`index_query`). `filters` holds the values asked for each filter (a hit has
    any of them), `excluded` those it must not have, by name (`SEARCH_FILTERS`). `issuer`,
    `body`, `session` and `term` match the words of the name in order, as `hoso search` does;
    the date range is partial ISO dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), inclusive.
    """

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort = Sort.RELEVANCE
    limit: int = 10
    offset: int = 0
    # Every word must occur (`SearchQuery.all_words`); hits say why they match (`explain`).
    all_words: bool = False
    explain: bool = False

    def values(self, name: str) -> tuple[str, ...]:
        """The values asked for the filter `name` (none: not filtered)."""
        return self.filters.get(name, ())

    def index_query(self, limit: int | None = None, offset: int | None = None) -> SearchQuery:
        """This request as the index takes it: a filter with one value as that filter, with
        several as `any_of`; exclusions as `none_of`. A date out of the calendar ("2019-02-31")
        is moved to the nearest real one."""
        single = {n: v[0] for n, v in self.filters.items() if len(v) == 1 and n not in _ANY_OF_ONLY}
        year = single.pop("year", None)
        return SearchQuery(
            text=self.q,
            limit=self.limit if limit is None else limit,
            offset=self.offset if offset is None else offset,
            year=int(year) if year is not None else None,
            **single,
            any_of={n: v for n, v in self.filters.items() if len(v) > 1 or n in _ANY_OF_ONLY},
            none_of={n: v for n, v in self.excluded.items() if v},
            date_from=_calendar_date(self.date_from),
            date_to=_calendar_date(self.date_to),
            sort=self.sort,
            all_words=self.all_words,
            # Explained only for a page of hits, not a window or an export of thousands.
            explain=self.explain and limit is None,
        )


def _calendar_date(value: str | None) -> str | None:
    """A partial ISO date with its year, month and day each moved into range (year 1-9999):
    "9999-99-99" → "9999-12-31", "2019-02-31" → "2019-02-28"; anything else unchanged."""
    m = _DIGITS_DATE.fullmatch(value or "")
    if m is None:
        return value
    year = min(max(int(m[1]), 1), 9999)
    if m[2] is None:
        return f"{year:04d}"
    month = min(max(int(m[2]), 1), 12)
    if m[3] is None:
        return f"{year:04d}-{month:02d}"
    day = min(max(int(m[3]), 1), calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True)
class FactsRequest:
    """A filter over the archive's task counts (`/facts`, `/api/facts`)."""

    body: str | None = None
    # The council whose work the count reports (as the completion table names it).
    council: str | None = None
    year: int | None = None
    role: str | None = None
    kind: str | None = None
    doc_type: str | None = None
    # Only counts whose completion (stated percent, else number / total) lies in this range.
    min_percent: float | None = None
    max_percent: float | None = None
    limit: int = 50
    offset: int = 0


@dataclass
class CompletionPoint:
    """Completion of one body in one year: the completed counts over their totals, in percent."""

    body: str
    year: int
    completed: float
    total: float
    percent: float
    counts: int
    documents: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # "doc_id#index" of each task count
    # The due work items by where they stand: completed, in_progress, pending, not_completed,
    # carried_over (only the roles stated).
    by_role: dict[str, float] = field(default_factory=dict)


@dataclass
class FactsReport:
    """Task counts across the archive: `total` matching rows, one page of them, the completion
    series (from every matching row) and facet counts."""

    total: int
    rows: list[TaskCountRow]
    completion: list[CompletionPoint] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class BodyProfile:
    """A council or body (`/bodies/{name}`): the documents it issued (`total`, newest first,
    `documents` the first of them), the documents that mention it (`mentioned`, `mentioning`
    the newest), the people, sessions, types and years of its documents, and its completion
    year by year."""

    name: str
    total: int
    mentioned: int
    documents: list[SearchHit] = field(default_factory=list)
    mentioning: list[SearchHit] = field(default_factory=list)
    people: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, int] = field(default_factory=dict)
    doc_types: dict[str, int] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)
    completion: list[CompletionPoint] = field(default_factory=list)

    @property
    def known(self) -> bool:
        """True when some document was issued by the body or mentions it."""
        return bool(self.total or self.mentioned)


@dataclass
class PersonProfile:
    """A person (`/people/{name}`): the documents that name them or that they signed (`total`,
    newest first), the titles those documents give them and the bodies that issued them."""

    name: str
    total: int
    documents: list[SearchHit] = field(default_factory=list)
    titles: dict[str, int] = field(default_factory=dict)
    issuers: dict[str, int] = field(default_factory=dict)
    signed: int = 0


@dataclass
class ApiError:
    """The body of every error response: a message a person can act on, and the HTTP status."""

    error: str
    status: int
