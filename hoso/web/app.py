"""The web application: search, document, facts and status pages, and the JSON API behind them.

`create_app(settings, index=None)` builds it on the configured backend (or on `index`);
`hoso serve` runs it with uvicorn. The routes live in `hoso.web.routes`, one module per group of
pages (the table is in its docstring). Pages and API parse the same parameters
(`hoso.web.params`) into the same requests (`hoso.web.models`) and answer from the same
`Archive`; every JSON body is a `core.records` or `hoso.web.models` dataclass serialized with
`to_json_dict`.

Errors are JSON under /api (`ApiError`: a message and a 4xx status; 503 when the backend is
down) and an HTML page elsewhere; a traceback is only ever written to the server's log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from core.errors import BackendError, HosoError, UsageError
from core.settings import Settings
from hoso.web import auth, i18n
from hoso.web.models import ApiError
from hoso.web.originals import OriginalUnavailable
from hoso.web.params import InvalidParameter, invalid_parameter
from hoso.web.routes import ROUTERS
from hoso.web.site import HERE, Site, is_api, json_response, message_language
from index.base import Index

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


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
    site = Site(settings, index, auth.required_token(settings.api_token, host, no_token))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        await asyncio.get_running_loop().run_in_executor(None, site.worker.close)

    app = FastAPI(
        title="hoso",
        summary="Search the archives of Vietnamese People's Councils (HĐND).",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.site = site
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handle_errors(app, site)
    app.middleware("http")(_guard(site))
    for router in ROUTERS:
        app.include_router(router)
    return app


def _handle_errors(app: FastAPI, site: Site) -> None:
    """Every error answered as JSON under /api and as a page elsewhere."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        response = site.error_response(request, error.status_code, str(error.detail))
        for key, value in (error.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        return await parameter_error(request, invalid_parameter(error.errors()))

    @app.exception_handler(InvalidParameter)
    async def parameter_error(request: Request, error: InvalidParameter) -> Response:
        lang = message_language(request)
        return site.error_response(request, 400, error.message(lang, page=not is_api(request)))

    @app.exception_handler(OriginalUnavailable)
    async def original_error(request: Request, error: OriginalUnavailable) -> Response:
        return site.error_response(request, error.status, str(error))

    @app.exception_handler(HosoError)
    async def hoso_error(request: Request, error: HosoError) -> Response:
        lang = message_language(request)
        if isinstance(error, BackendError):
            log.warning("index unavailable on %s: %s", request.url.path, error)
            if is_api(request):
                return site.error_response(request, 503, f"the index is unavailable: {error}")
            return site.error_response(request, 503, i18n.translate(lang, "error.backend"))
        status = 400 if isinstance(error, UsageError) else 422
        return site.error_response(request, status, str(error))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        kind = type(error).__name__
        if is_api(request):
            message = f"internal error: {kind} (details in the server log)"
        else:
            message = i18n.translate(message_language(request), "error.internal", kind=kind)
        return site.error_response(request, 500, message)


def _guard(
    site: Site,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The middleware every request passes: its language, the token, the security headers."""
    token = site.token

    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        asked = request.query_params.get("lang")
        request.state.lang = i18n.pick_language(asked, request.cookies.get(i18n.COOKIE))
        if (
            token is not None
            and not auth.is_public(request.url.path)
            and not auth.is_authorized(
                token, request.headers.get("authorization"), request.cookies.get(auth.COOKIE)
            )
        ):
            if is_api(request) or request.method != "GET":
                return json_response(
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
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

    return guard
