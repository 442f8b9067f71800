"""Search on Elasticsearch: the query plan as a query, the rescore, highlights and facets."""

from __future__ import annotations

import html
import re
from typing import Any

from elasticsearch import (
    BadRequestError,
    NotFoundError,
)

from core.errors import UsageError
from core.records import (
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
)
from index.elasticsearch import mapping
from index.elasticsearch.client import MAX_RESULT_WINDOW, reason
from index.elasticsearch.records import Records
from index.query import (
    FACET_FIELDS,
    FACET_SIZE,
    PHRASE_SLOP,
    SIMILAR_TERMS,
    SNIPPET_CHARS,
    WEIGHTS,
    Part,
    Plan,
    Term,
    date_range,
    document_fields,
    explain,
    plan,
    similar_text,
    stop_words,
)
from nlp.header import normalize_number
from nlp.normalize import normalize_tones

# The ranking of the embedded backend (index.tantivy): one plan, one set of weights.
# Where a query's words match, scored by BM25 (and in `meta`, the type, issuer and number,
# by a constant).
_TEXT_FIELDS = {"title.folded": WEIGHTS.title, "body.folded": WEIGHTS.body}
# Highlight marks no text contains (private use area), replaced by <b>…</b> once the fragment
# is mapped back to the document's own spelling and HTML-escaped.
_MARK, _UNMARK = "\ue000", "\ue001"
_MARKS = re.compile(f"({_MARK}|{_UNMARK})")
# What a syllable analyzer keeps: a run of letters or digits no longer than the length filter.
_SYLLABLE = re.compile(r"[^\W_]+")


class Search(Records):
    """Search, similar documents and facets: the backend-neutral plan of `index.query` as an
    Elasticsearch query, with the embedded backend's semantics and weights."""

    # -- search --------------------------------------------------------------------------------
    def search(self, query: SearchQuery, generation: str | None = None) -> SearchResult:
        """Search the live generation, or a named one (to verify a build before the swap)."""
        if generation is not None and not generation.startswith(f"{self.documents_alias}-"):
            raise UsageError(f"no search generation named {generation!r}")
        if query.limit < 0 or query.offset < 0:
            raise UsageError("limit and offset must not be negative")
        if query.offset + query.limit > MAX_RESULT_WINDOW:
            raise UsageError(
                f"Elasticsearch pages only through the first {MAX_RESULT_WINDOW} results: "
                "narrow the query or lower --offset"
            )
        query_plan: Plan | None = plan(query.text, query.all_words)
        result = SearchResult(total=0, hits=[])
        while query_plan is not None:
            es_query = build_query(query, query_plan)
            if es_query is None:
                break
            rescore = build_rescore(query, query_plan) if query_plan.parts else None
            result = self._search(query, es_query, generation, rescore)
            if result.total:
                break
            # No document holds enough of the words: ask for fewer (`Plan.relaxed`).
            query_plan = query_plan.relaxed()
        if query.explain and result.hits:
            explained = plan(query.text, query.all_words)
            for hit in result.hits:
                doc = self.get_document(hit.id)
                if doc is not None:
                    hit.explanation = explain(explained, document_fields(doc))
        return result

    def similar(self, doc_id: str, limit: int = 10) -> SearchResult:
        """The documents most like this one (its most distinctive words), best first."""
        doc = self.get_document(doc_id)
        if doc is None:
            raise UsageError(f"no document with id {doc_id!r}")
        like = {
            "more_like_this": {
                "fields": ["title.folded", "body.folded"],
                "like": similar_text(doc),
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": SIMILAR_TERMS,
                "stop_words": stop_words(),
            }
        }
        es_query = {"bool": {"must": [like], "must_not": [{"term": {"id": doc_id}}]}}
        result = self._search(SearchQuery(text="", limit=limit), es_query, None)
        result.total = len(result.hits)
        result.facets = {}
        return result

    def _search(
        self,
        query: SearchQuery,
        es_query: dict[str, Any],
        generation: str | None,
        rescore: dict[str, Any] | None = None,
    ) -> SearchResult:
        self._ready()
        with self._errors("search"):
            try:
                found = self.client.search(
                    index=generation or self.documents_alias,
                    query=es_query,
                    from_=query.offset,
                    size=query.limit,
                    track_total_hits=True,
                    # Elasticsearch rescores only hits sorted by score alone (no tie-break).
                    sort=None if rescore else _sort(query.sort),
                    rescore=rescore,
                    source_includes=[
                        "record.title",
                        "record.doc_type",
                        "record.issued_date",
                        "record.text",
                    ],
                    highlight={
                        "fields": {"body.folded": {}},
                        "pre_tags": [_MARK],
                        "post_tags": [_UNMARK],
                        "fragment_size": SNIPPET_CHARS,
                        "number_of_fragments": 1,
                    },
                    aggs={f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACET_FIELDS},
                )
            except BadRequestError as e:
                raise UsageError(f"Elasticsearch refused the query: {reason(e)}") from e
            except NotFoundError as e:
                raise UsageError(f"no search generation named {generation!r}") from e
            # Paths from the catalog, the source of truth (the documents' copy may lag behind
            # after a write that failed half-way).
            paths = self._indexed_paths([hit["_id"] for hit in found["hits"]["hits"]])
        hits = []
        for hit in found["hits"]["hits"]:
            record = hit["_source"].get("record") or {}
            fragments = (hit.get("highlight") or {}).get("body.folded") or []
            hits.append(
                SearchHit(
                    id=hit["_id"],
                    path=paths.get(hit["_id"], [None])[0],
                    title=record.get("title") or "",
                    doc_type=record.get("doc_type"),
                    issued_date=record.get("issued_date"),
                    score=round(float(hit.get("_score") or 0.0), 4),
                    snippets=[s for f in fragments if (s := snippet_html(f, record.get("text")))],
                )
            )
        aggregations = found.get("aggregations") or {}
        facets = {
            f: {
                _bucket_key(b["key"]): int(b["doc_count"])
                for b in aggregations.get(f, {}).get("buckets", [])
            }
            for f in FACET_FIELDS
        }
        return SearchResult(total=int(found["hits"]["total"]["value"]), hits=hits, facets=facets)


