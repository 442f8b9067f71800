"""The query parameters of pages and API, parsed into the requests of `hoso.web.models`.

A bad value is answered 400 with a sentence in the page's language naming the parameter
(`InvalidParameter`, `invalid_parameter`), never pydantic's or a regular expression's message.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from fastapi import Path as PathParam

from core.errors import UsageError
from core.records import Sort
from hoso.web import i18n
from hoso.web.models import SEARCH_FILTERS, FactsRequest, SearchRequest

# Parameter bounds: generous for people, small enough that no request is expensive by accident.
MAX_QUERY_CHARS = 20_000
MAX_VALUE_CHARS = 1_000
MAX_OFFSET = 100_000
# "2019", "2019-06", "2019-06-27" (ISO) or "27/06/2019", "06/2019" (as Vietnamese write dates).
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DMY_DATE = re.compile(r"(?:(?:(\d{1,2})[/.])?(\d{1,2})[/.])?(\d{4})")


class InvalidParameter(UsageError):
    """A parameter's value is not usable: `name` and the i18n key of the reason (`error.*`)."""

    def __init__(self, name: str, reason: str, **values: object) -> None:
        super().__init__(api_message([(name, i18n.translate("en", reason, **values))]))
        self.problems = [(name, reason, values)]

    def message(self, lang: str, page: bool) -> str:
        """The error in `lang`: sentences for a page, `api_message` for the API."""
        reasons = [(n, i18n.translate(lang, r, **v)) for n, r, v in self.problems]
        return page_message(reasons, lang) if page else api_message(reasons)


def api_message(reasons: list[tuple[str, str]]) -> str:
    """ "invalid parameter — limit: it must be at most 100; year: …" (the API's stable form)."""
    return "invalid parameter — " + "; ".join(f"{name}: {reason}" for name, reason in reasons)


def page_message(reasons: list[tuple[str, str]], lang: str) -> str:
    """One sentence per parameter: "Tham số limit không hợp lệ: không được lớn hơn 100."."""
    sentences = (i18n.translate(lang, "error.invalid", name=n, reason=r) for n, r in reasons)
    return " ".join(dict.fromkeys(sentences))


def parse_date(name: str, value: str | None) -> str | None:
    """A date typed as "27/06/2019", "06/2019", "2019-06-27", "2019-06" or "2019", as a partial
    ISO date; None when blank. A date not in the calendar ("2019-13-01", "31/02/2019") raises
    InvalidParameter: a typing mistake should not silently become another date."""
    text = (value or "").strip()
    if not text:
        return None
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = m[1], m[2], m[3]
    elif m := _DMY_DATE.fullmatch(text):
        day, month, year = m[1], m[2], m[3]
    else:
        raise InvalidParameter(name, "error.date")
    y = int(year)
    if y < 1 or (month is not None and not 1 <= int(month) <= 12):
        raise InvalidParameter(name, "error.date")
    if month is None:
        return f"{y:04d}"
    if day is None:
        return f"{y:04d}-{int(month):02d}"
    if not 1 <= int(day) <= calendar.monthrange(y, int(month))[1]:
        raise InvalidParameter(name, "error.date")
    return f"{y:04d}-{int(month):02d}-{int(day):02d}"


# pydantic's error types → the reason given (`error.*` in i18n) and the context it needs.
_REASONS = {
    "int_parsing": "error.integer",
    "int_parsing_size": "error.integer",
    "int_from_float": "error.integer",
    "float_parsing": "error.number",
    "bool_parsing": "error.boolean",
    "greater_than_equal": "error.at_least",
    "greater_than": "error.at_least",
    "less_than_equal": "error.at_most",
    "less_than": "error.at_most",
    "string_too_long": "error.too_long",
    "enum": "error.choice",
    "literal_error": "error.choice",
    "missing": "error.missing",
}


def invalid_parameter(errors: Iterable[Mapping[str, Any]]) -> InvalidParameter:
    """FastAPI's validation errors as an InvalidParameter: each parameter with a reason people
    read (never pydantic's message, which names types and regular expressions)."""
    problems = []
    for item in errors:
        name = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
        ctx = item.get("ctx") or {}
        reason = _REASONS.get(str(item.get("type")), "error.unusable")
        if name in ("date_from", "date_to"):
            reason = "error.date"
        values = {
            "limit": ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt", "")))),
            "max": ctx.get("max_length", ""),
            "choices": str(ctx.get("expected", "")).replace("'", ""),
        }
        problems.append((name or "?", reason, values))
    error = InvalidParameter(*problems[0][:2], **problems[0][2])
    error.problems = problems
    return error


def _text(value: str | None) -> str | None:
    """A filter value: None when absent or blank (HTML forms send empty fields)."""
    return value if value not in (None, "") else None


