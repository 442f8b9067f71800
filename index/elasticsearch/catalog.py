"""The catalog of files on Elasticsearch: entries, states and claims."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from elasticsearch import (
    ConflictError,
    NotFoundError,
)

from core.records import (
    FileEntry,
    FileStatus,
)
from index.elasticsearch.generations import Generations
from index.elasticsearch.sources import entry_from_source, entry_source, file_id, timestamp

log = logging.getLogger(__name__)


class Catalog(Generations):
    """The catalog: one document per path (its id the sha256 of the path), shared by the
    ingest workers of every machine, each of which `claim`s a file before working on it."""

    # -- catalog -------------------------------------------------------------------------------
    def get_file(self, path: str) -> FileEntry | None:
        self._ready()
        with self._errors("read the catalog"):
            try:
                found = self.client.get(index=self.files_alias, id=file_id(path))
            except NotFoundError:
                return None
        return entry_from_source(found["_source"])

    def _doc_ids_of(self, paths: Sequence[str]) -> set[str]:
        """The documents these paths point at now (their indexed paths may be about to change)."""
        if not paths:
            return set()
        found = self.client.mget(
            index=self.files_alias, ids=[file_id(p) for p in paths], source_includes=["doc_id"]
        )
        return {
            d["_source"]["doc_id"]
            for d in found["docs"]
            if d.get("found") and d["_source"].get("doc_id")
        }

    def put_files(self, entries: Iterable[FileEntry]) -> None:
        entries = list(entries)
        if not entries:
            return
        self._ready()
        now = timestamp()
        with self._errors("write the catalog"):
            affected = self._doc_ids_of([e.path for e in entries])
            self._bulk(
                {
                    "_op_type": "index",
                    "_index": self.files_alias,
                    "_id": file_id(e.path),
                    "_source": entry_source(e, now),
                }
                for e in entries
            )
            self._sync_paths(affected | {e.doc_id for e in entries if e.doc_id})

    def remove_files(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        if not paths:
            return
        self._ready()
        with self._errors("remove files from the catalog"):
            affected = self._doc_ids_of(paths)
            self._bulk(
                (
                    {"_op_type": "delete", "_index": self.files_alias, "_id": file_id(p)}
                    for p in paths
                ),
                tolerate=(404,),
            )
            self._sync_paths(affected)

    def files(
        self, *, under: str | None = None, status: FileStatus | None = None
    ) -> list[FileEntry]:
        self._ready()
        filters: list[dict[str, Any]] = []
        if under is not None:
            prefix = under.rstrip("/") + "/"
            filters.append(
                {
                    "bool": {
                        "should": [
                            {"term": {"path": under}},
                            {"prefix": {"path": prefix}},
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
        if status is not None:
            filters.append({"term": {"status": status.value}})
        with self._errors("list the catalog"):
            return [
                entry_from_source(s)
                for s in self._scan(self.files_alias, {"bool": {"filter": filters}}, "path", [])
            ]

    def claim(self, entry: FileEntry, expected: FileEntry | None) -> bool:
        """Make `entry` (as processing) the catalog entry of its path, only if the catalog still
        holds `expected` (None: no entry yet). True for exactly one of several workers racing
        for a path: the write is conditional on the sequence number read (`if_seq_no`)."""
        self._ready()
        doc_id = file_id(entry.path)
        token = uuid.uuid4().hex
        source = entry_source(dataclasses.replace(entry, status=FileStatus.PROCESSING), timestamp())
        # Which worker wrote a claim, so a write retried after a lost answer can know it won.
        source["claim"] = token
        with self._errors("claim a file"):
            try:
                if expected is None:
                    self.client.index(
                        index=self.files_alias,
                        id=doc_id,
                        document=source,
                        op_type="create",
                        refresh=True,
                    )
                else:
                    try:
                        current = self.client.get(index=self.files_alias, id=doc_id)
                    except NotFoundError:
                        return False
                    if entry_from_source(current["_source"]) != expected:
                        return False
                    self.client.index(
                        index=self.files_alias,
                        id=doc_id,
                        document=source,
                        if_seq_no=current["_seq_no"],
                        if_primary_term=current["_primary_term"],
                        refresh=True,
                    )
            except ConflictError:
                try:
                    now = self.client.get(index=self.files_alias, id=doc_id)
                except NotFoundError:
                    return False
                if now["_source"].get("claim") != token:
                    return False
            if expected is not None and expected.doc_id:
                self._sync_paths({expected.doc_id})
        return True

    # -- records -------------------------------------------------------------------------------
    def _indexed_paths(self, doc_ids: Collection[str]) -> dict[str, list[str]]:
        """doc id → the sorted paths of the catalog's indexed entries that point at it."""
        if not doc_ids:
            return {}
        query = {
            "bool": {
                "filter": [
                    {"terms": {"doc_id": sorted(doc_ids)}},
                    {"term": {"status": FileStatus.INDEXED.value}},
                ]
            }
        }
        paths: dict[str, list[str]] = {}
        for s in self._scan(self.files_alias, query, "path", ["path", "doc_id"]):
            paths.setdefault(s["doc_id"], []).append(s["path"])
        return paths

    def _sync_paths(self, doc_ids: Collection[str]) -> None:
        """Copy the catalog's indexed paths into these documents (for hits and path filters).

        Each document's sequence number is read *before* the catalog, and the write is
        conditional on it, so of two workers syncing one document the one that read the older
        catalog always loses and reads again."""
        pending = set(doc_ids)
        building = self._write_targets()[1:] if pending else []
        for _ in range(self.retries + 1):
            if not pending:
                return
            stored = self.client.search(
                index=self.documents_alias,
                query={"ids": {"values": sorted(pending)}},
                size=len(pending),
                source_includes=["paths"],
                seq_no_primary_term=True,
            )["hits"]["hits"]
            paths = self._indexed_paths(pending)
            changed = [
                (hit, paths.get(hit["_id"], []))
                for hit in stored
                if (hit["_source"].get("paths") or []) != paths.get(hit["_id"], [])
            ]
            if not changed:
                return
            actions: list[dict[str, Any]] = [
                {
                    "_op_type": "update",
                    "_index": self.documents_alias,
                    "_id": hit["_id"],
                    "if_seq_no": hit["_seq_no"],
                    "if_primary_term": hit["_primary_term"],
                    "doc": {"paths": new},
                }
                for hit, new in changed
            ]
            # A generation being built gets the same paths (its copy may not be there yet).
            actions += [
                {"_op_type": "update", "_index": name, "_id": hit["_id"], "doc": {"paths": new}}
                for name in building
                for hit, new in changed
            ]
            pending = set(self._bulk(actions, tolerate=(404, 409))) & pending
        log.warning("paths of %d documents left for a later sync: busy", len(pending))