def _sort(order: Sort) -> list[dict[str, Any]]:
    """The hits' order; ties (every hit of a query with no words, documents of one day) in a
    stable order, for paging."""
    if order == Sort.RELEVANCE:
        return [{"_score": "desc"}, {"id": "asc"}]
    direction = "desc" if order == Sort.NEWEST else "asc"
    return [{"issued_date": {"order": direction, "missing": "_last"}}, {"id": "asc"}]


def _bucket_key(key: Any) -> str:
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key)


def snippet_html(fragment: str, original: str | None) -> str:
    """A highlighted fragment as HTML (`<b>` around matches, like Tantivy's `to_html`) in the
    document's own spelling: the cluster highlights the tone-normalized copy, which has the same
    length in NFC ("Hoà" → "Hòa"), so the marks carry over to the original text."""
    plain = _MARKS.sub("", fragment)
    source = plain
    if original is not None and plain not in original:
        normalized = normalize_tones(original)
        at = normalized.find(plain)
        if at >= 0 and len(normalized) == len(original):
            source = original[at : at + len(plain)]
    out: list[str] = []
    position = 0
    for piece in _MARKS.split(fragment):
        if piece == _MARK:
            out.append("<b>")
        elif piece == _UNMARK:
            out.append("</b>")
        elif piece:
            out.append(html.escape(source[position : position + len(piece)]))
            position += len(piece)
    return "".join(out).strip()


def _syllables(text: str) -> list[str]:
    return [s for s in _SYLLABLE.findall(text) if len(s) <= mapping.MAX_TOKEN_CHARS]


def _in_fields(
    text: str, fields: dict[str, float], weight: float = 1.0, slop: int = 0
) -> list[dict[str, Any]]:
    """`text`'s syllables (in order, if several: a one-syllable phrase is a term) in each of
    `fields`, boosted; none when it has nothing searchable."""
    text = normalize_tones(text)
    if not _syllables(text):
        return []
    queries = []
    for name, boost in fields.items():
        spec: dict[str, Any] = {"query": text, "boost": boost * weight}
        if slop:
            spec["slop"] = slop
        queries.append({"match_phrase": {name: spec}})
    return queries


def _term_query(term: Term) -> dict[str, Any] | None:
    """What a term matches: any of its spellings in the folded title or body (scored by BM25) or
    in the type, issuer and number (a constant, `WEIGHTS.meta`)."""
    alternatives = [q for s in term.spellings for q in _in_fields(s, _TEXT_FIELDS)]
    if not alternatives:
        return None
    if term.words:
        apart = [q for w in term.words if (q := _term_query(Term(w))) is not None]
        alternatives.append({"bool": {"must": apart}})
    in_meta = [q for s in term.spellings for q in _in_fields(s, {"meta": 1.0})]
    in_meta_any = {"bool": {"should": in_meta, "minimum_should_match": 1}}
    alternatives.append({"constant_score": {"filter": in_meta_any, "boost": term.meta_weight}})
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _all_words(part: Part) -> dict[str, Any] | None:
    """A constant score for the documents with every word of a group that asks for fewer."""
    if not part.ranks_all_words_first:
        return None
    every = [q for t in part.optional if (q := _term_query(t)) is not None]
    return {"constant_score": {"filter": {"bool": {"must": every}}, "boost": WEIGHTS.all_words}}


def _part_query(part: Part) -> dict[str, Any] | None:
    must = []
    for term in part.required:
        if (q := _term_query(term)) is None:
            return None  # a required word no document can hold
        must.append(q)
    optional = [q for t in part.optional if (q := _term_query(t)) is not None]
    if optional:
        minimum = min(part.minimum, len(optional)) or 1
        must.append({"bool": {"should": optional, "minimum_should_match": minimum}})
    return {"bool": {"must": must}} if must else None


