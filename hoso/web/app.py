"""The web application: search, document, facts and status pages, and the JSON API behind them.

`create_app(settings, index=None)` builds it on the configured backend (or on `index`);
`hoso serve` runs it with uvicorn. Pages and API parse the same parameters into the same
requests (`hoso.web.models`) and answer from the same `Archive`; every JSON body is a
`hoso.records` or `hoso.web.models` dataclass serialized with `to_json_dict`.

Errors are JSON under /api (`ApiError`: a message and a 4xx status; 503 when the backend is
down) and an HTML page elsewhere; a traceback is only ever written to the server's log.
"""

from __future__ import annotations

import asyncio
import logging
import math
import mimetypes
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qs, quote, urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from hoso.errors import BackendError, HosoError, UsageError
from hoso.records import Document, Failure, Reference, SearchResult, Sort, Status, to_json_dict
from hoso.settings import Settings
from hoso.web import auth, i18n
from hoso.web.archive import Archive, number_key
from hoso.web.charts import completion_chart
from hoso.web.exports import facts_csv, failures_csv, search_csv
from hoso.web.markup import highlight, safe_snippet
from hoso.web.models import ApiError, FactsReport, FactsRequest, SearchRequest
from hoso.web.originals import (
    OriginalUnavailable,
    check_unchanged,
    locate_original,
    read_member,
)
from index.base import Index

log = logging.getLogger(__name__)
T = TypeVar("T")
HERE = Path(__file__).resolve().parent

# Parameter bounds: generous for people, small enough that no request is expensive by accident.
MAX_QUERY_CHARS = 20_000
MAX_VALUE_CHARS = 1_000
MAX_OFFSET = 100_000
PAGE_SIZES = (10, 20, 50, 100)
STATUS_FAILURES_SHOWN = 100
SIMILAR_SHOWN = 5
_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


