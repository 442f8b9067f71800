"""What the indices hold: a catalog entry and a document record as Elasticsearch sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
from collections.abc import Sequence
from typing import Any

from core.records import (
    Document,
    FileEntry,
    FileStatus,
    person_names,
    to_json_dict,
)
from index.query import (
    issuer_names,
    meta_values,
)
from nlp.normalize import normalize_tones


def timestamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def file_id(path: str) -> str:
    """The catalog document id of a path: paths may be longer than an id may be (512 bytes)."""
    return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()


def entry_source(entry: FileEntry, updated_at: str) -> dict[str, Any]:
    source: dict[str, Any] = to_json_dict(entry)
    source["updated_at"] = updated_at
    return source


def entry_from_source(source: dict[str, Any]) -> FileEntry:
    known = {f.name for f in dataclasses.fields(FileEntry)}
    values = {k: v for k, v in source.items() if k in known}
    values["status"] = FileStatus(values["status"])
    return FileEntry(**values)


def _search_date(value: str | None) -> str | None:
    """An ISO date Elasticsearch accepts (YYYY, YYYY-MM, YYYY-MM-DD), or None: a fact that is no
    real date stays in the record but must not make the cluster refuse the whole document."""
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return value
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date.fromisoformat(value + "-01")
            return value
        return dt.date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 else None
    except ValueError:
        return None


def _number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def document_source(doc: Document, words: str, paths: Sequence[str]) -> dict[str, Any]:
    """What the documents index holds for a record: the searched fields, the record itself and
    its segmentation. Texts are matched in one tone-mark convention (`normalize_tones`)."""
    record = doc.to_json_dict()
    # Paths belong to the catalog; the record never carries a stale copy of them.
    record.pop("paths"), record.pop("path")
    issued = _search_date(doc.issued_date)
    return {
        "id": doc.id,
        "title": normalize_tones(doc.title or ""),
        "body": normalize_tones(doc.text),
        "words": words,
        "doc_type": doc.doc_type,
        "doc_number": doc.doc_number_normalized,
        "issuer": doc.issuer,
        "issuer_names": issuer_names(doc.issuer),
        "meta": meta_values(doc),
        "place": doc.place,
        "bodies": [b.name for b in doc.bodies],
        "people": person_names(doc),
        "body_names": list(dict.fromkeys(n for b in doc.bodies for n in issuer_names(b.name))),
        "session": doc.session,
        "term": doc.term,
        "paths": sorted(paths),
        "format": doc.format,
        "sha256": doc.sha256,
        "issued_date": issued,
        "year": int(issued[:4]) if issued else None,
        "size": doc.size,
        "pipeline_version": doc.pipeline_version,
        "task_counts": [
            {
                "number": _number(t.number),
                "total": _number(t.total),
                "percent": _number(t.percent),
                "unit": t.unit,
                "role": t.role,
                "kind": t.kind,
                "period": t.period,
            }
            for t in doc.task_counts
        ],
        "record": record,
    }


def rederive(source: dict[str, Any]) -> dict[str, Any]:
    """A documents-index source made again from its record and stored segmentation."""
    doc = Document.from_json_dict(source["record"])
    return document_source(doc, source.get("words", ""), source.get("paths") or [])


def same_source(source: dict[str, Any]) -> dict[str, Any]:
    return source
