"""The one data model of hoso: file states, extraction results, document records, search results.

Everything the CLI and the API print is one of these dataclasses serialized with `to_json_dict`;
there is no second hand-built dict.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from dataclasses import dataclass, field
from typing import Any

# Bump when extraction or enrichment changes what a record holds: files whose stored record was
# made by an older pipeline are re-extracted on the next ingest.
PIPELINE_VERSION = 10


class FileStatus(enum.StrEnum):
    """Where a file is in its life: pending → processing → indexed | failed | skipped."""

    PENDING = "pending"
    PROCESSING = "processing"
    INDEXED = "indexed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class FileEntry:
    """One path in the catalog. `doc_id` links it to the document its content became."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    status: FileStatus = FileStatus.PENDING
    format: str | None = None
    error: str | None = None
    doc_id: str | None = None
    pipeline_version: int = PIPELINE_VERSION
    attempts: int = 0
    updated_at: str | None = None
    # Who is processing the file ("host:pid"), while its status is `processing`.
    owner: str | None = None
    # An archive (format zip or tar) read as a bundle: how many members it holds. Its members
    # are catalogued as `archive!/member` paths (extractors/bundle.py).
    members: int | None = None


@dataclass
class Page:
    """The text of one page (PDF) or of the whole document (formats without pages)."""

    number: int
    text: str
    ocr: bool = False
    ocr_confidence: float | None = None


@dataclass
class Extraction:
    """What an extractor returns: text as the file wrote it (NFC), page by page where it has pages."""

    format: str
    pages: list[Page]
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text)


@dataclass
class DateMention:
    """A date stated in the text, normalized to ISO (`value`) with its `precision`:
    day, month, quarter, year, range (then `end` is set) or term."""

    text: str
    value: str
    precision: str
    sentence: str
    end: str | None = None


# What happened to the counted items (`TaskCount.role`): done, under way, not yet due, not done
# or late, moved to a later period, newly arisen or added, the stated whole, adopted (resolutions,
# documents), anything else (activities held, items considered, targets).
TASK_ROLES = (
    "completed", "in_progress", "pending", "not_completed", "carried_over", "new", "total",
    "passed", "other",
)  # fmt: skip
# What was counted (`TaskCount.kind`): work items of a programme or docket, targets and results,
# events and participants.
TASK_KINDS = ("task", "indicator", "activity")


@dataclass
class TaskCount:
    """A quantity a council reports about its work: "248/273 (bằng 90,8%) nội dung công việc"
    → number 248, total 273, percent 90.8, unit "nội dung công việc", role "completed"."""

    number: float
    unit: str
    role: str  # one of TASK_ROLES
    sentence: str
    total: float | None = None
    percent: float | None = None
    period: str | None = None
    body: str | None = None
    kind: str = "task"  # one of TASK_KINDS


@dataclass
class Body:
    """A government or party body under its canonical name, with its level and place."""

    name: str
    mentions: list[str] = field(default_factory=list)
    level: str | None = None  # trung_uong | tinh | huyen | xa
    place: str | None = None


@dataclass
class Person:
    name: str
    title: str | None = None


@dataclass
class Reference:
    """Another document the text cites: "Tờ trình số 27/TTr-HĐND ngày 18/11/2019"."""

    text: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None


@dataclass
class Signer:
    name: str
    role: str | None = None  # e.g. "TM. Thường trực HĐND, Chủ tịch"


@dataclass
class HeaderFacts:
    """What a document says about itself: its header, its signature block or a news article's
    byline (`nlp.header` reads them; `DocumentFacts` carries them on)."""

    doc_type: str | None = None
    doc_number: str | None = None  # as written, e.g. "Số: 12/2019/NQ-HĐND" → "12/2019/NQ-HĐND"
    doc_number_normalized: str | None = None
    # The issuing body: as the letterhead reads in a header; canonical in `DocumentFacts`
    # (nlp.entities: one council, one name), the letterhead's reading kept in `issuer_raw`.
    issuer: str | None = None
    place: str | None = None
    issued_date: str | None = None
    title: str | None = None
    signer: Signer | None = None
    session: str | None = None
    term: str | None = None
    published: str | None = None  # news articles: ISO date-time
    source: str | None = None
    author: str | None = None


@dataclass
class DocumentFacts(HeaderFacts):
    """Everything `nlp.facts` extracts from one document's text: the header facts, then what the
    text says throughout."""

    issuer_raw: str | None = None  # as the letterhead was read, kept even when it is no issuer
    issuer_confidence: float | None = None  # 0–100, how sure `issuer` is what `issuer_raw` names
    dates: list[DateMention] = field(default_factory=list)
    task_counts: list[TaskCount] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass(kw_only=True)
