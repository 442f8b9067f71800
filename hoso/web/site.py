"""What every route shares: the index worker, the templates and the ways of answering.

One `Site` per app (`request.app.state.site`, a dependency of every route through `SiteDep`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from core.records import to_json_dict
from core.settings import Settings
from hoso.web import formatting, i18n
from hoso.web.archive import Archive
from hoso.web.markup import safe_snippet
from hoso.web.models import ApiError
from hoso.web.readable import readable_reason
from index.base import Index

T = TypeVar("T")
HERE = Path(__file__).resolve().parent


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


class Site:
    """The app's shared parts: the worker on the archive, the archive roots, the login token
    (None: open) and the page templates."""

    def __init__(self, settings: Settings, index: Index | None, token: str | None) -> None:
        self.settings = settings
        self.token = token
        self.roots = settings.archive_root_paths
        self.worker = IndexWorker(settings, index)
        self.templates = Jinja2Templates(directory=HERE / "templates")
        env = self.templates.env
        env.globals["label"] = formatting.label
        env.globals["readable"] = readable_reason
        env.filters["snippet"] = safe_snippet
        env.filters["filesize"] = formatting.filesize
        env.filters["number"] = formatting.number
        env.filters["date"] = formatting.date

    def render(
        self, request: Request, name: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        """The page `name` in the request's language, with links that keep its parameters."""
        lang: str = request.state.lang
        other = "en" if lang == "vi" else "vi"
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        context.update(
            t=partial(i18n.translate, lang),
            lang=lang,
            switch_url=request.url.path + "?" + urlencode([*params, ("lang", other)]),
            login_enabled=self.token is not None,
            link=partial(formatting.link, request.url.path, params),
            path=request.url.path,
        )
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def error_response(self, request: Request, status: int, message: str) -> Response:
        """The error as JSON under /api, as a page elsewhere."""
        if is_api(request):
            return json_response(ApiError(message, status), status)
        return self.render(request, "error.html", status, status=status, message=message)


def site(request: Request) -> Site:
    """The app's `Site` (a dependency: it adds no parameter)."""
    found: Site = request.app.state.site
    return found


SiteDep = Annotated[Site, Depends(site)]


# -- responses ------------------------------------------------------------------------------------
def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    """`data` (a data-model value) serialized with `to_json_dict`."""
    return JSONResponse(to_json_dict(data), status_code=status, headers=headers)


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def message_language(request: Request) -> str:
    """The language of an error message: the page's; English in the API unless asked."""
    if is_api(request) and not (
        request.query_params.get("lang") in i18n.LANGUAGES
        or request.cookies.get(i18n.COOKIE) in i18n.LANGUAGES
    ):
        return "en"
    lang: str = request.state.lang
    return lang


def download(body: str, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def attachment(response: Response, filename: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def content_disposition(filename: str, kind: str = "attachment") -> str:
    """A Content-Disposition header for a download (or, `kind` "inline", a file shown in the
    page) named `filename` (RFC 6266, as Starlette's FileResponse writes it: non-ASCII names
    percent-encoded in `filename*`)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"{kind}; filename*=utf-8''{quoted}"
    return f'{kind}; filename="{filename}"'


def export_query(request: Request) -> str:
    """The request's parameters for an export link (no language, no page)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "offset")]
    return urlencode(params)
