"""Search results as CSV: one row per hit, in the format of `reports.exports` (byte-order mark,
no cell that starts a formula)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote

from core.records import SearchHit
from hoso.web.markup import plain_snippet
from reports.exports import to_csv
from reports.facts import Summary

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
