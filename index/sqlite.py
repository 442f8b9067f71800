"""The embedded source of truth: one SQLite file holding the file catalog and the stored records.

The Tantivy search index is derived from the `documents` table and can be rebuilt from it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from core.errors import BackendError
from core.records import Document, FileEntry, FileStatus

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    format TEXT,
    error TEXT,
    doc_id TEXT,
    pipeline_version INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    owner TEXT,
    members INTEGER
);
CREATE INDEX IF NOT EXISTS files_doc_id ON files (doc_id);
CREATE INDEX IF NOT EXISTS files_status ON files (status);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    words TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
"""
_FILE_COLUMNS = (
    "path, size, mtime_ns, sha256, status, format, error, doc_id, pipeline_version, attempts, "
    "updated_at, owner, members"
)
_INSERT_FILE = f"INSERT OR REPLACE INTO files ({_FILE_COLUMNS}) VALUES ({','.join('?' * 13)})"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _entry_row(e: FileEntry, now: str) -> tuple[object, ...]:
    return (
        e.path,
        e.size,
        e.mtime_ns,
        e.sha256,
        e.status.value,
        e.format,
        e.error,
        e.doc_id,
        e.pipeline_version,
        e.attempts,
        now,
        e.owner,
        e.members,
    )


def _row_to_entry(row: sqlite3.Row) -> FileEntry:
    values = dict(row)
    values["status"] = FileStatus(values["status"])
    return FileEntry(**values)


class SqliteStore:
    """Catalog and records in one SQLite database (WAL mode, so readers never wait on ingest)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(files)")}
            if "owner" not in columns:  # catalogs made before claims had owners
                self._db.execute("ALTER TABLE files ADD COLUMN owner TEXT")
            if "members" not in columns:  # catalogs made before bundles were read
                self._db.execute("ALTER TABLE files ADD COLUMN members INTEGER")
        except (sqlite3.Error, OSError) as e:
            raise BackendError(f"cannot open the catalog at {path}: {e}") from e

    def close(self) -> None:
        self._db.close()

    def _failed(self, error: sqlite3.Error) -> BackendError:
        # A full disk reaches SQLite as "database or disk is full" or as a bare I/O error.
        hint = f" (is the disk holding {self.path.parent} full?)" if "disk" in str(error) else ""
        return BackendError(f"catalog write failed: {error}{hint}")

    def _write(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
        except sqlite3.Error as e:
            raise self._failed(e) from e

    # -- catalog -------------------------------------------------------------------------------
    def get_file(self, path: str) -> FileEntry | None:
        row = self._db.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE path = ?", (path,))
        found = row.fetchone()
        return _row_to_entry(found) if found else None

    def put_files(self, entries: Iterable[FileEntry]) -> None:
        now = _now()
        rows = [_entry_row(e, now) for e in entries]
        self._write(_INSERT_FILE, rows)

    def claim(self, entry: FileEntry, expected: FileEntry | None) -> bool:
        """Compare-and-set inside one immediate transaction: concurrent claimers serialize on
        SQLite's write lock, and only the first sees the entry it expects."""
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                if self.get_file(entry.path) != expected:
                    return False
                claimed = dataclasses.replace(entry, status=FileStatus.PROCESSING)
                self._db.execute(_INSERT_FILE, _entry_row(claimed, _now()))
                return True
        except sqlite3.Error as e:
            raise self._failed(e) from e

    def remove_files(self, paths: Iterable[str]) -> None:
        self._write("DELETE FROM files WHERE path = ?", [(p,) for p in paths])

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]:
        sql, args = f"SELECT {_FILE_COLUMNS} FROM files WHERE 1=1", []
        if under is not None:
            prefix = under.rstrip("/") + "/"
            # A range of the primary key, not LIKE (paths may contain % and _) nor substr (a scan
            # of the whole catalog on every ingest): the paths starting with "dir/" are those
            # from "dir/" up to "dir0", '0' being the character after '/'.
            sql += " AND (path = ? OR (path >= ? AND path < ?))"
            args += [under, prefix, prefix[:-1] + "0"]
        if status is not None:
            sql += " AND status = ?"
            args.append(status.value)
        return [_row_to_entry(r) for r in self._db.execute(sql + " ORDER BY path", args)]

    def paths_of(self, doc_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT path FROM files WHERE doc_id = ? AND status = ? ORDER BY path",
            (doc_id, FileStatus.INDEXED.value),
        )
        return [r[0] for r in rows]

    # -- records -------------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document | None:
        row = self._db.execute("SELECT record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        doc = Document.from_json_dict(json.loads(row[0]))
        doc.paths = self.paths_of(doc_id)
        return doc

    def hit_fields(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str | None, str | None]]:
        """(title, doc_type, issued_date) per id, read without loading whole records."""
        rows = self._db.execute(
            "SELECT id, json_extract(record, '$.title'), json_extract(record, '$.doc_type'),"
            f" json_extract(record, '$.issued_date') FROM documents"
            f" WHERE id IN ({','.join('?' * len(doc_ids))})",
            list(doc_ids),
        )
        return {r[0]: (r[1] or "", r[2], r[3]) for r in rows}

    def iter_documents(self, after: str | None = None) -> Iterator[tuple[Document, str]]:
        """Stored records (ids > `after`, in id order) with their segmented words."""
        rows = self._db.execute(
            "SELECT record, words FROM documents WHERE id > ? ORDER BY id", (after or "",)
        )
        for record, words in rows:
            yield Document.from_json_dict(json.loads(record)), words

    def iter_documents_by_id(self, doc_ids: Sequence[str]) -> Iterator[tuple[Document, str]]:
        """The stored records (with their words) of these ids; missing ids are skipped."""
        for doc_id in doc_ids:
            row = self._db.execute(
                "SELECT record, words FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            if row is not None:
                yield Document.from_json_dict(json.loads(row[0])), row[1]

    def put_documents(self, docs: Sequence[Document], words: Sequence[str]) -> None:
        """Store records with their underthesea segmentation (kept so re-indexing never redoes it)."""
        now = _now()
        rows = []
        for doc, segmented in zip(docs, words, strict=True):
            record = doc.to_json_dict()
            # Paths belong to the catalog; a record never carries a stale copy of them.
            record.pop("paths"), record.pop("path")
            rows.append((doc.id, json.dumps(record, ensure_ascii=False), segmented, now))
        self._write(
            "INSERT OR REPLACE INTO documents (id, record, words, updated_at) VALUES (?,?,?,?)",
            rows,
        )

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        self._write("DELETE FROM documents WHERE id = ?", [(i,) for i in doc_ids])

    def document_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM documents")}

    def count_documents(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM documents").fetchone()[0])
