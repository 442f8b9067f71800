"""The JSON API: search, facets, documents, originals, facts and status."""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from core.records import Document, SearchResult, Status
from hoso.web.models import ApiError, BodyProfile, FactsReport, PersonProfile
from hoso.web.originals import (
    Original,
    check_unchanged,
    locate_original,
    read_member,
    render_page,
)
from hoso.web.params import DocId, FactsParams, Name, SearchParams
from hoso.web.site import SiteDep, content_disposition, json_response

router = APIRouter()


@router.get("/api/search", response_model=SearchResult, tags=["search"])
async def api_search(site: SiteDep, search: SearchParams) -> Response:
    """Ranked hits with snippets and facet counts (the `hoso search --json` contract). The
    time taken is in the `Server-Timing` header."""
    page = await site.worker.run(lambda a: a.search(search))
    return json_response(page.result, headers={"Server-Timing": f"search;dur={page.elapsed_ms}"})


@router.get("/api/facets", response_model=SearchResult, tags=["search"])
async def api_facets(site: SiteDep, search: SearchParams) -> Response:
    """Only the total and the facet counts of a search (no hits)."""
    page = await site.worker.run(lambda a: a.search(replace(search, limit=0, offset=0)))
    return json_response(page.result, headers={"Server-Timing": f"search;dur={page.elapsed_ms}"})


@router.get("/api/documents/{doc_id}", response_model=Document, tags=["documents"])
async def api_document(site: SiteDep, doc_id: DocId) -> Response:
    """The full record of one document (the `hoso show --json` contract)."""
    doc = await site.worker.run(lambda a: a.index.get_document(doc_id))
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return JSONResponse(doc.to_json_dict())


@router.get("/api/documents/{doc_id}/similar", response_model=SearchResult, tags=["documents"])
async def api_similar(
    site: SiteDep, doc_id: DocId, limit: Annotated[int, Query(ge=0, le=100)] = 10
) -> Response:
    """The documents most like this one (its most distinctive words), best first (the
    `hoso similar --json` contract)."""
    doc = await site.worker.run(lambda a: a.index.get_document(doc_id))
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    result = await site.worker.run(lambda a: a.index.similar(doc_id, limit=limit))
    return json_response(result)


@router.get(
    "/api/documents/{doc_id}/original",
    tags=["documents"],
    response_class=FileResponse,
    responses={403: {"model": ApiError}, 404: {"model": ApiError}, 409: {"model": ApiError}},
)
async def api_original(
    site: SiteDep,
    doc_id: DocId,
    path: Annotated[
        str | None,
        Query(max_length=4096, description="one of the document's paths (default: first)"),
    ] = None,
    inline: Annotated[
        bool, Query(description="to show in the page (a PDF or an image), not to download")
    ] = False,
) -> Response:
    """The original file, if it lies inside an archive root (HOSO_ARCHIVE_ROOTS) and still
    holds the ingested content."""
    doc = await site.worker.run(lambda a: a.index.get_document(doc_id))
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    original = locate_original(doc, site.roots, path)
    media_type = mimetypes.guess_type(original.filename)[0] or "application/octet-stream"
    shown = inline and (media_type == "application/pdf" or media_type.startswith("image/"))
    # Chromium refuses to draw a PDF in a sandboxed document, so a PDF shown in the page may
    # only be framed by this site instead; everything else stays sandboxed.
    policy = "frame-ancestors 'self'" if shown and media_type == "application/pdf" else "sandbox"
    if shown:
        data = await run_in_threadpool(_original_bytes, original, doc.sha256)
        return Response(
            data,
            media_type=media_type,
            headers={
                "Content-Security-Policy": policy,
                "Content-Disposition": content_disposition(original.filename, "inline"),
            },
        )
    if original.member is not None:
        data = await run_in_threadpool(read_member, original, doc.sha256)
        return Response(
            data,
            media_type=media_type,
            headers={
                "Content-Security-Policy": "sandbox",
                "Content-Disposition": content_disposition(original.filename),
            },
        )
    await run_in_threadpool(check_unchanged, original.real, doc.sha256)
    return FileResponse(
        original.real,
        media_type=media_type,
        filename=original.filename,
        headers={"Content-Security-Policy": "sandbox"},
    )


def _original_bytes(original: Original, sha256: str) -> bytes:
    if original.member is not None:
        return read_member(original, sha256)
    check_unchanged(original.real, sha256)
    return original.real.read_bytes()


@router.get(
    "/api/documents/{doc_id}/pages/{number}.jpg",
    tags=["documents"],
    response_class=Response,
    responses={404: {"model": ApiError}, 409: {"model": ApiError}},
)
async def api_page_image(
    site: SiteDep, doc_id: DocId, number: Annotated[int, PathParam(ge=1, le=100_000)]
) -> Response:
    """Page `number` of a PDF original as a JPEG image (to read a scan beside its OCR text)."""
    doc = await site.worker.run(lambda a: a.index.get_document(doc_id))
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    original = locate_original(doc, site.roots)
    data = await run_in_threadpool(render_page, original, doc.sha256, number)
    return Response(
        data,
        media_type="image/jpeg",
        headers={"Content-Security-Policy": "sandbox", "Cache-Control": "private, max-age=3600"},
    )


@router.get("/api/facts", response_model=FactsReport, tags=["facts"])
async def api_facts(site: SiteDep, facts: FactsParams) -> Response:
    """Task counts across the archive: one page of rows, the completion by body and year, and
    facet counts."""
    return json_response(await site.worker.run(lambda a: a.facts(facts)))


@router.get(
    "/api/bodies/{name}",
    response_model=BodyProfile,
    tags=["facts"],
    responses={404: {"model": ApiError}},
)
async def api_body(site: SiteDep, name: Name) -> Response:
    """A council or body: how many documents it issued (the newest of them) and how many
    mention it, the people, sessions, types and years of its documents, its completion by year."""
    profile = await site.worker.run(lambda a: a.body_profile(name))
    if not profile.known:
        raise HTTPException(404, f"no document was issued by or mentions {name!r}")
    return json_response(profile)


@router.get(
    "/api/people/{name}",
    response_model=PersonProfile,
    tags=["facts"],
    responses={404: {"model": ApiError}},
)
async def api_person(site: SiteDep, name: Name) -> Response:
    """A person: the documents that name them or that they signed (the newest of them), their
    titles there and the bodies that issued those documents."""
    profile = await site.worker.run(lambda a: a.person_profile(name))
    if not profile.total:
        raise HTTPException(404, f"no document names {name!r}")
    return json_response(profile)


@router.get("/api/status", response_model=Status, tags=["status"])
async def api_status(site: SiteDep) -> Response:
    """Counts of files by state, the number of documents, failures newest first."""
    return json_response(await site.worker.run(lambda a: a.status()))
