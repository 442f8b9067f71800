"""The embedded backend: SQLite (catalog and records, the source of truth) + Tantivy (search).

Nothing to set up: both live in the data directory. The Tantivy index is derived from the records:
it is built whenever missing, and `build_generation` rebuilds it beside the live one for an atomic
swap (`index.generations`). One process writes at a time (a lock file); readers never wait.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from core.errors import UsageError
from core.records import (
    Document,
    FileEntry,
    FileStatus,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from index.generations import Generations
from index.query import document_fields, explain, plan
from index.sqlite import SqliteStore
from index.tantivy import TantivySearch
from nlp.words import segment

REBUILD_BATCH = 5000
# Inside `bulk`, pending writes are committed to search at least this often.
COMMIT_SECONDS = 5.0


class EmbeddedIndex:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        # A bulk write in progress (`bulk`): the writer lock this object holds until its commit.
        self._bulk_depth = 0
        self._held: IO[str] | None = None
        self._held_since = 0.0
        self._session = threading.RLock()
        self.store = SqliteStore(data_dir / "hoso.sqlite3")
        self.generations = Generations(data_dir / "search")
        self._live: tuple[str, TantivySearch] | None = None
        if self.generations.current is None:
            with self._writing():
                if self.generations.current is None:
                    self.generations.activate(self._build())
        if self._journal.exists():
            self._replay_abandoned()

    # -- the journal: records and search agree even if a writer is killed between the two ------
    @property
    def _journal(self) -> Path:
        return self.data_dir / "search-journal"

    def _note(self, doc_ids: Sequence[str]) -> None:
        """Note the ids about to change before touching SQLite; the note goes once Tantivy has
        committed. A writer killed in between leaves it, and the next open replays it."""
        with self._journal.open("a") as f:
            f.write("".join(f"{i}\n" for i in doc_ids))
            f.flush()
            os.fsync(f.fileno())

    def _replay_abandoned(self) -> None:
        """Replay a journal whose writer is gone. While a writer holds the lock (a bulk write
        under way), the journal is its own and its commit will settle it: do not wait for it."""
        try:
            lock = self._lock(fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        self._held = lock  # so a rebuild of an older index during the replay uses this lock
        try:
            self._replay()
        finally:
            self._held = None
            _unlock(lock)

    def _replay(self) -> None:
        """Make the live search generation match the records for the journalled ids."""
        if not self._journal.exists():
            return
        ids = [i for i in self._journal.read_text().split() if i]
        search = self.search_index
        stored = [(doc, words) for doc, words in self.store.iter_documents_by_id(ids)]
        search.delete(ids)
        search.add([d for d, _ in stored], [w for _, w in stored])
        search.commit()
        self._journal.unlink(missing_ok=True)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the data directory's writer lock; then write to whatever generation is live."""
        self.flush()
        lock = self._lock()
        try:
            yield
        finally:
            _unlock(lock)

    def _lock(self, flags: int = fcntl.LOCK_EX) -> IO[str]:
        """The data directory's writer lock, held until `_unlock` (with LOCK_NB: BlockingIOError
        when another writer holds it)."""
        lock = (self.data_dir / "writer.lock").open("w")
        try:
            fcntl.flock(lock, flags)
        except BaseException:
            lock.close()
            raise
        return lock

    # -- bulk writes: one search commit for many calls ---------------------------------------
    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Inside, `put_documents` and `delete_documents` store at once but commit to search
        together, every COMMIT_SECONDS and on leaving: a commit (and the merges it starts) costs
        nearly as much for 16 documents as for 500. This object's own searches see every write;
        other processes see them within COMMIT_SECONDS, and their writers wait at most that
        long."""
        with self._session:
            self._bulk_depth += 1
        try:
            yield
        finally:
            with self._session:
                self._bulk_depth -= 1
                if not self._bulk_depth:
                    self.flush()

    def _change(self, doc_ids: Sequence[str], change: Callable[[], None]) -> None:
        """Apply a change to the records and the search index under the writer lock, journalled;
        commit now, or (in `bulk`) once COMMIT_SECONDS have passed since the first pending one."""
        with self._session:
            if self._held is None:
                self._held, self._held_since = self._lock(), time.monotonic()
                try:
                    self._replay()  # a writer killed mid-write left its note
                except BaseException:
                    self._release()
                    raise
            try:
                self._note(doc_ids)
                change()
            except BaseException:
                self._release()  # the note stays: the next writer replays it
                raise
            if not self._bulk_depth or time.monotonic() - self._held_since >= COMMIT_SECONDS:
                self.flush()

    def flush(self) -> None:
        """Commit pending bulk writes to search and release the writer lock."""
        with self._session:
            if self._held is None:
                return
            try:
                self.search_index.commit()
                self._journal.unlink(missing_ok=True)
            finally:
                self._release()

    def _release(self) -> None:
        if self._held is not None:
            _unlock(self._held)
            self._held = None

    @property
    def search_index(self) -> TantivySearch:
        """The live generation, reopened when another process swapped generations."""
        name = self.generations.current
        if name is None:
            raise UsageError("the search index has no live generation; run `hoso reindex`")
        if self._live is None or self._live[0] != name:
            live = TantivySearch(self.generations.path(name))
            if live.needs_rebuild:  # written by an older hoso: re-derive it in place
                if self._held is not None:  # first used inside a write, which holds the lock
                    self._fill(live)
                else:
                    with self._writing():
                        self._fill(live)
            self._live = (name, live)
        return self._live[1]

    def _fill(self, target: TantivySearch, after: str | None = None) -> int:
        """Add every stored record (with id > `after`) to `target`, committing batch by batch."""
        count = 0
        batch: list[tuple[Document, str]] = []
        for item in self.store.iter_documents(after=after):
            batch.append(item)
            if len(batch) >= REBUILD_BATCH:
                count += self._add_batch(target, batch)
                batch = []
        count += self._add_batch(target, batch)
        target.mark_built()
        return count

    @staticmethod
    def _add_batch(target: TantivySearch, batch: list[tuple[Document, str]]) -> int:
        if batch:
            target.add([d for d, _ in batch], [w for _, w in batch])
            target.commit()
            target.mark_progress(batch[-1][0].id)
        return len(batch)

    # -- generations ---------------------------------------------------------------------------
    def build_generation(self) -> str:
        """Build a new search generation from the stored records, beside the live one; returns its
        name. Resumes an interrupted build. Writers wait until it is done; searches never do."""
        with self._writing():
            return self._build()

    def _build(self) -> str:
        name = self.generations.start_build()
        target = TantivySearch(self.generations.path(name), resume=True)
        self._fill(target, after=target.progress())
        return name

    def activate_generation(self, name: str) -> None:
        with self._writing():
            self.generations.activate(name)

    def rollback_generation(self) -> str:
        with self._writing():
            try:
                return self.generations.rollback()
            except FileNotFoundError as e:
                raise UsageError(str(e)) from e

    @property
    def current_generation(self) -> str | None:
        return self.generations.current

    # -- catalog -------------------------------------------------------------------------------
    def get_file(self, path: str) -> FileEntry | None:
        return self.store.get_file(path)

    def put_files(self, entries: Iterable[FileEntry]) -> None:
        self.store.put_files(entries)

    def remove_files(self, paths: Iterable[str]) -> None:
        self.store.remove_files(paths)

    def claim(self, entry: FileEntry, expected: FileEntry | None) -> bool:
        return self.store.claim(entry, expected)

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]:
        return self.store.files(under=under, status=status)

    # -- records -------------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document | None:
        return self.store.get_document(doc_id)

    def put_documents(self, docs: Sequence[Document], words: Sequence[str] | None = None) -> None:
        if not docs:
            return
        words = list(words) if words is not None else [segment(doc.text) for doc in docs]

        def change() -> None:
            self.store.put_documents(docs, words)
            self.search_index.add(docs, words)

        self._change([doc.id for doc in docs], change)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if not ids:
            return

        def change() -> None:
            self.store.delete_documents(ids)
            self.search_index.delete(ids)

        self._change(ids, change)

    def count_documents(self) -> int:
        return self.store.count_documents()

    def document_ids(self) -> set[str]:
        return self.store.document_ids()

    def searchable_ids(self) -> set[str]:
        self.flush()
        return self.search_index.ids()

    # -- search --------------------------------------------------------------------------------
    def search(self, query: SearchQuery, generation: str | None = None) -> SearchResult:
        """Search the live generation, or a named one (to verify a build before the swap)."""
        self.flush()  # this object's pending bulk writes
        searcher = self.search_index
        if generation is not None and generation != self.generations.current:
            searcher = TantivySearch(self.generations.path(generation))
        total, found, facets = searcher.search(query)
        hits = self._hits(found)
        if query.explain:
            explained = plan(query.text, query.all_words)
            for hit in hits:
                if (doc := self.store.get_document(hit.id)) is not None:
                    hit.explanation = explain(explained, document_fields(doc))
        return SearchResult(total=total, hits=hits, facets=facets)

    def _hits(self, found: list[tuple[str, float, list[str]]]) -> list[SearchHit]:
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
        return hits

    def similar(self, doc_id: str, limit: int = 10) -> SearchResult:
        """The documents most like this one (its most distinctive words), best first."""
        doc = self.store.get_document(doc_id)
        if doc is None:
            raise UsageError(f"no document with id {doc_id!r}")
        self.flush()
        hits = self._hits(self.search_index.similar(doc, limit))
        return SearchResult(total=len(hits), hits=hits)

    def close(self) -> None:
        self.flush()
        self.store.close()


def _unlock(lock: IO[str]) -> None:
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