class Document(DocumentFacts):
    """The stored record of one document: its facts plus where it came from. `id` is derived from
    the content's sha256, so the same content at several paths is one document with `paths`."""

    id: str
    sha256: str
    format: str
    text: str
    paths: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    size: int = 0
    pipeline_version: int = PIPELINE_VERSION
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str | None:
        return self.paths[0] if self.paths else None

    @property
    def year(self) -> int | None:
        return int(self.issued_date[:4]) if self.issued_date else None

    def to_json_dict(self) -> dict[str, Any]:
        data = to_json_dict(self)
        data["path"] = self.path
        return data

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Document:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        nested: dict[str, type] = {
            "pages": Page,
            "dates": DateMention,
            "task_counts": TaskCount,
            "bodies": Body,
            "people": Person,
            "references": Reference,
        }
        for name, kind in nested.items():
            values[name] = [kind(**item) for item in values.get(name) or []]
        if values.get("signer"):
            values["signer"] = Signer(**values["signer"])
        return cls(**values)


def person_names(doc: DocumentFacts) -> list[str]:
    """The people a document names, as written: its signer, then `people`, each once."""
    names = [doc.signer.name] if doc.signer and doc.signer.name else []
    names += [p.name for p in doc.people if p.name]
    return list(dict.fromkeys(names))


def document_id(sha256: str) -> str:
    """The document id for a content hash: its first 16 hex digits (64 bits)."""
    return sha256[:16]


class Sort(enum.StrEnum):
    """Result order: relevance, or the issue date (undated documents last in both date orders)."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass
class SearchQuery:
    """A search request. `text` is in the query language of `index.query`."""

    text: str
    limit: int = 10
    offset: int = 0
    doc_type: str | None = None
    format: str | None = None
    year: int | None = None
    # These words must occur, in this order, in the issuer's name / a body's name ("HĐND"; an
    # abbreviation matches its full form and back) / the session ("kỳ họp thứ 10") / the term
    # ("2021-2026").
    issuer: str | None = None
    body: str | None = None
    session: str | None = None
    term: str | None = None
    # A document number as written or normalized ("12/2019/NQ-HĐND").
    number: str | None = None
    # Issued on or after / on or before these ISO dates (a partial date "2019" or "2019-06" counts
    # as its first day for `date_from` and its last for `date_to`).
    date_from: str | None = None
    date_to: str | None = None
    # Several values of one filter, any of which a hit may have, and values it must not have, by
    # filter name (doc_type, format, year, issuer, body, session, term, number, and people: a
    # name as `person_names` gives it), each value
    # matched as the single filter above matches it: any_of={"doc_type": ("Nghị quyết",
    # "Tờ trình")}, none_of={"doc_type": ("Thông báo",)}.
    any_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    none_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # In a date order a hit's score is 0: it was not ranked.
    sort: Sort = Sort.RELEVANCE
    # Every word is required (as if each were written `+word`), not only most of them.
    all_words: bool = False
    # Each hit says which of the query's words, phrases and fields matched (`SearchHit.explanation`).
    explain: bool = False


@dataclass
class Explanation:
    """Why a hit ranks: the query's words it holds (`words`) and lacks (`missing`), the phrases
    and names it holds as typed together (`phrases`), and per field (title, body, doc_type,
    issuer, number) the words found there."""

    words: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SearchHit:
    id: str
    path: str | None
    title: str
    doc_type: str | None
    issued_date: str | None
    score: float
    snippets: list[str] = field(default_factory=list)
    # Only when the query asked for it (`SearchQuery.explain`).
    explanation: Explanation | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class ListEntry:
    """One row of `hoso list`. `members`: how many members an archive read as a bundle holds."""

    id: str | None
    path: str
    title: str | None
    format: str | None
    status: FileStatus
    members: int | None = None


@dataclass
class Failure:
    path: str
    status: FileStatus
    error: str


@dataclass
class Status:
    """Counts by file state and the failures with their reasons (`hoso status`)."""

    files: dict[str, int]
    documents: int
    failures: list[Failure]


@dataclass
class IngestSummary:
    """What one ingest run did."""

    indexed: int = 0
    updated: int = 0  # of `indexed`: files whose content changed since the last run
    linked: int = 0  # new paths of content already indexed (copies)
    moved: int = 0  # of `linked`: a path of the same document vanished in the same run
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    removed: int = 0
    failures: list[Failure] = field(default_factory=list)


@dataclass
class ReindexReport:
    """What one re-index did: the generation made live and the one kept for rollback."""

    generation: str
    previous: str | None
    documents: int
    refreshed: IngestSummary
    verified_searches: int = 0


@dataclass
class CheckReport:
    """What `hoso check` found (and whether it repaired it)."""

    files: int
    documents: int
    problems: list[str] = field(default_factory=list)
    repaired: bool = False


# Values that are their own JSON form (exact types: a str-valued Enum is not one of them).
_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_json_dict(obj: Any) -> Any:
    """Serialize a dataclass (recursively) into JSON-ready values."""
    if type(obj) in _PLAIN:
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_json_dict(getattr(obj, name)) for name in _field_names(type(obj))}
    if isinstance(obj, list | tuple):
        return [to_json_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_json_dict(v) for k, v in obj.items()}
    if isinstance(obj, enum.Enum):
        return obj.value
    return obj
