"""Relevance parity: both backends rank the judged council queries alike.

The collection is what `benchmarks/relevance.py --quick` builds (samples/ and the shared corpus,
without OCR) and the queries are the judged set's tuning split whose documents are all in it
(tests/gold/relevance/). Scores differ between engines; the rankings must not: nDCG@10 within
0.02 of each other, and the same first hit when a query has a single document that answers it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks")]

import relevance  # noqa: E402

PARITY = 0.02


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Any]:
    """(tuning queries, answers per backend, documents) on the quick collection."""
    work = tmp_path_factory.mktemp("relevance")
    data_dir, names, _ = relevance.council_collection(work, quick=True)
    queries = [q for q in relevance.judged_queries() if q.split == "tune"]
    answers: dict[str, list[Any]] = {}
    documents: list[frozenset[str]] = []
    with relevance.backends_open(["embedded", "elasticsearch"], data_dir) as opened:
        for backend, (index, _) in opened.items():
            keys = relevance.document_keys(index)
            documents = [frozenset(names[p] for p in ps if p in names) for ps in keys.values()]
            asked = relevance.answerable(queries, {n for doc in documents for n in doc})
            search = relevance.hoso_searcher(index, names)
            answers[backend] = [search(q.query) for q in asked]
    yield asked, answers, documents


def test_both_backends_reach_the_same_ndcg(judged: Any) -> None:
    asked, answers, documents = judged
    assert len(asked) >= 20
    scores = {b: relevance.council_scores(asked, a, documents) for b, a in answers.items()}
    embedded, elasticsearch = scores["embedded"], scores["elasticsearch"]
    assert abs(embedded["nDCG@10"] - elasticsearch["nDCG@10"]) <= PARITY, scores
    assert embedded["zero-hit"] == elasticsearch["zero-hit"] == 0


def test_unambiguous_queries_have_the_same_first_hit(judged: Any) -> None:
    asked, answers, documents = judged
    different = []
    for i, query in enumerate(asked):
        grades = relevance.Grades.of(query, documents)
        if list(grades.by_document.values()).count(2) != 1:
            continue
        firsts = {b: a[i].keys[:1] for b, a in answers.items()}
        if firsts["embedded"] != firsts["elasticsearch"]:
            different.append(query.id)
    assert not different
