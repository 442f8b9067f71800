"""One document in several forms (a DOCX draft and the signed scan, a scan and its transcript):
what the forms share, and how a page of hits folds them into one result."""

from __future__ import annotations

import dataclasses

from factories import make_doc

from core.records import SearchHit
from hoso.web.archive import fold_versions, versions_of
from reports.facts import Summary, summarize

TITLE = "Về chương trình giám sát của Hội đồng nhân dân tỉnh năm 2018"


def form(text: str, fmt: str, **fields: object) -> Summary:
    fields = {"title": TITLE, "issuer": "HĐND tỉnh Hà Giang", **fields}
    return summarize(dataclasses.replace(make_doc(text, fmt=fmt), **fields))


def test_forms_share_the_number_issuer_and_year() -> None:
    number = {"doc_number_normalized": "94/2017/NQ-HĐND", "issued_date": "2017-12-08"}
    scan = form("bản quét", "pdf", **number)
    draft = form("bản dự thảo", "docx", **{**number, "title": "Nghị quyết"})
    other_year = form("năm sau", "pdf", **{**number, "issued_date": "2018-12-08"})
    other_issuer = form("huyện", "pdf", **{**number, "issuer": "HĐND huyện Vị Xuyên"})
    found = versions_of([scan, draft, other_year, other_issuer])
    assert found == {scan.id: (draft.id,), draft.id: (scan.id,)}


def test_without_a_number_a_title_of_its_own_with_issuer_and_date() -> None:
    scan, transcript = form("bản quét", "pdf"), form("bản chép", "text")
    short = [form(t, "pdf", title="Nghị quyết") for t in ("một", "hai")]  # names a kind only
    dated = form("có ngày", "pdf", issued_date="2018-01-02")
    found = versions_of([scan, transcript, *short, dated])
    assert found == {scan.id: (transcript.id,), transcript.id: (scan.id,)}


def test_a_page_folds_the_other_forms_into_the_best_hit() -> None:
    a, b, c = form("a", "pdf"), form("b", "text"), form("c", "docx", title="Một văn bản khác hẳn")
    forms = {a.id: [b], b.id: [a]}
    hits = [SearchHit(x.id, None, x.title, None, None, 1.0) for x in (b, c, a)]
    folded, versions = fold_versions(hits, lambda i: forms.get(i, []))
    assert folded == {a.id}
    assert versions == {b.id: [a]}
