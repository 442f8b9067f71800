"""The search page."""

from __future__ import annotations

import math
from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hoso.records import Sort
from hoso.web.params import SearchParams
from hoso.web.site import SiteDep, export_query

PAGE_SIZES = (10, 20, 50, 100)

router = APIRouter(include_in_schema=False)


@router.get("/")
async def search_page(request: Request, site: SiteDep, search: SearchParams) -> Response:
    if search.limit == 0:
        search = replace(search, limit=PAGE_SIZES[0])
    page = await site.worker.run(lambda a: a.search(search))
    total = page.result.total
    return site.render(
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
        export_query=export_query(request),
    )
