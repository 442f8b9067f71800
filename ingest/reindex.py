"""Re-indexing as plain functions: refresh the records, build a new search generation, verify it,
swap. `flows/reindex.py` runs these steps as Prefect tasks.

The live generation answers searches throughout; a build that fails verification or is
interrupted never becomes live, and the next run resumes it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from core.errors import BackendError
from core.records import IngestSummary, ReindexReport, SearchQuery
from core.settings import Settings
from index.base import Index
from ingest import pipeline

SAMPLE_SEARCHES = 20
_WORD = re.compile(r"[^\W_]+")


def refresh(
    index: Index,
    settings: Settings,
    builder: pipeline.Builder | None = None,
    reextract: bool = False,
) -> IngestSummary:
    """Re-extract the catalogued files whose content changed or whose pipeline version is old
    (all of them with `reextract`); forget those that vanished. Stored results are reused.
    The one `pipeline.run` over the catalogued paths, `builder` as there."""
    roots = sorted({Path(e.path) for e in index.files()})
    return pipeline.run(index, roots, settings, builder, force=reextract)


def sample_queries(index: Index, count: int = SAMPLE_SEARCHES) -> list[tuple[str, str]]:
    """(document id, a phrase from the middle of its text) for a random sample of documents."""
    doc_ids = sorted({e.doc_id for e in index.files() if e.doc_id})
    picked = []
    for doc_id in random.Random(0).sample(doc_ids, min(count, len(doc_ids))):
        doc = index.get_document(doc_id)
        words = _WORD.findall(doc.text) if doc else []
        if len(words) >= 8:
            middle = len(words) // 2
            picked.append((doc_id, '"' + " ".join(words[middle : middle + 8]) + '"'))
    return picked


def verify(index: Index, generation: str) -> int:
    """Check a built generation before it goes live: same document count as the records, and a
    sample of documents found by a phrase of their own text. Returns the number of searches run;
    raises BackendError naming the problems (the live generation stays as it is)."""
    problems = []
    expected = index.count_documents()
    found = index.search(SearchQuery(text="", limit=0), generation=generation).total
    if found != expected:
        problems.append(f"generation {generation} holds {found} documents, the records {expected}")
    queries = sample_queries(index)
    for doc_id, phrase in queries:
        hits = index.search(SearchQuery(text=phrase, limit=20), generation=generation).hits
        if doc_id not in {h.id for h in hits}:
            problems.append(f"document {doc_id} not found by its own text {phrase}")
    if problems:
        raise BackendError(
            f"new generation {generation} failed verification; the live index is unchanged: "
            + "; ".join(problems[:5])
        )
    return len(queries)


def reindex(
    index: Index,
    settings: Settings,
    builder: pipeline.Builder | None = None,
    reextract: bool = False,
) -> ReindexReport:
    """Refresh the records, build and verify a new generation, then make it live (the steps of
    `flows/reindex.py`, in one plain call)."""
    refreshed = refresh(index, settings, builder, reextract=reextract)
    previous = index.current_generation
    generation = index.build_generation()
    searches = verify(index, generation)
    index.activate_generation(generation)
    return ReindexReport(
        generation=generation,
        previous=previous,
        documents=index.count_documents(),
        refreshed=refreshed,
        verified_searches=searches,
    )
