"""The web app's view of one index: a cache of document facts, search with the filters and sorts
the index does not offer, task counts across the archive, and the status report.

The index answers text queries, its own filters (type, format, year) and relevance paging. What
the `Index` protocol cannot do — filter by issuer, body, session, term or date range, sort by
date, count those facets — is done here over the facts of every document (`Summary`), loaded once
and refreshed from the catalog every few seconds. For a text query those extra steps work on the
best `MATCH_WINDOW` matches (the result says when it was cut); an empty query works on all
documents.

An `Archive` is not thread-safe: the app calls it from one worker thread (`hoso.web.app`).
"""

from __future__ import annotations

import re
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hoso.records import (
    Document,
    Failure,
    FileStatus,
    SearchHit,
    SearchResult,
    Status,
    TaskCount,
)
from hoso.web.models import (
    FACT_FACETS,
    CompletionPoint,
    FactsReport,
    FactsRequest,
    SearchRequest,
    Sort,
    TaskCountRow,
)
from index.base import Index
from index.query import parse
from nlp.normalize import fold

# Text queries: how many best matches the fact filters, date sorts and fact facets look at.
MATCH_WINDOW = 1000
# Exports stop here (the Elasticsearch backend pages through no more than this either).
EXPORT_LIMIT = 10_000
REFRESH_SECONDS = 5.0
_CACHED_WINDOWS = 16


@dataclass(frozen=True)
class Summary:
    """The facts of one document the web layer filters, sorts and counts on."""

    id: str
    title: str
    doc_type: str | None
    format: str
    issued_date: str | None
    issuer: str | None
    session: str | None
    term: str | None
    doc_number_normalized: str | None
    bodies: tuple[str, ...]
    task_counts: tuple[TaskCount, ...]
    path: str | None
    stamp: str

    @property
    def year(self) -> int | None:
        return _year_of(self.issued_date)

    def facet_values(self, name: str) -> Iterable[str]:
        if name == "body":
            return self.bodies
        value = self.year if name == "year" else getattr(self, name)
        return (str(value),) if value not in (None, "") else ()

    def hit(self) -> SearchHit:
        return SearchHit(
            id=self.id,
            path=self.path,
            title=self.title,
            doc_type=self.doc_type,
            issued_date=self.issued_date,
            score=0.0,
        )


def summarize(doc: Document, stamp: str = "") -> Summary:
    return Summary(
        id=doc.id,
        title=doc.title or doc.id,
        doc_type=doc.doc_type,
        format=doc.format,
        issued_date=doc.issued_date,
        issuer=doc.issuer,
        session=doc.session,
        term=doc.term,
        doc_number_normalized=doc.doc_number_normalized,
        bodies=tuple(dict.fromkeys(b.name for b in doc.bodies if b.name)),
        task_counts=tuple(doc.task_counts),
        path=doc.path,
        stamp=stamp,
    )


def number_key(number: str) -> str:
    """A document number reduced to what identifies it, so a citation finds the document however
    either was typed: no spaces or trailing punctuation, one kind of dash, case and diacritics
    folded ("12/2019/NQ-HĐND", "12/2019/NQ–HĐND.", "12/2019/nq-hdnd" are one key)."""
    text = re.sub(r"[–—‐‑]", "-", number.replace("Ð", "Đ"))
    return fold(re.sub(r"\s+", "", text).strip(".,;:"))


def _year_of(date: str | None) -> int | None:
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _date_bounds(date: str) -> tuple[str, str]:
    """The first and last day a partial ISO date covers: "2020-11" → ("2020-11-01", "2020-11-31").
    (Day 31 for every month is fine: the bounds are only compared as strings.)"""
    date = date[:10]
    return date + "0000-01-01"[len(date) :], date + "9999-12-31"[len(date) :]


