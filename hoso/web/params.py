"""The query parameters of pages and API, parsed into the requests of `hoso.web.models`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query
from fastapi import Path as PathParam

from hoso.records import Sort
from hoso.web.models import FactsRequest, SearchRequest

# Parameter bounds: generous for people, small enough that no request is expensive by accident.
MAX_QUERY_CHARS = 20_000
MAX_VALUE_CHARS = 1_000
MAX_OFFSET = 100_000
_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def _text(value: str | None) -> str | None:
    """A filter value: None when absent or blank (HTML forms send empty fields)."""
    return value if value not in (None, "") else None


Value = Annotated[str | None, Query(max_length=MAX_VALUE_CHARS)]
DateParam = Annotated[
    str | None,
    Query(max_length=10, pattern=_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive"),
]


def search_request(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description="query language (README)")
    ] = "",
    doc_type: Value = None,
    format: Value = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    issuer: Value = None,
    body: Value = None,
    session: Value = None,
    term: Value = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    sort: Sort = Sort.RELEVANCE,
    limit: Annotated[int, Query(ge=0, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    all: Annotated[bool, Query(description="every word must occur, not only most of them")] = False,
    explain: Annotated[
        bool, Query(description="each hit says which words, phrases and fields matched")
    ] = False,
) -> SearchRequest:
    """The search parameters of the search page, /api/search, /api/facets and the export."""
    return SearchRequest(
        q=q,
        doc_type=_text(doc_type),
        format=_text(format),
        year=year,
        issuer=_text(issuer),
        body=_text(body),
        session=_text(session),
        term=_text(term),
        date_from=_text(date_from),
        date_to=_text(date_to),
        sort=sort,
        limit=limit,
        offset=offset,
        all_words=all,
        explain=explain,
    )


def facts_request(
    body: Value = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    role: Value = None,
    kind: Value = None,
    doc_type: Value = None,
    min_percent: Annotated[
        float | None, Query(ge=0, le=1000, description="completion at least this percent")
    ] = None,
    max_percent: Annotated[
        float | None, Query(ge=0, le=1000, description="completion at most this percent")
    ] = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> FactsRequest:
    """The filters of the facts page, /api/facts and its export. `max_percent=80` finds the
    counts reporting completion under 80%."""
    return FactsRequest(
        body=_text(body),
        year=year,
        role=_text(role),
        kind=_text(kind),
        doc_type=_text(doc_type),
        min_percent=min_percent,
        max_percent=max_percent,
        limit=limit,
        offset=offset,
    )


SearchParams = Annotated[SearchRequest, Depends(search_request)]
FactsParams = Annotated[FactsRequest, Depends(facts_request)]
DocId = Annotated[str, PathParam(max_length=64, description="document id (`hoso list`)")]
Ext = Literal["csv", "json"]
