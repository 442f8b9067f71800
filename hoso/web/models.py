"""What the web app is asked and what it answers beyond `hoso.records`: requests, fact rows, errors.

Every JSON body the API sends is one of these dataclasses or a `hoso.records` class serialized
with `to_json_dict`; the requests are parsed from the same URL parameters for pages and API.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from hoso.records import SearchQuery, TaskCount


class Sort(enum.StrEnum):
    """Result order: the index's relevance ranking, or the issue date (undated documents last)."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


# Facets the index computes itself, and facets the web layer counts from the stored facts.
INDEX_FACETS = ("doc_type", "format", "year")
FACT_FACETS = ("issuer", "body", "session", "term")


@dataclass(frozen=True)
class SearchRequest:
    """One search as the search page and `/api/search` take it.

    `doc_type`, `format` and `year` are filters every backend applies; `issuer`, `body`,
    `session`, `term` and the date range (ISO dates, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive)
    are applied by the web layer from the documents' facts, like the date sorts.
    """

    q: str = ""
    doc_type: str | None = None
    format: str | None = None
    year: int | None = None
    issuer: str | None = None
    body: str | None = None
    session: str | None = None
    term: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort = Sort.RELEVANCE
    limit: int = 10
    offset: int = 0
    # Every word must occur (`SearchQuery.all_words`); hits say why they match (`explain`).
    all_words: bool = False
    explain: bool = False

    @property
    def uses_facts(self) -> bool:
        """True when the index alone cannot answer: a fact filter, a date range or a date sort."""
        return self.sort != Sort.RELEVANCE or any(
            (self.issuer, self.body, self.session, self.term, self.date_from, self.date_to)
        )

    def index_query(self, limit: int | None = None, offset: int | None = None) -> SearchQuery:
        """The part of this request every backend understands."""
        return SearchQuery(
            text=self.q,
            limit=self.limit if limit is None else limit,
            offset=self.offset if offset is None else offset,
            doc_type=self.doc_type,
            format=self.format,
            year=self.year,
            all_words=self.all_words,
            # Explained only for a page of hits, not a window or an export of thousands.
            explain=self.explain and limit is None,
        )


@dataclass(frozen=True)
class FactsRequest:
    """A filter over the archive's task counts (`/facts`, `/api/facts`)."""

    body: str | None = None
    year: int | None = None
    role: str | None = None
    doc_type: str | None = None
    # Only counts whose completion (stated percent, else number / total) lies in this range.
    min_percent: float | None = None
    max_percent: float | None = None
    limit: int = 50
    offset: int = 0


@dataclass
class TaskCountRow:
    """One task count with the document it was read from. `body` is the counted body, else the
    document's issuer; `year` is the count's period, else the document's year."""

    doc_id: str
    title: str
    doc_type: str | None
    issued_date: str | None
    body: str | None
    year: int | None
    task_count: TaskCount


@dataclass
class CompletionPoint:
    """Completion of one body in one year: the completed counts over their totals, in percent."""

    body: str
    year: int
    completed: float
    total: float
    percent: float
    counts: int


@dataclass
class FactsReport:
    """Task counts across the archive: `total` matching rows, one page of them, the completion
    series (from every matching row) and facet counts."""

    total: int
    rows: list[TaskCountRow]
    completion: list[CompletionPoint] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class ApiError:
    """The body of every error response: a message a person can act on, and the HTTP status."""

    error: str
    status: int
