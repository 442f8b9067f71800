"""The embedded backend: SQLite (catalog and records, the source of truth) + Tantivy (search).

Nothing to set up: both live in the data directory. The Tantivy index is rebuilt from the records
whenever it is missing or its schema changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from hoso.records import (
    Document,
    FileEntry,
    FileStatus,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from index.sqlite import SqliteStore
from index.tantivy import TantivySearch
from nlp.words import segment

REBUILD_BATCH = 500


class EmbeddedIndex:
    def __init__(self, data_dir: Path) -> None:
        self.store = SqliteStore(data_dir / "hoso.sqlite3")
        self.search_index = TantivySearch(data_dir / "search")
        if self.search_index.needs_rebuild:
            self.rebuild_search()

    def rebuild_search(self) -> int:
        """Re-derive the whole search index from the stored records; returns the document count."""
        self.search_index.clear()
        count = 0
        batch: list[tuple[Document, str]] = []
        for item in self.store.iter_documents():
            batch.append(item)
            if len(batch) >= REBUILD_BATCH:
                self.search_index.add([d for d, _ in batch], [w for _, w in batch])
                count, batch = count + len(batch), []
        self.search_index.add([d for d, _ in batch], [w for _, w in batch])
        self.search_index.commit()
        self.search_index.mark_built()
        return count + len(batch)

    # -- catalog -------------------------------------------------------------------------------
    def get_file(self, path: str) -> FileEntry | None:
        return self.store.get_file(path)

    def put_files(self, entries: Iterable[FileEntry]) -> None:
        self.store.put_files(entries)

    def remove_files(self, paths: Iterable[str]) -> None:
        self.store.remove_files(paths)

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]:
        return self.store.files(under=under, status=status)

    # -- records -------------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document | None:
        return self.store.get_document(doc_id)

    def put_documents(self, docs: Sequence[Document]) -> None:
        if not docs:
            return
        words = [segment(doc.text) for doc in docs]
        self.store.put_documents(docs, words)
        self.search_index.add(docs, words)
        self.search_index.commit()

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        self.store.delete_documents(ids)
        self.search_index.delete(ids)
        self.search_index.commit()

    def count_documents(self) -> int:
        return self.store.count_documents()

    # -- search --------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        total, found, facets = self.search_index.search(query)
        fields = self.store.hit_fields([doc_id for doc_id, _, _ in found])
        hits = []
        for doc_id, score, snippets in found:
            if doc_id not in fields:  # deleted between the search and now
                continue
            title, doc_type, issued_date = fields[doc_id]
            paths = self.store.paths_of(doc_id)
            hits.append(
                SearchHit(
                    id=doc_id,
                    path=paths[0] if paths else None,
                    title=title,
                    doc_type=doc_type,
                    issued_date=issued_date,
                    score=round(score, 4),
                    snippets=snippets,
                )
            )
        return SearchResult(total=total, hits=hits, facets=facets)

    def close(self) -> None:
        self.store.close()
