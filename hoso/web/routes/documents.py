"""The document page: metadata, text page by page, facts, references and similar documents."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from core.errors import UsageError
from core.records import Document, Reference
from hoso.web import i18n
from hoso.web.archive import number_key
from hoso.web.formatting import filesize
from hoso.web.markup import highlight
from hoso.web.originals import OriginalUnavailable, locate_original
from hoso.web.params import MAX_OFFSET, MAX_QUERY_CHARS, DocId, search_from_pairs
from hoso.web.readable import readable_reason
from hoso.web.routes.profiles import body_url, person_url
from hoso.web.site import Site, SiteDep

SIMILAR_SHOWN = 5

router = APIRouter(include_in_schema=False)


@router.get("/documents/{doc_id}")
async def document_page(
    request: Request,
    site: SiteDep,
    doc_id: DocId,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    hit: Annotated[int | None, Query(ge=0, le=MAX_OFFSET)] = None,
) -> Response:
    """The document; the search it was opened from (its parameters, `hit` its place in the
    results) gives the way back and the previous and next results."""
    doc, numbers = await site.worker.run(
        lambda a: (a.index.get_document(doc_id), a.document_by_number())
    )
    if doc is None:
        lang: str = request.state.lang
        raise HTTPException(404, i18n.translate(lang, "error.not_found", id=repr(doc_id)))
    search_pairs = [
        (k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "hit")
    ]
    neighbours = await _neighbours(site, search_pairs, hit)
    similar = await site.worker.run(lambda a: a.index.similar(doc_id, limit=SIMILAR_SHOWN))
    versions = await site.worker.run(lambda a: a.versions(doc_id))
    try:
        locate_original(doc, site.roots)
        download_problem = None
    except OriginalUnavailable as e:
        download_problem = readable_reason(str(e), request.state.lang)
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
        versions=versions,
        metadata_rows=metadata_rows(doc),
        file_rows=file_rows(doc, request.state.lang),
        back_url=_back_url(search_pairs, hit),
        search_query=urlencode(search_pairs),
        hit=hit,
        neighbours=neighbours,
        viewer=viewer_kind(doc) if download_problem is None else None,
    )


def _back_url(pairs: list[tuple[str, str]], hit: int | None) -> str:
    """The search page as it was left: every parameter, on the page that holds the hit."""
    if hit is not None:
        limit = next((int(v) for k, v in pairs if k == "limit" and v.isdigit() and v != "0"), 10)
        pairs = [(k, v) for k, v in pairs if k != "offset"] + [("offset", str(hit - hit % limit))]
        pairs = [(k, v) for k, v in pairs if not (k == "offset" and v == "0")]
    return "/" + ("?" + urlencode(pairs) if pairs else "")


async def _neighbours(
    site: Site, pairs: list[tuple[str, str]], hit: int | None
) -> tuple[str | None, str | None, int]:
    """(previous hit's id, next hit's id, total) of the search at `hit`; no search, no
    neighbours. A search that no longer parses gives none rather than an error."""
    if hit is None:
        return None, None, 0
    try:
        search = search_from_pairs(pairs)
    except (UsageError, ValueError):
        return None, None, 0
    start = max(hit - 1, 0)
    window = replace(search, offset=start, limit=3 if hit > 0 else 2)
    page = await site.worker.run(lambda a: a.search(window, chosen_facets=False))
    ids = [h.id for h in page.result.hits]
    before = ids[0] if hit > 0 and ids else None
    after_index = hit + 1 - start
    after = ids[after_index] if len(ids) > after_index else None
    return before, after, page.result.total


def viewer_kind(doc: Document) -> str | None:
    """How the original can be shown in the page: "pdf" (the browser's viewer), "image", or
    None (download only)."""
    name = (doc.path or "").lower()
    if doc.format == "pdf" or name.endswith(".pdf"):
        return "pdf"
    if name.endswith((".png", ".jpg", ".jpeg", ".gif", ".webp")):
        return "image"
    return None


def file_rows(doc: Document, lang: str) -> list[tuple[str, str]]:
    """The extractor's notes on the file as sentences ("ocr: embedded picture" → "the text was
    read by OCR from a picture pasted in the document")."""
    rows = []
    for key, value in doc.metadata.items():
        label = i18n.translate(lang, f"meta.{key}")
        text = i18n.translate(lang, f"meta.{key}.{value}")
        rows.append(
            (
                key if label == f"meta.{key}" else label,
                value if text == f"meta.{key}.{value}" else text,
            )
        )
    return rows


def metadata_rows(doc: Document) -> list[tuple[str, str, str | None]]:
    """(label key, value, link) for every metadata field the record has, in reading order; the
    issuer links to its page, the signer to theirs."""
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
            rows.append(
                (f"field.{name}", str(value), body_url(value) if name == "issuer" else None)
            )
    if doc.signer:
        signer = doc.signer.name + (f" ({doc.signer.role})" if doc.signer.role else "")
        rows.append(("field.signer", signer, person_url(doc.signer.name)))
    rows.append(("field.size", filesize(doc.size), None))
    if doc.pages:
        rows.append(("field.pages", str(len(doc.pages)), None))
    rows.append(("field.id", doc.id, None))
    rows.append(("field.sha256", doc.sha256, None))
    return rows


def linked_references(doc: Document, numbers: dict[str, str]) -> list[tuple[Reference, str | None]]:
    """Each reference with the id of the archived document that has its number, if any."""
    linked = []
    for ref in doc.references:
        target = numbers.get(number_key(ref.number)) if ref.number else None
        linked.append((ref, target if target != doc.id else None))
    return linked