def _in_range(date: str | None, start: str | None, end: str | None) -> bool:
    if start is None and end is None:
        return True
    if not date or _year_of(date) is None:
        return False
    first, last = _date_bounds(date)
    return (start is None or last >= _date_bounds(start)[0]) and (
        end is None or first <= _date_bounds(end)[1]
    )


def _matches_facts(s: Summary, request: SearchRequest, index_filters: bool) -> bool:
    if index_filters and (
        (request.doc_type is not None and s.doc_type != request.doc_type)
        or (request.format is not None and s.format != request.format)
        or (request.year is not None and s.year != request.year)
    ):
        return False
    if request.body is not None and request.body not in s.bodies:
        return False
    for name in ("issuer", "session", "term"):
        wanted = getattr(request, name)
        if wanted is not None and getattr(s, name) != wanted:
            return False
    return _in_range(s.issued_date, request.date_from, request.date_to)


def count_facets(summaries: Iterable[Summary], names: Iterable[str]) -> dict[str, dict[str, int]]:
    """value → number of documents, per facet, most frequent first; empty facets are left out."""
    counters = {name: Counter[str]() for name in names}
    for s in summaries:
        for name, counter in counters.items():
            counter.update(s.facet_values(name))
    return {
        name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
        for name, c in counters.items()
        if c
    }


def _date_key(hit: SearchHit) -> str:
    return hit.issued_date or ""


def sort_hits(hits: list[SearchHit], sort: Sort) -> list[SearchHit]:
    """Relevance keeps the index's order; date sorts put undated documents last."""
    if sort == Sort.RELEVANCE:
        return hits
    dated = [h for h in hits if h.issued_date]
    undated = [h for h in hits if not h.issued_date]
    dated.sort(key=_date_key, reverse=sort == Sort.NEWEST)
    return dated + undated


@dataclass
class SearchPage:
    """A search result with what the page says about it: the time taken and whether the fact
    filters or facets saw only the best `MATCH_WINDOW` matches (`window_cut`)."""

    result: SearchResult
    elapsed_ms: float
    window_cut: bool = False