Value = Annotated[str | None, Query(max_length=MAX_VALUE_CHARS)]
DateParam = Annotated[
    str | None,
    Query(
        max_length=10,
        description="dd/mm/yyyy, mm/yyyy or yyyy (or YYYY-MM-DD, YYYY-MM), inclusive",
    ),
]


Values = Annotated[
    list[str] | None,
    Query(description="repeat for several values (any of them matches)"),
]
Excluded = Annotated[list[str] | None, Query(description="a value hits must not have; repeatable")]


def search_request(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description="query language (README)")
    ] = "",
    doc_type: Values = None,
    format: Values = None,
    year: Values = None,
    issuer: Values = None,
    body: Values = None,
    session: Values = None,
    term: Values = None,
    number: Annotated[
        list[str] | None,
        Query(description='document number, e.g. "12/2019/NQ-HĐND"; repeatable'),
    ] = None,
    people: Annotated[
        list[str] | None,
        Query(description="a person the document names (signer or mentioned); repeatable"),
    ] = None,
    not_doc_type: Excluded = None,
    not_format: Excluded = None,
    not_year: Excluded = None,
    not_issuer: Excluded = None,
    not_body: Excluded = None,
    not_session: Excluded = None,
    not_term: Excluded = None,
    not_number: Excluded = None,
    not_people: Excluded = None,
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
    """The search parameters of the search page, /api/search, /api/facets and the export. Each
    filter may be repeated (`doc_type=Nghị quyết&doc_type=Tờ trình`: either) and excluded
    (`not_doc_type=Thông báo`)."""
    asked = (doc_type, format, year, issuer, body, session, term, number, people)
    unwanted = (
        not_doc_type,
        not_format,
        not_year,
        not_issuer,
        not_body,
        not_session,
        not_term,
        not_number,
        not_people,
    )
    filters = {}
    excluded = {}
    for name, values, not_values in zip(SEARCH_FILTERS, asked, unwanted, strict=True):
        if kept := _filter_values(name, values):
            filters[name] = kept
        if kept := _filter_values(f"not_{name}", not_values):
            excluded[name] = kept
    return SearchRequest(
        q=q,
        filters=filters,
        excluded=excluded,
        date_from=parse_date("date_from", date_from),
        date_to=parse_date("date_to", date_to),
        sort=sort,
        limit=limit,
        offset=offset,
        all_words=all,
        explain=explain,
    )


MAX_FILTER_VALUES = 50


def search_from_pairs(pairs: list[tuple[str, str]]) -> SearchRequest:
    """The search a list of URL parameters describes (as a document page is given the search
    it was opened from); raises InvalidParameter or ValueError for a bad one."""
    lists: dict[str, list[str]] = {}
    for key, value in pairs:
        lists.setdefault(key, []).append(value)
    names = [*SEARCH_FILTERS, *(f"not_{n}" for n in SEARCH_FILTERS)]
    single = {k: v[-1] for k, v in lists.items()}
    return search_request(
        q=single.get("q", "")[:MAX_QUERY_CHARS],
        **{n: lists[n] for n in names if n in lists},  # type: ignore[arg-type]
        date_from=single.get("date_from"),
        date_to=single.get("date_to"),
        sort=Sort(single.get("sort", "relevance")),
        all=single.get("all", "").lower() in ("1", "true", "on", "yes"),
    )


def _filter_values(name: str, values: list[str] | None) -> tuple[str, ...]:
    """The non-blank values of one filter, checked: each at most MAX_VALUE_CHARS, a year a
    number from 1 to 9999, at most MAX_FILTER_VALUES of them."""
    kept = tuple(dict.fromkeys(v for v in values or () if v != ""))
    if len(kept) > MAX_FILTER_VALUES:
        raise InvalidParameter(name, "error.too_many", max=MAX_FILTER_VALUES)
    for value in kept:
        if len(value) > MAX_VALUE_CHARS:
            raise InvalidParameter(name, "error.too_long", max=MAX_VALUE_CHARS)
        if name.removeprefix("not_") == "year":
            if not value.isdigit() or len(value) > 4:
                raise InvalidParameter(name, "error.integer")
            if not 1 <= int(value) <= 9999:
                raise InvalidParameter(name, "error.year")
    return tuple(str(int(v)) if name.endswith("year") else v for v in kept)


def facts_request(
    body: Value = None,
    council: Annotated[
        str | None,
        Query(max_length=MAX_VALUE_CHARS, description="the council as the completion names it"),
    ] = None,
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
        council=_text(council),
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
# A body's or a person's name as the facets and the documents write it.
Name = Annotated[str, PathParam(min_length=1, max_length=300, description="a name as written")]
DocId = Annotated[str, PathParam(max_length=64, description="document id (`hoso list`)")]
Ext = Literal["csv", "json"]