class IndexWorker:
    """Runs every call on the archive in one thread: an embedded index's SQLite connection may
    only be used by the thread that opened it, and the Archive's caches then need no lock."""

    def __init__(self, settings: Settings, index: Index | None) -> None:
        self._settings = settings
        self._index = index
        self._owns_index = index is None
        self._archive: Archive | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hoso-index")

    def _archive_here(self) -> Archive:
        if self._archive is None:
            if self._index is None:
                from index import open_index

                self._index = open_index(self._settings)
            self._archive = Archive(self._index)
        return self._archive

    async def run(self, call: Callable[[Archive], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: call(self._archive_here()))

    def close(self) -> None:
        """Close an index this worker opened (a later call opens it again)."""

        def close_here() -> None:
            if self._owns_index and self._index is not None:
                self._index.close()
                self._index = None
            self._archive = None

        self._executor.submit(close_here).result()


# -- request parameters ---------------------------------------------------------------------------
def _text(value: str | None) -> str | None:
    """A filter value: None when absent or blank (HTML forms send empty fields)."""
    return value if value not in (None, "") else None


Value = Annotated[str | None, Query(max_length=MAX_VALUE_CHARS)]
DateParam = Annotated[
    str | None,
    Query(max_length=10, pattern=_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive"),
]


def search_request(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description="query language (README)")
    ] = "",
    doc_type: Value = None,
    format: Value = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    issuer: Value = None,
    body: Value = None,
    session: Value = None,
    term: Value = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    sort: Sort = Sort.RELEVANCE,
    limit: Annotated[int, Query(ge=0, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    all: Annotated[bool, Query(description="every word must occur, not only most of them")] = False,
    explain: Annotated[
        bool, Query(description="each hit says which words, phrases and fields matched")
    ] = False,
) -> SearchRequest:
    """The search parameters of the search page, /api/search, /api/facets and the export."""
    return SearchRequest(
        q=q,
        doc_type=_text(doc_type),
        format=_text(format),
        year=year,
        issuer=_text(issuer),
        body=_text(body),
        session=_text(session),
        term=_text(term),
        date_from=_text(date_from),
        date_to=_text(date_to),
        sort=sort,
        limit=limit,
        offset=offset,
        all_words=all,
        explain=explain,
    )


def facts_request(
    body: Value = None,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    role: Value = None,
    kind: Value = None,
    doc_type: Value = None,
    min_percent: Annotated[
        float | None, Query(ge=0, le=1000, description="completion at least this percent")
    ] = None,
    max_percent: Annotated[
        float | None, Query(ge=0, le=1000, description="completion at most this percent")
    ] = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> FactsRequest:
    """The filters of the facts page, /api/facts and its export. `max_percent=80` finds the
    counts reporting completion under 80%."""
    return FactsRequest(
        body=_text(body),
        year=year,
        role=_text(role),
        kind=_text(kind),
        doc_type=_text(doc_type),
        min_percent=min_percent,
        max_percent=max_percent,
        limit=limit,
        offset=offset,
    )


SearchParams = Annotated[SearchRequest, Depends(search_request)]
FactsParams = Annotated[FactsRequest, Depends(facts_request)]
DocId = Annotated[str, PathParam(max_length=64, description="document id (`hoso list`)")]
Ext = Literal["csv", "json"]


# -- responses ------------------------------------------------------------------------------------
def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(to_json_dict(data), status_code=status, headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _download(body: str, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _content_disposition(filename: str) -> str:
    """A Content-Disposition header for a download named `filename` (RFC 6266, as Starlette's
    FileResponse writes it: non-ASCII names percent-encoded in `filename*`)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"attachment; filename*=utf-8''{quoted}"
    return f'attachment; filename="{filename}"'


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "invalid parameter — " + "; ".join(parts)


def create_app(
    settings: Settings,
    index: Index | None = None,
    *,
    host: str = "127.0.0.1",
    no_token: bool = False,
) -> FastAPI:
    """The web application on `index`, or on the backend `settings` select (opened on first use).

    `host` is the address it will listen on: beyond localhost a token (settings.api_token) is
    required unless `no_token`; raises UsageError when one is missing.
    """
    token = auth.required_token(settings.api_token, host, no_token)
    roots = settings.archive_root_paths
    worker = IndexWorker(settings, index)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        await asyncio.get_running_loop().run_in_executor(None, worker.close)

    app = FastAPI(
        title="hoso",
        summary="Search the archives of Vietnamese People's Councils (HĐND).",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.worker = worker
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["label"] = _label
    templates.env.filters["snippet"] = safe_snippet
    templates.env.filters["filesize"] = _filesize
    templates.env.filters["number"] = _number
    templates.env.filters["date"] = _date

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        lang: str = request.state.lang
        other = "en" if lang == "vi" else "vi"
        params = {k: v for k, v in request.query_params.items() if k != "lang"}
        context.update(
            t=partial(i18n.translate, lang),
            lang=lang,
            switch_url=request.url.path + "?" + urlencode({**params, "lang": other}),
            login_enabled=token is not None,
            link=partial(_link, request.url.path, params),
            path=request.url.path,
        )
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def error_response(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return _json(ApiError(message, status), status)
        return render(request, "error.html", status, status=status, message=message)

    # -- errors --------------------------------------------------------------------------------
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        response = error_response(request, error.status_code, str(error.detail))
        for key, value in (error.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(error))

    @app.exception_handler(OriginalUnavailable)
    async def original_error(request: Request, error: OriginalUnavailable) -> Response:
        return error_response(request, error.status, str(error))

    @app.exception_handler(HosoError)
    async def hoso_error(request: Request, error: HosoError) -> Response:
        if isinstance(error, BackendError):
            return error_response(request, 503, f"the index is unavailable: {error}")
        status = 400 if isinstance(error, UsageError) else 422
        return error_response(request, status, str(error))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(
            request, 500, f"internal error: {type(error).__name__} (details in the server log)"
        )

    # -- every request: language, token, headers -----------------------------------------------
    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Any:
        asked = request.query_params.get("lang")
        request.state.lang = i18n.pick_language(asked, request.cookies.get(i18n.COOKIE))
        if (
            token is not None
            and not auth.is_public(request.url.path)
            and not auth.is_authorized(
                token, request.headers.get("authorization"), request.cookies.get(auth.COOKIE)
            )
        ):
            if _is_api(request) or request.method != "GET":
                return _json(
                    ApiError("a token is required: send Authorization: Bearer <token>", 401),
                    401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        response = await call_next(request)
        if asked in i18n.LANGUAGES:
            response.set_cookie(i18n.COOKIE, asked, max_age=365 * 86400, samesite="lax")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        return response

    # -- login ---------------------------------------------------------------------------------
    @app.get("/login", include_in_schema=False)
    async def login_page(request: Request, next: str = "/") -> Response:
        if token is None:
            return RedirectResponse(auth.safe_next(next), status_code=303)
        return render(request, "login.html", next=auth.safe_next(next), wrong=False)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        if token is None:
            return RedirectResponse("/", status_code=303)
        raw = await request.body()
        form = parse_qs(raw[:8192].decode("utf-8", "replace"))
        given = (form.get("token") or [""])[0]
        target = auth.safe_next((form.get("next") or ["/"])[0])
        if not auth.is_authorized(token, f"Bearer {given}", None):
            return render(request, "login.html", 401, next=target, wrong=True)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            auth.COOKIE,
            auth.login_cookie(token),
            max_age=30 * 86400,
            httponly=True,
            samesite="strict",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(auth.COOKIE)
        return response

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    async def search_page(request: Request, search: SearchParams) -> Response:
        if search.limit == 0:
            search = replace(search, limit=PAGE_SIZES[0])
        page = await worker.run(lambda a: a.search(search))
        total = page.result.total
        return render(
            request,
            "search.html",
            nav="search",
            search=search,
            result=page.result,
            elapsed_ms=page.elapsed_ms,
            page_number=search.offset // search.limit + 1,
            page_count=max(1, math.ceil(total / search.limit)),
            page_sizes=sorted({*PAGE_SIZES, search.limit}),
            sorts=list(Sort),
            export_query=_export_query(request),
        )

    @app.get("/documents/{doc_id}", include_in_schema=False)
    async def document_page(
        request: Request,
        doc_id: DocId,
        q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    ) -> Response:
        doc, numbers = await worker.run(
            lambda a: (a.index.get_document(doc_id), a.document_by_number())
        )
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        similar = await worker.run(lambda a: a.index.similar(doc_id, limit=SIMILAR_SHOWN))
        try:
            locate_original(doc, roots)
            download_problem = None
        except OriginalUnavailable as e:
            download_problem = str(e)
        ocr_pages = [p.number for p in doc.pages if p.ocr]
        per_page = doc.format == "pdf" or len(doc.pages) > 1
        return render(
            request,
            "document.html",
            nav="search",
            doc=doc,
            q=q,
            marked=partial(highlight, query=q),
            download_problem=download_problem,
            ocr_pages=ocr_pages,
            per_page=per_page,
            references=_linked_references(doc, numbers),
            similar=similar.hits,
            metadata_rows=_metadata_rows(doc),
        )

    @app.get("/facts", include_in_schema=False)
    async def facts_page(request: Request, facts: FactsParams) -> Response:
        if facts.limit == 0:
            facts = replace(facts, limit=50)
        report = await worker.run(lambda a: a.facts(facts))
        lang: str = request.state.lang
        return render(
            request,
            "facts.html",
            nav="facts",
            facts=facts,
            report=report,
            chart=completion_chart(
                report.completion,
                i18n.translate(lang, "facts.chart"),
                unknown=i18n.translate(lang, "facts.no_body"),
            ),
            page_number=facts.offset // facts.limit + 1,
            page_count=max(1, math.ceil(report.total / facts.limit)),
            export_query=_export_query(request),
        )

    @app.get("/status", include_in_schema=False)
    async def status_page(request: Request) -> Response:
        report = await worker.run(lambda a: a.status())
        return render(
            request,
            "status.html",
            nav="status",
            report=report,
            failures=report.failures[:STATUS_FAILURES_SHOWN],
        )

    # -- API -----------------------------------------------------------------------------------
    @app.get("/api/search", response_model=SearchResult, tags=["search"])
    async def api_search(search: SearchParams) -> Response:
        """Ranked hits with snippets and facet counts (the `hoso search --json` contract). The
        time taken is in the `Server-Timing` header."""
        page = await worker.run(lambda a: a.search(search))
        return _json(page.result, headers={"Server-Timing": f"search;dur={page.elapsed_ms}"})

    @app.get("/api/facets", response_model=SearchResult, tags=["search"])
    async def api_facets(search: SearchParams) -> Response:
        """Only the total and the facet counts of a search (no hits)."""
        page = await worker.run(lambda a: a.search(replace(search, limit=0, offset=0)))
        return _json(page.result, headers={"Server-Timing": f"search;dur={page.elapsed_ms}"})

    @app.get("/api/documents/{doc_id}", response_model=Document, tags=["documents"])
    async def api_document(doc_id: DocId) -> Response:
        """The full record of one document (the `hoso show --json` contract)."""
        doc = await worker.run(lambda a: a.index.get_document(doc_id))
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        return JSONResponse(doc.to_json_dict())

    @app.get("/api/documents/{doc_id}/similar", response_model=SearchResult, tags=["documents"])
    async def api_similar(
        doc_id: DocId, limit: Annotated[int, Query(ge=0, le=100)] = 10
    ) -> Response:
        """The documents most like this one (its most distinctive words), best first (the
        `hoso similar --json` contract)."""
        doc = await worker.run(lambda a: a.index.get_document(doc_id))
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        result = await worker.run(lambda a: a.index.similar(doc_id, limit=limit))
        return _json(result)

    @app.get(
        "/api/documents/{doc_id}/original",
        tags=["documents"],
        response_class=FileResponse,
        responses={403: {"model": ApiError}, 404: {"model": ApiError}, 409: {"model": ApiError}},
    )
    async def api_original(
        doc_id: DocId,
        path: Annotated[
            str | None,
            Query(max_length=4096, description="one of the document's paths (default: first)"),
        ] = None,
    ) -> Response:
        """The original file, if it lies inside an archive root (HOSO_ARCHIVE_ROOTS) and still
        holds the ingested content."""
        doc = await worker.run(lambda a: a.index.get_document(doc_id))
        if doc is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        original = locate_original(doc, roots, path)
        media_type = mimetypes.guess_type(original.filename)[0] or "application/octet-stream"
        if original.member is not None:
            data = await run_in_threadpool(read_member, original, doc.sha256)
            return Response(
                data,
                media_type=media_type,
                headers={
                    "Content-Security-Policy": "sandbox",
                    "Content-Disposition": _content_disposition(original.filename),
                },
            )
        await run_in_threadpool(check_unchanged, original.real, doc.sha256)
        return FileResponse(
            original.real,
            media_type=media_type,
            filename=original.filename,
            headers={"Content-Security-Policy": "sandbox"},
        )

    @app.get("/api/facts", response_model=FactsReport, tags=["facts"])
    async def api_facts(facts: FactsParams) -> Response:
        """Task counts across the archive: one page of rows, the completion by body and year, and
        facet counts."""
        return _json(await worker.run(lambda a: a.facts(facts)))

    @app.get("/api/status", response_model=Status, tags=["status"])
    async def api_status() -> Response:
        """Counts of files by state, the number of documents, failures newest first."""
        return _json(await worker.run(lambda a: a.status()))

    @app.get("/api/export/search.{ext}", tags=["export"])
    async def export_search(ext: Ext, search: SearchParams) -> Response:
        """Every result of a search (up to 10 000) as CSV or JSON (a SearchResult)."""
        result = await worker.run(lambda a: a.export(search))
        if ext == "csv":
            return _download(search_csv(result.hits), "text/csv; charset=utf-8", "hoso-search.csv")
        return _attachment(_json(result), "hoso-search.json")

    @app.get("/api/export/facts.{ext}", tags=["export"])
    async def export_facts(ext: Ext, facts: FactsParams) -> Response:
        """Every task count matching the filters as CSV or JSON (a FactsReport)."""
        report = await worker.run(lambda a: a.facts(facts, everything=True))
        if ext == "csv":
            return _download(facts_csv(report.rows), "text/csv; charset=utf-8", "hoso-facts.csv")
        return _attachment(_json(report), "hoso-facts.json")

    @app.get("/api/export/failures.{ext}", tags=["export"])
    async def export_failures(ext: Ext) -> Response:
        """Every failed or skipped file with its reason, newest first, as CSV or JSON."""
        failures: list[Failure] = (await worker.run(lambda a: a.status())).failures
        if ext == "csv":
            return _download(failures_csv(failures), "text/csv; charset=utf-8", "hoso-failures.csv")
        return _attachment(_json(failures), "hoso-failures.json")

    return app


def _attachment(response: Response, filename: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _link(path: str, params: dict[str, str], **changes: object) -> str:
    """A link to `path` with the current parameters changed (None removes one). Any change but
    of `offset` itself starts again at the first page."""
    merged = dict(params)
    if "offset" not in changes:
        merged.pop("offset", None)
    for key, value in changes.items():
        if value is None or value == "":
            merged.pop(key, None)
        else:
            merged[key] = str(value)
    return path + ("?" + urlencode(merged) if merged else "")


def _export_query(request: Request) -> str:
    params = {k: v for k, v in request.query_params.items() if k not in ("lang", "offset")}
    return urlencode(params)


def _label(t: Callable[[str], str], kind: str, value: str) -> str:
    """The page's word for a code ("role", "completed" → "đã hoàn thành"), else the code."""
    key = f"{kind}.{value}"
    text = t(key)
    return value if text == key else text


def _date(value: str | None, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """An ISO date (or date-time) as the page's language writes it: "2025-06-27" → "27/06/2025",
    "2020-11" → "11/2020", "2019-12-03T09:39" → "03/12/2019 09:39" in Vietnamese; ISO in English."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4}(?:-\d{2}){0,2})(?:[T ](\d{2}:\d{2}))?.*", value)
    if lang != "vi" or m is None:
        return value
    day = "/".join(reversed(m.group(1).split("-")))
    return f"{day} {m.group(2)}" if m.group(2) else day


def _filesize(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _number(value: float | None, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A count as the page's language writes it: "1.250" and "90,8" in Vietnamese."""
    if value is None:
        return ""
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _metadata_rows(doc: Document) -> list[tuple[str, str]]:
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
    rows.append(("field.size", _filesize(doc.size)))
    if doc.pages:
        rows.append(("field.pages", str(len(doc.pages))))
    rows.append(("field.id", doc.id))
    rows.append(("field.sha256", doc.sha256))
    return rows


def _linked_references(
    doc: Document, numbers: dict[str, str]
) -> list[tuple[Reference, str | None]]:
    """Each reference with the id of the archived document that has its number, if any."""
    linked = []
    for ref in doc.references:
        target = numbers.get(number_key(ref.number)) if ref.number else None
        linked.append((ref, target if target != doc.id else None))
    return linked