class Archive:
    def __init__(self, index: Index, clock: Callable[[], float] = time.monotonic) -> None:
        self.index = index
        self._clock = clock
        self._summaries: dict[str, Summary] = {}
        self._refreshed_at: float | None = None
        self._windows: OrderedDict[tuple[object, ...], tuple[list[SearchHit], int]] = OrderedDict()

    # -- facts cache ---------------------------------------------------------------------------
    def summaries(self) -> dict[str, Summary]:
        """Every indexed document's facts, refreshed from the catalog every few seconds: a new,
        changed (its files were recorded again) or removed document is picked up."""
        now = self._clock()
        if self._refreshed_at is None or now - self._refreshed_at >= REFRESH_SECONDS:
            self._refresh()
            self._refreshed_at = now
        return self._summaries

    def _refresh(self) -> None:
        stamps: dict[str, str] = {}
        for entry in self.index.files(status=FileStatus.INDEXED):
            if entry.doc_id:
                stamps[entry.doc_id] = max(stamps.get(entry.doc_id, ""), entry.updated_at or "")
        fresh: dict[str, Summary] = {}
        for doc_id, stamp in stamps.items():
            known = self._summaries.get(doc_id)
            if known is not None and known.stamp == stamp:
                fresh[doc_id] = known
            elif (doc := self.index.get_document(doc_id)) is not None:
                fresh[doc_id] = summarize(doc, stamp)
        if fresh.keys() != self._summaries.keys() or any(
            fresh[k] is not self._summaries[k] for k in fresh
        ):
            self._windows.clear()
        self._summaries = fresh

    def document_by_number(self) -> dict[str, str]:
        """`number_key` of each document's number → its id, for linking references."""
        return {
            number_key(s.doc_number_normalized): s.id
            for s in sorted(self.summaries().values(), key=lambda s: s.id, reverse=True)
            if s.doc_number_normalized
        }

    # -- search --------------------------------------------------------------------------------
    def _window(self, request: SearchRequest) -> tuple[list[SearchHit], int]:
        """The best MATCH_WINDOW matches of the request's text and index filters, and the
        index's total; cached, so paging through a filtered result asks the index once."""
        key = (request.q, request.doc_type, request.format, request.year, request.all_words)
        if key in self._windows:
            self._windows.move_to_end(key)
            return self._windows[key]
        result = self.index.search(request.index_query(limit=MATCH_WINDOW, offset=0))
        self._windows[key] = (result.hits, result.total)
        while len(self._windows) > _CACHED_WINDOWS:
            self._windows.popitem(last=False)
        return result.hits, result.total

    def _candidates(self, request: SearchRequest) -> tuple[list[SearchHit], bool]:
        """Hits before the fact filters: the index's window for a text query, every document
        (passing the index filters) for an empty one; and whether the window was cut."""
        summaries = self.summaries()
        if parse(request.q).is_empty:
            plain = SearchRequest(
                doc_type=request.doc_type, format=request.format, year=request.year
            )
            hits = [s.hit() for s in summaries.values() if _matches_facts(s, plain, True)]
            hits.sort(key=lambda h: (_date_key(h), h.id), reverse=True)
            return hits, False
        hits, total = self._window(request)
        return hits, total > len(hits)

    def _fact_facets(self, hits: Iterable[SearchHit]) -> dict[str, dict[str, int]]:
        summaries = self.summaries()
        return count_facets((summaries[h.id] for h in hits if h.id in summaries), FACT_FACETS)

    def search(self, request: SearchRequest) -> SearchPage:
        """One page of results with facets: type, format and year (from the index when it can
        answer alone) and issuer, body, session and term (from the facts, when any has them)."""
        started = time.perf_counter()
        if not request.uses_facts:
            result = self.index.search(request.index_query())
            facets = dict(result.facets)
            cut = False
            if any(self._has_fact_facets(s) for s in self.summaries().values()):
                candidates, cut = self._candidates(request)
                facets.update(self._fact_facets(candidates))
            page = SearchResult(total=result.total, hits=result.hits, facets=_years_newest(facets))
            return SearchPage(page, _ms_since(started), cut)
        kept, cut = self._filtered(request)
        summaries = self.summaries()
        names = ("doc_type", "format", "year", *FACT_FACETS)
        facets = count_facets((summaries[h.id] for h in kept), names)
        hits = kept[request.offset : request.offset + request.limit]
        result = SearchResult(len(kept), hits, _years_newest(facets))
        return SearchPage(result, _ms_since(started), cut)

    def _filtered(self, request: SearchRequest) -> tuple[list[SearchHit], bool]:
        candidates, cut = self._candidates(request)
        summaries = self.summaries()
        kept = [
            h
            for h in candidates
            if h.id in summaries and _matches_facts(summaries[h.id], request, False)
        ]
        return sort_hits(kept, request.sort), cut

    @staticmethod
    def _has_fact_facets(s: Summary) -> bool:
        return bool(s.issuer or s.bodies or s.session or s.term)

    def export(self, request: SearchRequest) -> SearchResult:
        """Every result of a search (up to EXPORT_LIMIT), not only one page; no facets."""
        if not request.uses_facts:
            first = self.index.search(request.index_query(limit=0, offset=0))
            limit = min(first.total, EXPORT_LIMIT)
            result = self.index.search(request.index_query(limit=limit, offset=0))
            return SearchResult(total=result.total, hits=result.hits)
        kept, _ = self._filtered(request)
        return SearchResult(total=len(kept), hits=kept[:EXPORT_LIMIT])

    # -- facts ---------------------------------------------------------------------------------
    def task_count_rows(self) -> list[TaskCountRow]:
        """Every task count in the archive, newest document first."""
        rows = []
        ordered = sorted(
            self.summaries().values(), key=lambda s: (s.issued_date or "", s.id), reverse=True
        )
        for s in ordered:
            for tc in s.task_counts:
                rows.append(
                    TaskCountRow(
                        doc_id=s.id,
                        title=s.title,
                        doc_type=s.doc_type,
                        issued_date=s.issued_date,
                        body=tc.body or s.issuer,
                        year=_year_of(tc.period) or s.year,
                        task_count=tc,
                    )
                )
        return rows

    def facts(self, request: FactsRequest, everything: bool = False) -> FactsReport:
        """Task counts matching the request: one page of rows (all of them with `everything`),
        the completion series and facet counts over all matching rows."""
        rows = [r for r in self.task_count_rows() if _row_matches(r, request)]
        facets: dict[str, dict[str, int]] = {}
        for name in ("body", "year", "role", "doc_type"):
            counter = Counter(v for r in rows if (v := _row_value(r, name)))
            if counter:
                facets[name] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        page = rows if everything else rows[request.offset : request.offset + request.limit]
        return FactsReport(len(rows), page, completion_points(rows), _years_newest(facets))

    # -- status --------------------------------------------------------------------------------
    def status(self) -> Status:
        """Counts by file state, the number of documents, failures newest first."""
        files = self.index.files()
        counts = {s.value: 0 for s in FileStatus}
        for f in files:
            counts[f.status.value] += 1
        failed = [f for f in files if f.status in (FileStatus.FAILED, FileStatus.SKIPPED)]
        failed.sort(key=lambda f: (f.updated_at or "", f.path), reverse=True)
        return Status(
            files=counts,
            documents=self.index.count_documents(),
            failures=[Failure(f.path, f.status, f.error or "") for f in failed],
        )


