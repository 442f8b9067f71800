"""Relevance parity: both backends rank the judged council queries (tests/gold/relevance/) alike,
and the judged set itself keeps its rules.

The collection is the judged one without OCR (text layers, text/, ground_truth/, samples/),
ingested once per session; each backend gets its stored records. Scores may differ between
engines; what they find may not: nDCG@10 within 0.02 of each other, and the same first hit for
every query with a single grade-2 document. How good the ranking is — issue 16's goals — is
measured by benchmarks/relevance.py, not asserted here."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from benchmark_module import load_benchmark
from conftest import BACKENDS, open_backend

from core.settings import Limits
from extractors import ExtractOptions
from index.embedded import EmbeddedIndex
from ingest.pipeline import build_one, ingest

NDCG_TOLERANCE = 0.02


relevance = load_benchmark("relevance")
QUERIES = relevance.judged_queries()
# The benchmark's `--quick` collection: short documents only (osmem-server highlights a long one
# slowly), the long PDFs skipped by hoso's own page limit before extraction.
SHORT_FILES = Limits(max_pages=relevance.QUICK_MAX_PAGES)


# --- the judged set -----------------------------------------------------------------------------


def test_the_judged_set_follows_its_annotation_guide(corpus_dir: Path) -> None:
    files = relevance.council_files(corpus=corpus_dir)
    assert len(QUERIES) >= 90
    assert len({q.id for q in QUERIES}) == len(QUERIES)
    categories = Counter(q.category for q in QUERIES)
    assert set(categories) == {
        "keywords",
        "body",
        "person",
        "place",
        "number",
        "nodiacritics",
        "pasted",
        "question",
        "or",
    }
    assert min(categories.values()) >= 8, categories
    for q in QUERIES:
        assert q.query.strip() and q.relevant, q.id
        assert set(q.relevant.values()) <= {1, 2}, q.id
        assert set(q.relevant) <= set(files), (q.id, set(q.relevant) - set(files))


def test_a_third_of_each_category_is_held_out_by_the_stated_rule() -> None:
    """Within a category, ordered by the SHA-256 of the id: positions 2, 5, 8, ... held out."""
    by_category: dict[str, list[Any]] = {}
    for q in QUERIES:
        by_category.setdefault(q.category, []).append(q)
    for queries in by_category.values():
        ordered = sorted(queries, key=lambda q: hashlib.sha256(q.id.encode()).hexdigest())
        for position, q in enumerate(ordered):
            assert q.split == ("heldout" if position % 3 == 2 else "tune"), q.id


# --- parity of the backends ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def judged_records(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """The judged collection's short files that need no OCR, ingested once into an embedded data
    dir (scans fail with "needs OCR", long PDFs are skipped: both stay out)."""
    data_dir = tmp_path_factory.mktemp("relevance") / "data"
    files = relevance.council_files(corpus=corpus_dir)
    index = EmbeddedIndex(data_dir)
    options = ExtractOptions(ocr=False)
    try:
        ingest(
            index,
            list(files.values()),
            options,
            build=lambda entry: build_one(entry, options, SHORT_FILES),
        )
    finally:
        index.close()
    return data_dir


@dataclass
class Run:
    """What one backend answered to the judged queries it could answer."""

    nDCG: float
    first_hits: dict[str, list[frozenset[str]]]  # query id → its first hit (none: empty)
    documents: list[frozenset[str]]  # the collection's documents, each as its file names


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    judged_records: Path,
    corpus_dir: Path,
) -> dict[str, Run]:
    """The short judged documents on each backend, every answerable judged query asked."""
    names = {str(p.absolute()): n for n, p in relevance.council_files(corpus=corpus_dir).items()}
    runs = {}
    for backend in BACKENDS:
        index = open_backend(backend, tmp_path_factory.mktemp(backend), request)
        try:
            relevance.load_records(judged_records, index, keep=relevance.short)
            documents = [
                frozenset(names[p] for p in paths if p in names)
                for paths in relevance.document_keys(index).values()
            ]
            asked = relevance.answerable(QUERIES, {n for doc in documents for n in doc})
            search = relevance.hoso_searcher(index, names)
            answers = [search(q.query) for q in asked]
        finally:
            index.close()
        runs[backend] = Run(
            relevance.council_scores(asked, answers, documents)["nDCG@10"],
            {q.id: a.keys[:1] for q, a in zip(asked, answers, strict=True)},
            documents,
        )
    return runs


@pytest.mark.slow
def test_both_backends_reach_the_same_ndcg(runs: dict[str, Run]) -> None:
    embedded, elasticsearch = runs["embedded"], runs["elasticsearch"]
    assert len(embedded.first_hits) >= 40  # the check covers most of the judged set
    assert embedded.first_hits.keys() == elasticsearch.first_hits.keys()
    assert abs(embedded.nDCG - elasticsearch.nDCG) <= NDCG_TOLERANCE, (
        embedded.nDCG,
        elasticsearch.nDCG,
    )


@pytest.mark.xfail(
    strict=True,
    reason="issue 16: the backends put a different document first for 1 of the 34 unambiguous "
    "judged queries (place-06: osmem-server's BM25 scores are smaller beside the shared constant "
    "boosts; BENCHMARKS.md, search relevance)",
)
@pytest.mark.slow
def test_both_backends_put_the_same_document_first(runs: dict[str, Run]) -> None:
    """For every query with a single grade-2 document (an unambiguous one)."""
    embedded, elasticsearch = runs["embedded"], runs["elasticsearch"]
    unambiguous = [
        q.id
        for q in QUERIES
        if q.id in embedded.first_hits
        and sum(any(q.relevant.get(n) == 2 for n in doc) for doc in embedded.documents) == 1
    ]
    assert len(unambiguous) >= 20
    different = {
        qid: (embedded.first_hits[qid], elasticsearch.first_hits[qid])
        for qid in unambiguous
        if embedded.first_hits[qid] != elasticsearch.first_hits[qid]
    }
    assert not different, f"{len(different)} of {len(unambiguous)}: {different}"
