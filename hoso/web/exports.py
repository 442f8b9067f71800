"""Result lists as CSV: one row per search hit, task count or failure.

UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese correctly; a text cell
that starts like a formula (=, +, -, @) is prefixed with an apostrophe, so opening an export
never runs a formula planted in a document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote

from reports.facts import TaskCountRow

from core.records import Failure, SearchHit
from hoso.web.archive import Summary
from hoso.web.markup import plain_snippet

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

SEARCH_COLUMNS = (
    "id",
    "doc_number",
    "issuer",
    "session",
    "issued_date",
    "doc_type",
    "title",
    "link",
    "score",
    "path",
    "snippet",
)
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


def search_csv(hits: Iterable[SearchHit], cards: Mapping[str, Summary], base_url: str = "") -> str:
    """One row per hit: number, issuer, session, date, type, title (as its card shows them) and
    a link back to its page under `base_url`."""
    rows = []
    for h in hits:
        card = cards.get(h.id)
        rows.append(
            (
                h.id,
                card.doc_number if card else None,
                card.issuer if card else None,
                card.session if card else None,
                h.issued_date,
                h.doc_type,
                card.title if card else h.title,
                f"{base_url.rstrip('/')}/documents/{quote(h.id)}",
                h.score,
                h.path,
                " … ".join(plain_snippet(s) for s in h.snippets),
            )
        )
    return to_csv(SEARCH_COLUMNS, rows)


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