def _years_newest(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The year facet in time order (newest first), the others as counted."""
    if "year" in facets:
        facets = {**facets, "year": dict(sorted(facets["year"].items(), reverse=True))}
    return facets


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _row_value(row: TaskCountRow, name: str) -> str | None:
    value: object = row.task_count.role if name == "role" else getattr(row, name)
    return None if value in (None, "") else str(value)


def completion(row: TaskCountRow) -> float | None:
    """The count's completion in percent: as stated, else number over total."""
    tc = row.task_count
    if tc.percent is not None:
        return tc.percent
    return 100 * tc.number / tc.total if tc.total else None


def _row_matches(row: TaskCountRow, request: FactsRequest) -> bool:
    if request.min_percent is not None or request.max_percent is not None:
        percent = completion(row)
        low = request.min_percent if request.min_percent is not None else float("-inf")
        high = request.max_percent if request.max_percent is not None else float("inf")
        if percent is None or not low <= percent <= high:
            return False
    return all(
        wanted is None or _row_value(row, name) == str(wanted)
        for name, wanted in (
            ("body", request.body),
            ("year", request.year),
            ("role", request.role),
            ("doc_type", request.doc_type),
        )
    )


def completion_points(rows: Iterable[TaskCountRow]) -> list[CompletionPoint]:
    """Completion by body and year: the sum of completed counts over the sum of their totals. A
    completed count with a percent but no total ("đạt 85%") counts as percent out of 100."""
    sums: dict[tuple[str, int], list[float]] = {}
    for row in rows:
        tc = row.task_count
        if tc.role != "completed" or row.year is None:
            continue
        if tc.total:
            done, total = tc.number, tc.total
        elif tc.percent is not None:
            done, total = tc.percent, 100.0
        else:
            continue
        acc = sums.setdefault((row.body or "—", row.year), [0.0, 0.0, 0])
        acc[0] += done
        acc[1] += total
        acc[2] += 1
    return [
        CompletionPoint(
            body=body,
            year=year,
            completed=done,
            total=total,
            percent=round(100 * done / total, 1),
            counts=int(n),
        )
        for (body, year), (done, total, n) in sorted(sums.items(), key=lambda kv: kv[0])
    ]