def _boosts(query_plan: Plan) -> list[dict[str, Any]]:
    """Optional clauses that rank by the words' scores alone, with the embedded backend's weights
    (`WEIGHTS`)."""
    w = WEIGHTS
    boosts: list[dict[str, Any]] = []
    if w.coordination:
        for part in query_plan.parts:
            for term in part.optional if part.coordinates else []:
                if (q := _term_query(term)) is not None:
                    boosts.append({"constant_score": {"filter": q, "boost": w.coordination}})
    for syllable in query_plan.exact:
        for name, boost in (("title", w.title), ("body", w.body)):
            boosts += _in_fields(syllable, {name: boost}, w.exact)
    for word in query_plan.words:
        boosts.append({"term": {"words": {"value": word, "boost": w.words}}})
    boosts += [q for p in query_plan.parts if (q := _all_words(p)) is not None]
    return boosts


def _rescore(query_plan: Plan) -> list[dict[str, Any]]:
    """Optional clauses that rank by where the words stand, for the second stage
    (`index.query.RESCORE_WINDOW`)."""
    w = WEIGHTS
    boosts: list[dict[str, Any]] = []
    for run in query_plan.adjacent:
        boosts += _in_fields(run, {"body.folded": w.body}, w.adjacent)
    for texts, score, slop in (
        (query_plan.phrases, w.phrase, PHRASE_SLOP),
        (query_plan.names, w.name, 0),
    ):
        for text in texts:
            if found := _in_fields(text, {**_TEXT_FIELDS, "meta": 1.0}, slop=slop):
                either = {"bool": {"should": found, "minimum_should_match": 1}}
                boosts.append({"constant_score": {"filter": either, "boost": score}})
    return boosts


def build_rescore(query: SearchQuery, query_plan: Plan) -> dict[str, Any] | None:
    """The second stage of a search ranked by relevance: the first stage's top documents
    rescored by where the words stand, their scores added (`index.query.RESCORE_WINDOW`); None
    when there is nothing to rescore."""
    if query.sort != Sort.RELEVANCE or not (should := _rescore(query_plan)):
        return None
    return {
        "window_size": query_plan.rescore_window(query.offset, query.limit),
        "query": {
            "rescore_query": {"bool": {"should": should}},
            "query_weight": 1.0,
            "rescore_query_weight": 1.0,
            "score_mode": "total",
        },
    }


def _filter_value(name: str, value: str) -> dict[str, Any]:
    """The clause one value of the filter `name` adds (as `SearchQuery.any_of` names filters)."""
    if name in ("doc_type", "format"):
        return {"term": {name: value}}
    if name == "year":
        return {"term": {"year": int(value)}} if value.isdigit() else {"match_none": {}}
    if name == "number":
        return {"term": {"doc_number": normalize_number(value)}}
    if name == "people":
        return {"term": {"people": value}}
    fields = {
        "issuer": "issuer_names",
        "body": "body_names",
        "session": "session.folded",
        "term": "term.folded",
    }
    if name in fields:
        return {"match_phrase": {fields[name]: normalize_tones(value)}}
    raise UsageError(f"unknown filter {name!r}")


def build_query(query: SearchQuery, query_plan: Plan | None = None) -> dict[str, Any] | None:
    """The Elasticsearch query for a search: the plan of `index.query`, with the embedded
    backend's semantics and weights; None when the text has words but none is searchable."""
    if query_plan is None:
        query_plan = plan(query.text, query.all_words)
    parts = [q for p in query_plan.parts if (q := _part_query(p)) is not None]
    if query_plan.parts and not parts:
        return None
    must: list[dict[str, Any]] = []
    if len(parts) == 1:
        must.append(parts[0])
    elif parts:
        must.append({"bool": {"should": parts, "minimum_should_match": 1}})
    must_not = [q for term in query_plan.excluded if (q := _term_query(term)) is not None]
    filters: list[dict[str, Any]] = []
    for field, value in (("doc_type", query.doc_type), ("format", query.format)):
        if value:
            filters.append({"term": {field: value}})
    if query.year is not None:
        filters.append({"term": {"year": query.year}})
    for field, value in (
        ("issuer_names", query.issuer),
        ("body_names", query.body),
        ("session.folded", query.session),
        ("term.folded", query.term),
    ):
        if value:
            filters.append({"match_phrase": {field: normalize_tones(value)}})
    if query.number:
        filters.append({"term": {"doc_number": normalize_number(query.number)}})
    for name, values in query.any_of.items():
        if values:
            filters.append(
                {
                    "bool": {
                        "should": [_filter_value(name, v) for v in values],
                        "minimum_should_match": 1,
                    }
                }
            )
    for name, values in query.none_of.items():
        must_not += [_filter_value(name, v) for v in values]
    start, end = date_range(query.date_from, query.date_to)
    if start or end:
        bounds = {"gte": start.isoformat()} if start else {}
        bounds |= {"lte": end.isoformat()} if end else {}
        filters.append({"range": {"issued_date": bounds}})
    return {
        "bool": {
            "must": must or [{"match_all": {}}],
            "must_not": must_not,
            "filter": filters,
            "should": _boosts(query_plan) if parts else [],
        }
    }
