"""Reports over the archive's facts: how well each council did its work, year by year.

Plain functions over document records (or anything with their `id`, `issuer`, `issued_date`
and `task_counts`); the web's /facts chart and `hoso facts completion` print what they return.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from core.records import TaskCount
from nlp.entities import resolve_issuer

# The roles that say where the work stands: what was done against what was due.
COMPLETION_ROLES = ("completed", "in_progress", "pending", "not_completed", "carried_over")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


class HasTaskCounts(Protocol):
    """What `completion_by_council` reads of a document (a `Document` or a web summary)."""

    @property
    def id(self) -> str: ...
    @property
    def issuer(self) -> str | None: ...
    @property
    def issued_date(self) -> str | None: ...
    @property
    def task_counts(self) -> Iterable[TaskCount]: ...


@dataclass
class CountRef:
    """One task count a figure rests on: its document, its place in the document's
    `task_counts` (the sentence's id is `doc_id#index`) and the sentence itself."""

    doc_id: str
    index: int
    role: str
    number: float
    total: float | None
    percent: float | None
    sentence: str

    @property
    def id(self) -> str:
        return f"{self.doc_id}#{self.index}"


@dataclass
class CouncilCompletion:
    """One council in one year: `completed` of `total` work items (`percent`), with the items
    still in progress, pending, not done or carried over, and the counts and documents behind it."""

    council: str
    year: int
    completed: float
    total: float
    percent: float
    by_role: dict[str, float] = field(default_factory=dict)
    counts: list[CountRef] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def completion_by_council(documents: Iterable[HasTaskCounts]) -> list[CouncilCompletion]:
    """Completion by council (canonical issuer; for a document without one, the body its task
    counts name most often) and year, from the task counts of kind "task"
    whose role says where the work stands, ordered by council then year.

    Per document, a completed count with a total ("248/273 nội dung") gives done and due; without
    one, due is the sum of the document's completed, in progress, pending, not completed and
    carried over counts. A document with no completed count says nothing about completion.
    """
    points: dict[tuple[str, int], CouncilCompletion] = {}
    # The same text in two files (a scan and its transcript in ground_truth/) is two documents:
    # a figure it states counts once.
    seen: set[tuple[object, ...]] = set()
    for doc in documents:
        council = council_of(doc)
        if not council:
            continue
        by_year: dict[int, list[CountRef]] = {}
        for index, tc in enumerate(doc.task_counts):
            if tc.kind != "task" or tc.role not in COMPLETION_ROLES:
                continue
            year = _year(tc.period) or _year(doc.issued_date)
            key = (council, year, tc.role, tc.number, tc.total, tc.percent, tc.sentence)
            if year is None or key in seen:
                continue
            seen.add(key)
            by_year.setdefault(year, []).append(
                CountRef(doc.id, index, tc.role, tc.number, tc.total, tc.percent, tc.sentence)
            )
        for year, refs in by_year.items():
            completed = [r for r in refs if r.role == "completed"]
            if not completed:
                continue
            with_total = [r for r in completed if r.total]
            if with_total:
                done = sum(r.number for r in with_total)
                due = sum(r.total or 0 for r in with_total)
            else:
                done = sum(r.number for r in completed)
                due = sum(r.number for r in refs)
            if due <= 0:
                continue
            point = points.setdefault(
                (council, year), CouncilCompletion(council, year, 0.0, 0.0, 0.0)
            )
            point.completed += done
            point.total += due
            for r in refs:
                point.by_role[r.role] = point.by_role.get(r.role, 0.0) + r.number
            point.counts += refs
            if doc.id not in point.documents:
                point.documents.append(doc.id)
    for point in points.values():
        point.percent = round(100 * point.completed / point.total, 1)
    return [points[k] for k in sorted(points)]


def council_of(doc: HasTaskCounts) -> str | None:
    """The council whose work a document's task counts report: its canonical issuer, else (a
    news article) the body its task counts name most often."""
    return doc.issuer or _counted_body(doc.task_counts)


def _counted_body(counts: Iterable[TaskCount]) -> str | None:
    """The council a document without an issuer (a news article) counts the work of: the body
    its task counts name most often, under its canonical issuer name ("Thường trực HĐND thành
    phố Hà Nội" for hnp_2019-12-03's "248/273 nội dung công việc")."""
    named = Counter(tc.body for tc in counts if tc.kind == "task" and tc.body)
    for body, _ in named.most_common():
        if (resolved := resolve_issuer(body)) is not None:
            return resolved.name
    return None


def _year(value: str | None) -> int | None:
    m = _YEAR.search(value or "")
    return int(m[0]) if m else None
