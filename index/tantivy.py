"""The embedded search index: Tantivy, derived from the stored records and rebuildable from them.

Each text is indexed three ways:
- `title`, `body`: syllables, lower-cased and diacritic-folded (đ → d), so "hoi dong" matches
  "hội đồng"; stored as written, for snippets;
- `title_exact`, `body_exact`: syllables with their diacritics (tone marks in one convention), so a
  query typed with diacritics ranks exact matches first ("bán" before "bàn");
- `words`: underthesea words ("hội_đồng_nhân_dân"), folded; a query's adjacent syllables joined
  the same way boost documents where they form one word;
- `meta`: the type, the issuer and the number, folded syllables ("nghi quyet", "12 2019 nq hdnd").

Searches translate the backend-neutral plan of `index.query`, with its weights.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from core.errors import BackendError, UsageError
from core.records import Document, SearchQuery, Sort, person_names
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
    date_key,
    date_range,
    issuer_names,
    meta_values,
    plan,
    stop_words,
)
from nlp.header import normalize_number
from nlp.normalize import normalize_tones

# Bump when the schema or the analyzers change: the index is then rebuilt from the records.
SCHEMA_VERSION = 5
# Where a query's words match, scored by BM25 (and in `meta`, the type, issuer and number,
# by a constant).
_TEXT_FIELDS = {"title": WEIGHTS.title, "body": WEIGHTS.body}
# The facts a filter matches by the words of their name, in order (`SearchQuery.issuer` …).
_NAME_FIELDS = ("issuer", "bodies", "session", "term")
_FACET_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="hoso-facets")


def _analyzers() -> dict[str, tantivy.TextAnalyzer]:
    def build(tokenizer: Any, fold: bool) -> tantivy.TextAnalyzer:
        b = tantivy.TextAnalyzerBuilder(tokenizer).filter(tantivy.Filter.remove_long(60))
        b = b.filter(tantivy.Filter.lowercase())
        return (b.filter(tantivy.Filter.ascii_fold()) if fold else b).build()

    return {
        "vi_fold": build(tantivy.Tokenizer.simple(), fold=True),
        "vi_exact": build(tantivy.Tokenizer.simple(), fold=False),
        "vi_words": build(tantivy.Tokenizer.whitespace(), fold=True),
    }


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "body"):
        b.add_text_field(name, stored=True, tokenizer_name="vi_fold")
        b.add_text_field(f"{name}_exact", tokenizer_name="vi_exact")
    b.add_text_field("words", tokenizer_name="vi_words")
    # The type, the issuer (as written, expanded and abbreviated) and the number, as syllables.
    b.add_text_field("meta", tokenizer_name="vi_fold")
    b.add_text_field("doc_type", tokenizer_name="raw", fast=True)
    b.add_text_field("format", tokenizer_name="raw", fast=True)
    b.add_integer_field("year", indexed=True, fast=True)
    # Canonical names for facets (raw) and their syllables for filters ("HĐND" in any issuer).
    for name in _NAME_FIELDS:
        b.add_text_field(name, tokenizer_name="raw", fast=True)
        b.add_text_field(f"{name}_text", tokenizer_name="vi_fold")
    b.add_text_field("doc_number", tokenizer_name="raw")
    # The people a document names (its signer and `people`), as written: a facet and a filter.
    b.add_text_field("people", tokenizer_name="raw", fast=True)
    b.add_integer_field("issued", indexed=True, fast=True)  # YYYYMMDD; the date orders
    return b.build()


class TantivySearch:
    """Search over the documents' text; knows nothing about files or paths."""

    def __init__(self, directory: Path, resume: bool = False) -> None:
        """Open (or create) the index in `directory`. One built by another schema version is
        emptied (`needs_rebuild`); with `resume`, a partial build is kept to continue."""
        self.directory = directory
        self.analyzers = _analyzers()
        self.schema = _schema()
        self.needs_rebuild = not self._version_matches()
        if self.needs_rebuild and not (resume and self.progress() is not None):
            shutil.rmtree(directory, ignore_errors=True)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(directory))
        except (ValueError, OSError) as e:
            raise BackendError(f"cannot open the search index at {directory}: {e}") from e
        for name, analyzer in self.analyzers.items():
            self.index.register_tokenizer(name, analyzer)
        self._writer: Any = None

    def _version_file(self) -> Path:
        return self.directory / "hoso-schema-version"

    def _version_matches(self) -> bool:
        try:
            return self._version_file().read_text().strip() == str(SCHEMA_VERSION)
        except OSError:
            return False

    def mark_built(self) -> None:
        self._version_file().write_text(str(SCHEMA_VERSION))
        (self.directory / "hoso-build-progress").unlink(missing_ok=True)
        self.needs_rebuild = False

    def mark_progress(self, last_id: str) -> None:
        """Record the last document id committed by a build in progress (to resume it)."""
        if self.needs_rebuild:
            (self.directory / "hoso-build-progress").write_text(last_id)

    def progress(self) -> str | None:
        try:
            return (self.directory / "hoso-build-progress").read_text().strip() or None
        except OSError:
            return None

    # -- writing -------------------------------------------------------------------------------
    def _get_writer(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=200_000_000, num_threads=2)
            except ValueError as e:
                raise BackendError(f"the search index is locked by another writer: {e}") from e
        return self._writer

    def add(self, docs: Sequence[Document], words: Sequence[str]) -> None:
        """Replace these documents in the index (not visible until `commit`)."""
        writer = self._get_writer()
        for doc, segmented in zip(docs, words, strict=True):
            writer.delete_documents_by_term("id", doc.id)
            fields: dict[str, Any] = {
                "id": doc.id,
                "title": doc.title or "",
                "body": doc.text,
                "title_exact": normalize_tones(doc.title or ""),
                "body_exact": normalize_tones(doc.text),
                "words": segmented,
                "format": doc.format,
            }
            if doc.doc_type:
                fields["doc_type"] = doc.doc_type
            if doc.year:
                fields["year"] = doc.year
            if (issued := date_key(doc.issued_date)) is not None:
                fields["issued"] = issued
            if doc.doc_number_normalized:
                fields["doc_number"] = doc.doc_number_normalized
            values = {k: [v] for k, v in fields.items()}
            values["meta"] = meta_values(doc)
            if doc.issuer:
                values["issuer"] = [doc.issuer]
                values["issuer_text"] = issuer_names(doc.issuer)
            if bodies := sorted({b.name for b in doc.bodies if b.name}):
                values["bodies"] = bodies
                values["bodies_text"] = list(
                    dict.fromkeys(n for b in bodies for n in issuer_names(b))
                )
            for name in ("session", "term"):
                if value := getattr(doc, name):
                    values[name] = values[f"{name}_text"] = [value]
            if people := person_names(doc):
                values["people"] = people
            writer.add_document(tantivy.Document(**values))

    def delete(self, doc_ids: Iterable[str]) -> None:
        writer = self._get_writer()
        for doc_id in doc_ids:
            writer.delete_documents_by_term("id", doc_id)

    def commit(self) -> None:
        if self._writer is None:
            return
        try:
            self._writer.commit()
            self._writer.wait_merging_threads()
        except ValueError as e:
            raise BackendError(f"search index commit failed: {e}") from e
        finally:
            self._writer = None
        self.index.reload()

    # -- reading -------------------------------------------------------------------------------
    def _tokens(self, text: str, analyzer: str = "vi_fold") -> list[str]:
        return list(self.analyzers[analyzer].analyze(normalize_tones(text)))

    def _text_query(self, field: str, tokens: list[str], slop: int = 0) -> tantivy.Query:
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, tokens[0])
        words: list[str | tuple[int, str]] = [*tokens]
        return tantivy.Query.phrase_query(self.schema, field, words, slop)

    def _in_fields(
        self,
        text: str,
        fields: dict[str, float],
        weight: float = 1.0,
        slop: int = 0,
        within: tantivy.Query | None = None,
    ) -> list[tantivy.Query]:
        """`text`'s syllables (in order, if several) in each of `fields`, boosted; only in the
        documents `within` matches, if given."""
        tokens = self._tokens(text)
        if not tokens:
            return []
        queries = [self._text_query(name, tokens, slop) for name in fields]
        if within is not None:
            # Each phrase is restricted by itself: Tantivy ORs clauses by running each through
            # blocks of thousands of documents, and a phrase asked for a document it is not in
            # checks the positions of every following document holding its words.
            queries = [
                tantivy.Query.boolean_query([(tantivy.Occur.Must, within), (tantivy.Occur.Must, q)])
                for q in queries
            ]
        return [
            tantivy.Query.boost_query(q, boost * weight)
            for q, boost in zip(queries, fields.values(), strict=True)
        ]

    def _term_query(self, term: Term) -> tantivy.Query | None:
        """What a term matches: any of its spellings in the folded title or body (scored by BM25)
        or in the type, issuer and number (a constant, `WEIGHTS.meta`). None when it has no
        searchable syllable."""
        alternatives = [q for s in term.spellings for q in self._in_fields(s, _TEXT_FIELDS)]
        if not alternatives:
            return None
        if term.words:
            apart = [self._term_query(Term(w)) for w in term.words]
            alternatives.append(
                tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in apart if q])
            )
        in_meta = [q for s in term.spellings for q in self._in_fields(s, {"meta": 1.0})]
        alternatives.append(
            tantivy.Query.const_score_query(
                tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in in_meta]),
                term.meta_weight,
            )
        )
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alternatives])

    def _all_words(self, part: Part) -> tantivy.Query | None:
        """A constant score for the documents with every word of a group that asks for fewer."""
        if not part.ranks_all_words_first:
            return None
        every = [q for t in part.optional if (q := self._term_query(t)) is not None]
        return tantivy.Query.const_score_query(
            tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in every]),
            WEIGHTS.all_words,
        )

    def _part_query(self, part: Part) -> tantivy.Query | None:
        clauses = []
        for term in part.required:
            if (q := self._term_query(term)) is None:
                return None  # a required word no document can hold
            clauses.append((tantivy.Occur.Must, q))
        optional = [q for t in part.optional if (q := self._term_query(t)) is not None]
        if optional:
            minimum = min(part.minimum, len(optional))
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query(
                        [(tantivy.Occur.Should, q) for q in optional],
                        minimum_number_should_match=minimum or None,
                    ),
                )
            )
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _boosts(self, query_plan: Plan) -> list[tantivy.Query]:
        """Should-clauses that only rank, from the words' scores alone (`index.query.WEIGHTS`)."""
        w = WEIGHTS
        queries = []
        if w.coordination:
            for part in query_plan.parts:
                for term in part.optional if part.coordinates else []:
                    if (q := self._term_query(term)) is not None:
                        queries.append(tantivy.Query.const_score_query(q, w.coordination))
        for syllable in query_plan.exact:
            for token in self._tokens(syllable, "vi_exact"):
                for name, boost in _TEXT_FIELDS.items():
                    q = tantivy.Query.term_query(self.schema, f"{name}_exact", token)
                    queries.append(tantivy.Query.boost_query(q, boost * w.exact))
        for word in query_plan.words:
            q = tantivy.Query.term_query(self.schema, "words", word)
            queries.append(tantivy.Query.boost_query(q, w.words))
        queries += [q for p in query_plan.parts if (q := self._all_words(p)) is not None]
        return queries

    def _rescore(self, query_plan: Plan, within: tantivy.Query) -> list[tantivy.Query]:
        """Should-clauses that rank the documents `within` matches (the first stage's top ones,
        `index.query.RESCORE_WINDOW`) by where the words stand."""
        w = WEIGHTS
        queries = []
        for run in query_plan.adjacent:
            queries += self._in_fields(run, {"body": w.body}, w.adjacent, within=within)
        for texts, score, slop in (
            (query_plan.phrases, w.phrase, PHRASE_SLOP),
            (query_plan.names, w.name, 0),
        ):
            for text in texts:
                fields = {**_TEXT_FIELDS, "meta": 1.0}
                found = self._in_fields(text, fields, slop=slop, within=within)
                if found:
                    either = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in found])
                    queries.append(tantivy.Query.const_score_query(either, score))
        return queries

    def build_query(
        self, query: SearchQuery, query_plan: Plan | None = None
    ) -> tuple[tantivy.Query, tantivy.Query] | None:
        """(what the search matches, the same ranked by the words' scores: the first stage) for
        a search; None when the text has no searchable word. Counts and facets need only the
        first, which costs less."""
        if query_plan is None:
            query_plan = plan(query.text, query.all_words)
        clauses: list[tuple[Any, tantivy.Query]] = []
        parts = [q for p in query_plan.parts if (q := self._part_query(p)) is not None]
        if query_plan.parts and not parts:
            return None
        if len(parts) == 1:
            clauses.append((tantivy.Occur.Must, parts[0]))
        elif parts:
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in parts]),
                )
            )
        for term in query_plan.excluded:
            if (q := self._term_query(term)) is not None:
                clauses.append((tantivy.Occur.MustNot, q))
        for field, value in (("doc_type", query.doc_type), ("format", query.format)):
            if value:
                clauses.append(
                    (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, value))
                )
        if query.year is not None:
            clauses.append(
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "year", query.year))
            )
        clauses += [(tantivy.Occur.Must, q) for q in self._fact_filters(query)]
        for name, values in query.none_of.items():
            clauses += [(tantivy.Occur.MustNot, self._value_query(name, v)) for v in values]
        if not any(occur == tantivy.Occur.Must for occur, _ in clauses):
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        matches = tantivy.Query.boolean_query(clauses)
        boosts = self._boosts(query_plan) if parts else []
        ranked = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, matches)] + [(tantivy.Occur.Should, q) for q in boosts]
        )
        return matches, ranked

    def _value_query(self, name: str, value: str) -> tantivy.Query:
        """The query one value of the filter `name` is (as `SearchQuery.any_of` names filters):
        the exact value of a type, format or year, the words in order of a name, a number."""
        if name in ("doc_type", "format"):
            return tantivy.Query.term_query(self.schema, name, value)
        if name == "year":
            if not value.isdigit():
                return tantivy.Query.boolean_query([])
            return tantivy.Query.term_query(self.schema, "year", int(value))
        if name == "number":
            return tantivy.Query.term_query(self.schema, "doc_number", normalize_number(value))
        if name == "people":
            return tantivy.Query.term_query(self.schema, "people", value)
        field = {"body": "bodies"}.get(name, name)
        if field not in _NAME_FIELDS:
            raise UsageError(f"unknown filter {name!r}")
        tokens = self.analyzers["vi_fold"].analyze(normalize_tones(value))
        words: list[str | tuple[int, str]] = [*tokens]
        return (
            tantivy.Query.phrase_query(self.schema, f"{field}_text", words)
            if len(words) > 1
            else tantivy.Query.term_query(self.schema, f"{field}_text", tokens[0] if tokens else "")
        )

    def _fact_filters(self, query: SearchQuery) -> list[tantivy.Query]:
        filters = []
        wanted = (query.issuer, query.body, query.session, query.term)
        for name, value in zip(("issuer", "body", "session", "term"), wanted, strict=True):
            if value:
                filters.append(self._value_query(name, value))
        if query.number:
            filters.append(self._value_query("number", query.number))
        for name, values in query.any_of.items():
            if values:
                filters.append(
                    tantivy.Query.boolean_query(
                        [(tantivy.Occur.Should, self._value_query(name, v)) for v in values]
                    )
                )
        start, end = date_range(query.date_from, query.date_to)
        if start or end:
            filters.append(
                tantivy.Query.range_query(
                    self.schema,
                    "issued",
                    tantivy.FieldType.Integer,
                    date_key(start) or 0,
                    date_key(end) or 99991231,
                )
            )
        return filters

    def search(
        self, query: SearchQuery
    ) -> tuple[int, list[tuple[str, float, list[str]]], dict[str, dict[str, int]]]:
        """(total, [(id, score, snippets)], facets) for a query. A query no document holds enough
        of the words of is searched again asking for fewer (`Plan.relaxed`)."""
        query_plan: Plan | None = plan(query.text, query.all_words)
        found: tuple[int, list[tuple[str, float, list[str]]], dict[str, dict[str, int]]]
        found = 0, [], {}
        while query_plan is not None:
            built = self.build_query(query, query_plan)
            if built is None:
                break
            found = self._run(query, query_plan, *built)
            if found[0]:
                break
            query_plan = query_plan.relaxed()
        return found

    def _run(
        self,
        query: SearchQuery,
        query_plan: Plan,
        matches: tantivy.Query,
        ranked: tantivy.Query,
    ) -> tuple[int, list[tuple[str, float, list[str]]], dict[str, dict[str, int]]]:
        searcher = self.index.searcher()
        # The facets are counted on another thread while this one ranks: each is a full pass
        # over the matching documents, and Tantivy releases the GIL for both.
        facets = _FACET_THREADS.submit(self._facets, searcher, matches)
        # Tantivy refuses a limit of 0; a count-only request still wants the total.
        limit = max(1, query.limit)
        stored: dict[tuple[int, int], Any] = {}
        if query.sort != Sort.RELEVANCE:
            # A date order needs no scores, so no boosts; Tantivy puts documents without a date
            # last in either direction.
            result = searcher.search(
                matches,
                limit=limit,
                offset=query.offset,
                count=True,
                order_by_field="issued",
                order=tantivy.Order.Desc if query.sort == Sort.NEWEST else tantivy.Order.Asc,
            )
            page = [(0.0, address) for _, address in result.hits]
        elif not query_plan.rescores:
            result = searcher.search(ranked, limit=limit, offset=query.offset, count=True)
            page = [(float(score), address) for score, address in result.hits]
        else:
            window = query_plan.rescore_window(query.offset, limit)
            result = searcher.search(ranked, limit=window, count=True)
            stored = {_key(a): searcher.doc(a) for _, a in result.hits}
            page = self._rescored(searcher, query_plan, result.hits, stored)
            page = page[query.offset : query.offset + limit]
        snippets = tantivy.SnippetGenerator.create(searcher, ranked, self.schema, "body")
        snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for score, address in page[: query.limit]:
            doc = stored.get(_key(address)) or searcher.doc(address)
            html = snippets.snippet_from_doc(doc).to_html()
            hits.append((doc["id"][0], score, [html] if html else []))
        # `count` exists at run time (count=True) but is missing from tantivy's type stubs.
        total = int(result.count or 0)  # type: ignore[attr-defined]
        return total, hits, facets.result()

    def _rescored(
        self,
        searcher: Any,
        query_plan: Plan,
        first: list[tuple[Any, Any]],
        stored: dict[tuple[int, int], Any],
    ) -> list[tuple[float, Any]]:
        """The first stage's (score, address) hits, best first, each score plus the plan's
        rescore clauses' (`index.query.RESCORE_WINDOW`)."""
        if not first:
            return []
        scores = {_key(address): float(score) for score, address in first}
        ids = [doc["id"][0] for doc in stored.values()]
        # One term per id: a term set query reads the whole term dictionary (~1 ms at 100,000
        # documents, for each clause it restricts).
        any_id = [tantivy.Query.term_query(self.schema, "id", i) for i in ids]
        within = tantivy.Query.const_score_query(
            tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in any_id]), 0.0
        )
        rescore = self._rescore(query_plan, within)
        if rescore:
            either = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in rescore])
            for score, address in searcher.search(either, limit=len(first), count=False).hits:
                scores[_key(address)] += float(score)
        # sorted() is stable: equal scores keep the first stage's order.
        ranked = sorted(first, key=lambda hit: -scores[_key(hit[1])])
        return [(scores[_key(address)], address) for _, address in ranked]

    def similar(self, doc: Document, limit: int) -> list[tuple[str, float, list[str]]]:
        """[(id, score, [])] of the documents most like `doc` (never `doc` itself)."""
        like = tantivy.Query.more_like_this_document_fields_query(
            self.schema,
            {"title": [normalize_tones(doc.title or "")], "body": [normalize_tones(doc.text)]},
            min_doc_frequency=1,
            max_doc_frequency=None,
            min_term_frequency=1,
            max_query_terms=SIMILAR_TERMS,
            min_word_length=None,
            max_word_length=None,
            boost_factor=1.0,
            stop_words=stop_words(),
        )
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, like),
                (tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "id", doc.id)),
            ]
        )
        searcher = self.index.searcher()
        found = searcher.search(query, limit=max(1, limit))
        return [(searcher.doc(a)["id"][0], float(score), []) for score, a in found.hits[:limit]]

    def ids(self) -> set[str]:
        """Every document id in the index."""
        searcher = self.index.searcher()
        total = searcher.num_docs
        if not total:
            return set()
        found = searcher.search(tantivy.Query.all_query(), limit=total, count=False)
        return {searcher.doc(address)["id"][0] for _, address in found.hits}

    def _facets(self, searcher: Any, tq: tantivy.Query) -> dict[str, dict[str, int]]:
        spec = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACET_FIELDS}
        result = searcher.aggregate(tq, spec)
        return {
            f: {str(b["key"]): int(b["doc_count"]) for b in result.get(f, {}).get("buckets", [])}
            for f in FACET_FIELDS
        }


def _key(address: Any) -> tuple[int, int]:
    return address.segment_ord, address.doc
