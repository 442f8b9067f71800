"""Completion by council and year (reports.completion): task counts of kind task only, by the
canonical issuer, each point with the counts and documents behind it."""

from __future__ import annotations

import dataclasses

from factories import make_doc

from core.records import Document, TaskCount
from reports.completion import completion_by_council


def _doc(issuer: str | None, date: str, *counts: TaskCount) -> Document:
    doc = make_doc(f"{issuer} {date} {len(counts)}", issued_date=date)
    return dataclasses.replace(doc, issuer=issuer, task_counts=list(counts))


def _count(role: str, number: float, total: float | None = None, kind: str = "task") -> TaskCount:
    return TaskCount(number=number, unit="nhiệm vụ", role=role, sentence=f"{role} {number}",
                     total=total, kind=kind)  # fmt: skip


def test_completion_uses_the_stated_total() -> None:
    # "đã hoàn thành 248/273 (bằng 90,8%) nội dung công việc"
    doc = _doc("HĐND tỉnh Đắk Nông", "2019-07-10", _count("completed", 248, 273))
    [point] = completion_by_council([doc])
    assert (point.council, point.year, point.completed, point.total) == (
        "HĐND tỉnh Đắk Nông", 2019, 248, 273
    )  # fmt: skip
    assert point.percent == 90.8 and point.documents == [doc.id]
    assert [c.id for c in point.counts] == [f"{doc.id}#0"]


def test_without_a_total_the_roles_add_up_to_what_was_due() -> None:
    doc = _doc(
        "HĐND huyện Krông Nô",
        "2019-06-07",
        _count("completed", 8),
        _count("in_progress", 1),
        _count("not_completed", 1),
        _count("completed", 40, kind="indicator"),  # a target met, not work done
    )
    [point] = completion_by_council([doc])
    assert (point.completed, point.total, point.percent) == (8, 10, 80.0)
    assert point.by_role == {"completed": 8, "in_progress": 1, "not_completed": 1}
    assert len(point.counts) == 3


def test_one_point_per_council_and_year_and_none_without_an_issuer() -> None:
    a = _doc("HĐND tỉnh Đắk Nông", "2019-07-10", _count("completed", 9, 10))
    b = _doc("HĐND tỉnh Đắk Nông", "2019-12-10", _count("completed", 1, 10))
    c = _doc(None, "2019-12-10", _count("completed", 5, 10))  # junk letterhead: no issuer
    d = _doc("HĐND tỉnh Đắk Nông", "2020-12-10", _count("in_progress", 3))  # nothing completed
    [point] = completion_by_council([a, b, c, d])
    assert (point.completed, point.total, point.percent) == (10, 20, 50.0)
    assert point.documents == [a.id, b.id]


def test_the_same_figure_in_two_copies_counts_once() -> None:
    scan = _doc("HĐND tỉnh Đắk Nông", "2019-07-10", _count("completed", 9, 10))
    transcript = dataclasses.replace(scan, id="transcript")
    [point] = completion_by_council([scan, transcript])
    assert (point.completed, point.total, point.documents) == (9, 10, [scan.id])
