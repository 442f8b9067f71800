"""The embedded search index: Tantivy, derived from the stored records and rebuildable from them.

Each text is indexed three ways:
- `title`, `body`: syllables, lower-cased and diacritic-folded (đ → d), so "hoi dong" matches
  "hội đồng"; stored as written, for snippets;
- `title_exact`, `body_exact`: syllables with their diacritics (tone marks in one convention), so a
  query typed with diacritics ranks exact matches first ("bán" before "bàn");
- `words`: underthesea words ("hội_đồng_nhân_dân"), folded; a query's adjacent syllables joined
  the same way boost documents where they form one word.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from hoso.errors import BackendError
from hoso.records import Document, SearchQuery, Sort
from index.query import Clause, ParsedQuery, date_key, date_range, issuer_names, parse
from nlp.header import normalize_number
from nlp.normalize import normalize_tones

# Bump when the schema or the analyzers change: the index is then rebuilt from the records.
SCHEMA_VERSION = 3
SNIPPET_CHARS = 240
MAX_NGRAM = 4
_TEXT_FIELDS = {"title": 2.0, "body": 1.0}
_EXACT_BOOST = 3.0
_WORDS_BOOST = 0.5
FACET_FIELDS = ("doc_type", "format", "year", "issuer", "bodies", "session", "term")
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
    for name in _TEXT_FIELDS:
        b.add_text_field(name, stored=True, tokenizer_name="vi_fold")
        b.add_text_field(f"{name}_exact", tokenizer_name="vi_exact")
    b.add_text_field("words", tokenizer_name="vi_words")
    b.add_text_field("doc_type", tokenizer_name="raw", fast=True)
    b.add_text_field("format", tokenizer_name="raw", fast=True)
    b.add_integer_field("year", indexed=True, fast=True)
    # Canonical names for facets (raw) and their syllables for filters ("HĐND" in any issuer).
    for name in _NAME_FIELDS:
        b.add_text_field(name, tokenizer_name="raw", fast=True)
        b.add_text_field(f"{name}_text", tokenizer_name="vi_fold")
    b.add_text_field("doc_number", tokenizer_name="raw")
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
    def _text_query(self, field: str, tokens: list[str]) -> tantivy.Query:
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, tokens[0])
        words: list[str | tuple[int, str]] = [*tokens]
        return tantivy.Query.phrase_query(self.schema, field, words)

    def _clause_query(self, clause: Clause) -> tantivy.Query | None:
        """What a clause matches: its syllables (in order, if several) in the folded title or
        body. None when the clause has no searchable syllable."""
        tokens = self.analyzers["vi_fold"].analyze(normalize_tones(clause.text))
        if not tokens:
            return None
        return tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(self._text_query(name, tokens), weight),
                )
                for name, weight in _TEXT_FIELDS.items()
            ]
        )

    def _exact_boosts(self, parsed: ParsedQuery) -> list[tantivy.Query]:
        """Should-clauses ranking first the documents that hold the required syllables as typed
        (with their diacritics). Term queries, not phrases: the phrase itself is checked once, on
        the folded fields, and checking it again with positions would double a search's cost."""
        queries = []
        for group in parsed.required:
            for clause in group:
                for token in self.analyzers["vi_exact"].analyze(normalize_tones(clause.text)):
                    for name, weight in _TEXT_FIELDS.items():
                        q = tantivy.Query.term_query(self.schema, f"{name}_exact", token)
                        queries.append(tantivy.Query.boost_query(q, weight * _EXACT_BOOST))
        return queries

    def _word_boosts(self, parsed: ParsedQuery) -> list[tantivy.Query]:
        """Should-clauses on `words` for runs of adjacent syllables that may form one word."""
        syllables = [
            t
            for group in parsed.required
            if len(group) == 1
            for t in self.analyzers["vi_fold"].analyze(normalize_tones(group[0].text))
        ]
        queries = []
        for n in range(2, MAX_NGRAM + 1):
            for i in range(len(syllables) - n + 1):
                term = "_".join(syllables[i : i + n])
                q = tantivy.Query.term_query(self.schema, "words", term)
                queries.append(tantivy.Query.boost_query(q, _WORDS_BOOST))
        return queries

    def build_query(self, query: SearchQuery) -> tuple[tantivy.Query, tantivy.Query] | None:
        """(what the search matches, the same ranked) for a search; None when the text has no
        searchable word. Counts and facets need only the first, which costs less."""
        parsed = parse(query.text)
        clauses: list[tuple[Any, tantivy.Query]] = []
        for group in parsed.required:
            alternatives = [q for c in group if (q := self._clause_query(c)) is not None]
            if alternatives:
                clauses.append(
                    (
                        tantivy.Occur.Must,
                        tantivy.Query.boolean_query(
                            [(tantivy.Occur.Should, q) for q in alternatives]
                        ),
                    )
                )
        if parsed.required and not clauses:
            return None
        for clause in parsed.excluded:
            if (q := self._clause_query(clause)) is not None:
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
        if not any(occur == tantivy.Occur.Must for occur, _ in clauses):
            clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
        matches = tantivy.Query.boolean_query(clauses)
        boosts = self._exact_boosts(parsed) + self._word_boosts(parsed)
        ranked = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, matches)] + [(tantivy.Occur.Should, q) for q in boosts]
        )
        return matches, ranked

    def _fact_filters(self, query: SearchQuery) -> list[tantivy.Query]:
        filters = []
        wanted = (query.issuer, query.body, query.session, query.term)
        for name, value in zip(_NAME_FIELDS, wanted, strict=True):
            if value:
                tokens = self.analyzers["vi_fold"].analyze(normalize_tones(value))
                words: list[str | tuple[int, str]] = [*tokens]
                field = f"{name}_text"
                filters.append(
                    tantivy.Query.phrase_query(self.schema, field, words)
                    if len(words) > 1
                    else tantivy.Query.term_query(self.schema, field, tokens[0] if tokens else "")
                )
        if query.number:
            filters.append(
                tantivy.Query.term_query(self.schema, "doc_number", normalize_number(query.number))
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
        """(total, [(id, score, snippets)], facets) for a query."""
        built = self.build_query(query)
        if built is None:
            return 0, [], {}
        matches, ranked = built
        searcher = self.index.searcher()
        # The facets are counted on another thread while this one ranks: each is a full pass
        # over the matching documents, and Tantivy releases the GIL for both.
        facets = _FACET_THREADS.submit(self._facets, searcher, matches)
        # Tantivy refuses a limit of 0; a count-only request still wants the total.
        limit = max(1, query.limit)
        if query.sort == Sort.RELEVANCE:
            result = searcher.search(ranked, limit=limit, offset=query.offset, count=True)
        else:
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
        snippets = tantivy.SnippetGenerator.create(searcher, ranked, self.schema, "body")
        snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for key, address in result.hits[: query.limit]:
            stored = searcher.doc(address)
            html = snippets.snippet_from_doc(stored).to_html()
            score = float(key) if query.sort == Sort.RELEVANCE else 0.0
            hits.append((stored["id"][0], score, [html] if html else []))
        # `count` exists at run time (count=True) but is missing from tantivy's type stubs.
        total = int(result.count or 0)  # type: ignore[attr-defined]
        return total, hits, facets.result()

    def ids(self) -> set[str]:
        """Every document id in the index."""
        searcher = self.index.searcher()
        total = searcher.num_docs
        if not total:
            return set()
        found = searcher.search(tantivy.Query.all_query(), limit=total, count=False)
        return {searcher.doc(address)["id"][0] for _, address in found.hits}

    def _facets(self, searcher: Any, tq: tantivy.Query) -> dict[str, dict[str, int]]:
        spec = {f: {"terms": {"field": f, "size": 100}} for f in FACET_FIELDS}
        result = searcher.aggregate(tq, spec)
        return {
            f: {str(b["key"]): int(b["doc_count"]) for b in result.get(f, {}).get("buckets", [])}
            for f in FACET_FIELDS
        }
