"""CSV exports of the task counts and the failures, shared by `hoso facts export` and the web app.

UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese correctly; a text cell
that starts like a formula (=, +, -, @) is prefixed with an apostrophe, so opening an export
never runs a formula planted in a document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from core.records import Failure
from reports.facts import TaskCountRow

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FACTS_COLUMNS = (
    "doc_id",
    "title",
    "doc_type",
    "issued_date",
    "body",
    "year",
    "role",
    "kind",
    "number",
    "total",
    "percent",
    "unit",
    "period",
    "sentence",
)
FAILURE_COLUMNS = ("path", "status", "error")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def facts_csv(rows: Iterable[TaskCountRow]) -> str:
    return to_csv(
        FACTS_COLUMNS,
        (
            (
                r.doc_id,
                r.title,
                r.doc_type,
                r.issued_date,
                r.body,
                r.year,
                r.task_count.role,
                r.task_count.kind,
                r.task_count.number,
                r.task_count.total,
                r.task_count.percent,
                r.task_count.unit,
                r.task_count.period,
                r.task_count.sentence,
            )
            for r in rows
        ),
    )


def failures_csv(failures: Iterable[Failure]) -> str:
    return to_csv(FAILURE_COLUMNS, ((f.path, f.status.value, f.error) for f in failures))
