"""The document page: metadata, text page by page, facts, references and similar documents."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from hoso.records import Document, Reference
from hoso.web.archive import number_key
from hoso.web.formatting import filesize
from hoso.web.markup import highlight
from hoso.web.originals import OriginalUnavailable, locate_original
from hoso.web.params import MAX_QUERY_CHARS, DocId
from hoso.web.site import SiteDep

SIMILAR_SHOWN = 5

router = APIRouter(include_in_schema=False)


@router.get("/documents/{doc_id}")
async def document_page(
    request: Request,
    site: SiteDep,
    doc_id: DocId,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
) -> Response:
    doc, numbers = await site.worker.run(
        lambda a: (a.index.get_document(doc_id), a.document_by_number())
    )
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    similar = await site.worker.run(lambda a: a.index.similar(doc_id, limit=SIMILAR_SHOWN))
    try:
        locate_original(doc, site.roots)
        download_problem = None
    except OriginalUnavailable as e:
        download_problem = str(e)
    ocr_pages = [p.number for p in doc.pages if p.ocr]
    per_page = doc.format == "pdf" or len(doc.pages) > 1
    return site.render(
        request,
        "document.html",
        nav="search",
        doc=doc,
        q=q,
        marked=partial(highlight, query=q),
        download_problem=download_problem,
        ocr_pages=ocr_pages,
        per_page=per_page,
        references=linked_references(doc, numbers),
        similar=similar.hits,
        metadata_rows=metadata_rows(doc),
    )


def metadata_rows(doc: Document) -> list[tuple[str, str]]:
    """(label key, value) for every metadata field the record has, in reading order."""
    rows = []
    for name in (
        "doc_type",
        "doc_number",
        "issuer",
        "place",
        "issued_date",
        "session",
        "term",
        "published",
        "source",
        "author",
        "format",
    ):
        value = getattr(doc, name)
        if value:
            rows.append((f"field.{name}", str(value)))
    if doc.signer:
        signer = doc.signer.name + (f" ({doc.signer.role})" if doc.signer.role else "")
        rows.append(("field.signer", signer))
    rows.append(("field.size", filesize(doc.size)))
    if doc.pages:
        rows.append(("field.pages", str(len(doc.pages))))
    rows.append(("field.id", doc.id))
    rows.append(("field.sha256", doc.sha256))
    return rows


def linked_references(doc: Document, numbers: dict[str, str]) -> list[tuple[Reference, str | None]]:
    """Each reference with the id of the archived document that has its number, if any."""
    linked = []
    for ref in doc.references:
        target = numbers.get(number_key(ref.number)) if ref.number else None
        linked.append((ref, target if target != doc.id else None))
    return linked
