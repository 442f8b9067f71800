"""The `Index` protocol: the file catalog, the stored records, search and search generations,
each a role protocol of its own (`Catalog`, `Records`, `Search`, `Generations`), behind one
interface. Code that needs one role takes that protocol.

Implementations MUST:
- keep the catalog (one `FileEntry` per path) and the records (one `Document` per content) as the
  source of truth, and make a document searchable before `put_documents` returns — inside
  `bulk()`, within seconds and at the latest when the block ends (searches through the same
  object see it at once);
- fill `Document.paths` from the catalog's indexed entries that point at the document;
- answer every `SearchQuery` with a `SearchResult` or raise `UsageError` with a readable message;
- raise `BackendError` for transient trouble (unreachable, locked, out of space);
- keep search in generations: `build_generation` builds a new one from the stored records beside
  the live one (resuming an interrupted build), `search(..., generation=)` can query it before
  `activate_generation` swaps it in atomically; the replaced one stays for `rollback_generation`.
The contract tests in tests/test_index_contract.py run against every implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from core.records import Document, FileEntry, FileStatus, SearchQuery, SearchResult


class Catalog(Protocol):
    """The file catalog: one `FileEntry` per path, and the claims that keep a file with one
    worker."""

    def get_file(self, path: str) -> FileEntry | None: ...

    def put_files(self, entries: Iterable[FileEntry]) -> None: ...

    def remove_files(self, paths: Iterable[str]) -> None: ...

    def claim(self, entry: FileEntry, expected: FileEntry | None) -> bool:
        """Record `entry` as processing only if the catalog still holds `expected` for its path
        (None: no entry). Of several workers racing for one file, exactly one gets True."""
        ...

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]: ...


class Records(Protocol):
    """The stored records: one `Document` per content, searchable once stored."""

    def get_document(self, doc_id: str) -> Document | None: ...

    def put_documents(self, docs: Sequence[Document], words: Sequence[str] | None = None) -> None:
        """Store and index documents. `words` is each text's underthesea segmentation when the
        caller made it already (in the extraction workers); otherwise the backend makes it."""
        ...

    def delete_documents(self, doc_ids: Iterable[str]) -> None: ...

    def bulk(self) -> AbstractContextManager[None]:
        """A block of many writes (an ingest run): the backend may make them searchable
        together, within seconds, instead of call by call."""
        ...

    def count_documents(self) -> int: ...

    def document_ids(self) -> set[str]:
        """Ids of every stored record."""
        ...

    def searchable_ids(self) -> set[str]:
        """Ids of every document the live search generation holds."""
        ...


class Search(Protocol):
    """Search over the live generation (or a named one being built)."""

    def search(self, query: SearchQuery, generation: str | None = None) -> SearchResult: ...

    def similar(self, doc_id: str, limit: int = 10) -> SearchResult:
        """The documents most like one document ("more like this": its most distinctive words),
        never the document itself; `UsageError` for an unknown id."""
        ...


class Generations(Protocol):
    """Search generations for re-indexing: build one beside the live one, swap, roll back."""

    @property
    def current_generation(self) -> str | None: ...

    def build_generation(self) -> str: ...

    def activate_generation(self, name: str) -> None: ...

    def rollback_generation(self) -> str: ...


class Store(Catalog, Records, Protocol):
    """The catalog and its records, without search: what planning, recording, checks and
    reports read and write."""


class Index(Catalog, Records, Search, Generations, Protocol):
    """Every role of a backend, and `close`."""

    def close(self) -> None: ...
