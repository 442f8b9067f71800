"""The web app's view of one index: search and exports, task counts across the archive, the
status report.

Search is the index's: every filter (type, format, year, issuer, body, session, term, the date
range), the order and every facet go to it, so results and counts cover every matching document,
exactly as `hoso search` finds them. The task counts and the links between documents by number
come from a cache of the documents' facts (`Summary`), loaded once and refreshed from the catalog
every few seconds.

An `Archive` is not thread-safe: the app calls it from one worker thread (`hoso.web.app`).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from core.records import (
    FileStatus,
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
    Status,
)
from hoso.web.models import (
    SEARCH_FACETS,
    BodyProfile,
    CompletionPoint,
    FactsReport,
    FactsRequest,
    PersonProfile,
    SearchRequest,
)
from index.base import Index
from index.query import parse
from nlp.normalize import fold
from reports.completion import completion_by_council
from reports.facts import (
    Summary,
    TaskCountRow,
    row_matches,
    row_value,
    summarize,
    task_count_rows,
)
from reports.status import status

# Exports stop here (the Elasticsearch backend pages through no more than this either).
EXPORT_LIMIT = 10_000
REFRESH_SECONDS = 5.0
# The documents a body's or a person's page lists (the rest are one search away).
PROFILE_DOCUMENTS = 20
# The index's facet names that the web names otherwise.
_FACET_NAMES = {"bodies": "body"}


def number_key(number: str) -> str:
    """A document number reduced to what identifies it, so a citation finds the document however
    either was typed: no spaces or trailing punctuation, one kind of dash, case and diacritics
    folded ("12/2019/NQ-HĐND", "12/2019/NQ–HĐND.", "12/2019/nq-hdnd" are one key)."""
    text = re.sub(r"[–—‐‑]", "-", number.replace("Ð", "Đ"))
    return fold(re.sub(r"\s+", "", text).strip(".,;:"))


def search_facets(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The index's facet counts under the web's names (`SEARCH_FACETS`, every one present): most
    frequent first, the year newest first."""
    named = {_FACET_NAMES.get(name, name): counts for name, counts in facets.items()}
    ordered = {}
    for name in SEARCH_FACETS:
        counts = named.get(name) or {}
        if name == "year":
            ordered[name] = dict(sorted(counts.items(), reverse=True))
        else:
            ordered[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ordered


@dataclass
class SearchPage:
    """A search result with the time it took."""

    result: SearchResult
    elapsed_ms: float


class Archive:
    """What the pages and the API read: search through the index, facts through the cache."""

    def __init__(self, index: Index, clock: Callable[[], float] = time.monotonic) -> None:
        self.index = index
        self._clock = clock
        self._summaries: dict[str, Summary] = {}
        self._versions: dict[str, tuple[str, ...]] = {}
        self._refreshed_at: float | None = None

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
        self._summaries = fresh
        self._versions = versions_of(fresh.values())

    def versions(self, doc_id: str) -> list[Summary]:
        """The other forms of one document in the archive (`Summary.version_key`), oldest
        issued first, then by id."""
        summaries = self.summaries()
        return [summaries[i] for i in self._versions.get(doc_id, ()) if i in summaries]

    def cards(self, hits: Iterable[SearchHit]) -> dict[str, Summary]:
        """The summary of each hit's document (what its result card shows), by id."""
        summaries = self.summaries()
        found = {}
        for hit in hits:
            summary = summaries.get(hit.id)
            if summary is None and (doc := self.index.get_document(hit.id)) is not None:
                summary = summarize(doc)
            if summary is not None:
                found[hit.id] = summary
        return found

    def document_by_number(self) -> dict[str, str]:
        """`number_key` of each document's number → its id, for linking references."""
        return {
            number_key(s.doc_number_normalized): s.id
            for s in sorted(self.summaries().values(), key=lambda s: s.id, reverse=True)
            if s.doc_number_normalized
        }

    # -- search --------------------------------------------------------------------------------
    @staticmethod
    def _order(request: SearchRequest) -> Sort:
        """The request's order; with no words to rank by, relevance lists the newest first."""
        if request.sort == Sort.RELEVANCE and not parse(request.q).parts:
            return Sort.NEWEST
        return request.sort

    def search(self, request: SearchRequest, chosen_facets: bool = True) -> SearchPage:
        """One page of results with every facet, all from the index. A facet the request filters
        on counts its values without that filter (one more search each) unless not
        `chosen_facets` (a window of hits that shows no facet)."""
        started = time.perf_counter()
        query = request.index_query()
        query.sort = self._order(request)
        result = self.index.search(query)
        facets = search_facets(result.facets)
        # A chosen facet counts its values without its own filter, so a second value can still be
        # added (doc_type=Nghị quyết shows how many Tờ trình there are too), as catalogs do.
        for name in [n for n in request.filters if n in facets and chosen_facets]:
            others = replace(
                request, filters={k: v for k, v in request.filters.items() if k != name}
            )
            unfiltered = others.index_query(limit=0, offset=0)
            facets[name] = search_facets(self.index.search(unfiltered).facets)[name]
        page = SearchResult(result.total, result.hits, facets)
        return SearchPage(page, _ms_since(started))

    def nearest(self, request: SearchRequest) -> SearchHit | None:
        """For a search that found nothing: the document closest to its words (any of them,
        no filter, no dates), if any."""
        parsed = parse(request.q)
        clauses = [*parsed.clauses, *parsed.excluded]
        words = [w for c in clauses for w in c.text.split() if w != "AND"]
        if not words:
            return None
        hits = self.index.search(SearchQuery(text=" OR ".join(words), limit=1)).hits
        return hits[0] if hits else None

    def export(self, request: SearchRequest) -> SearchResult:
        """Every result of a search (up to EXPORT_LIMIT), not only one page; no facets."""
        query = request.index_query(limit=0, offset=0)
        query.sort = self._order(request)
        query.limit = min(self.index.search(query).total, EXPORT_LIMIT)
        result = self.index.search(query)
        return SearchResult(total=result.total, hits=result.hits)

    # -- facts ---------------------------------------------------------------------------------
    def task_count_rows(self) -> list[TaskCountRow]:
        """Every task count in the archive, newest document first."""
        return task_count_rows(self.summaries().values())

    def facts(self, request: FactsRequest, everything: bool = False) -> FactsReport:
        """Task counts matching the request: one page of rows (all of them with `everything`),
        the completion series and facet counts over all matching rows."""
        rows = [r for r in self.task_count_rows() if _row_matches(r, request)]
        facets: dict[str, dict[str, int]] = {}
        for name in ("body", "year", "role", "kind", "doc_type"):
            counter = Counter(v for r in rows if (v := row_value(r, name)))
            if counter:
                facets[name] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        page = rows if everything else rows[request.offset : request.offset + request.limit]
        return FactsReport(len(rows), page, self.completion(request), _years_newest(facets))

    def completion(self, request: FactsRequest) -> list[CompletionPoint]:
        """Completion by council and year (`reports.completion.completion_by_council`), for the
        request's body and year if it names them."""
        return [
            CompletionPoint(
                body=p.council,
                year=p.year,
                completed=p.completed,
                total=p.total,
                percent=p.percent,
                counts=len(p.counts),
                documents=p.documents,
                sentences=[c.id for c in p.counts],
                by_role=p.by_role,
            )
            for p in completion_by_council(self.summaries().values())
            if request.body in (None, p.council)
            and request.council in (None, p.council)
            and request.year in (None, p.year)
        ]

    # -- bodies and people ----------------------------------------------------------------------
    def body_profile(self, name: str, limit: int = PROFILE_DOCUMENTS) -> BodyProfile:
        """What the archive holds of one council or body: the documents it issued (the issuer
        filter: the words of `name` in order), the documents that mention it, the people and
        sessions of its documents and its completion by year."""
        issued = self.index.search(SearchQuery(text="", issuer=name, sort=Sort.NEWEST, limit=limit))
        mentioned = self.index.search(
            SearchQuery(text="", body=name, sort=Sort.NEWEST, limit=limit)
        )
        key = fold(name)
        facets = issued.facets
        return BodyProfile(
            name=name,
            total=issued.total,
            mentioned=mentioned.total,
            documents=issued.hits,
            mentioning=mentioned.hits,
            people=facets.get("people", {}),
            sessions=facets.get("session", {}),
            doc_types=facets.get("doc_type", {}),
            years=dict(sorted(facets.get("year", {}).items(), reverse=True)),
            completion=[p for p in self.completion(FactsRequest()) if fold(p.body) == key],
        )

    def person_profile(self, name: str, limit: int = PROFILE_DOCUMENTS) -> PersonProfile:
        """The documents that name one person or that they signed, newest first, with the
        titles those documents give them (as written) and the bodies that issued them."""
        found = self.index.search(
            SearchQuery(text="", any_of={"people": (name,)}, sort=Sort.NEWEST, limit=limit)
        )
        titles: Counter[str] = Counter()
        signed = 0
        key = fold(name)
        for hit in found.hits:
            doc = self.index.get_document(hit.id)
            if doc is None:
                continue
            if doc.signer and fold(doc.signer.name) == key:
                signed += 1
                if doc.signer.role:
                    titles[doc.signer.role] += 1
            titles.update({p.title for p in doc.people if p.title and fold(p.name) == key})
        return PersonProfile(
            name=name,
            total=found.total,
            documents=found.hits,
            titles=dict(titles.most_common()),
            issuers=found.facets.get("issuer", {}),
            signed=signed,
        )

    # -- status --------------------------------------------------------------------------------
    def status(self) -> Status:
        """Counts by file state, the number of documents, failures newest first."""
        return status(self.index, newest_first=True)


def versions_of(summaries: Iterable[Summary]) -> dict[str, tuple[str, ...]]:
    """Each document that exists in several forms → the ids of its other forms."""
    groups: dict[tuple[str, ...], list[Summary]] = {}
    for s in summaries:
        if (key := s.version_key()) is not None:
            groups.setdefault(key, []).append(s)
    found = {}
    for group in groups.values():
        if len(group) > 1:
            group.sort(key=lambda s: (s.issued_date or "", s.id))
            for s in group:
                found[s.id] = tuple(o.id for o in group if o.id != s.id)
    return found


def fold_versions(
    hits: Iterable[SearchHit], versions: Callable[[str], list[Summary]]
) -> tuple[set[str], dict[str, list[Summary]]]:
    """A page of hits with the other forms of a document folded into its best-ranked hit: the
    ids of the hits folded away, and the other forms of each hit kept (matched or not)."""
    folded: set[str] = set()
    shown: set[str] = set()
    others = {}
    for hit in hits:
        if hit.id in shown:
            folded.add(hit.id)
            continue
        forms = versions(hit.id)
        shown.update([hit.id, *(f.id for f in forms)])
        if forms:
            others[hit.id] = forms
    return folded, others


def _years_newest(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The year facet in time order (newest first), the others as counted."""
    if "year" in facets:
        facets = {**facets, "year": dict(sorted(facets["year"].items(), reverse=True))}
    return facets


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _row_matches(row: TaskCountRow, request: FactsRequest) -> bool:
    wanted = {
        "body": request.body,
        "council": request.council,
        "year": request.year,
        "role": request.role,
        "kind": request.kind,
        "doc_type": request.doc_type,
    }
    return row_matches(row, wanted, request.min_percent, request.max_percent)
