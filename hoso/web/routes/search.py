"""The search page."""

from __future__ import annotations

import math
from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.records import Sort
from hoso.web.archive import fold_versions
from hoso.web.models import SEARCH_FILTERS, SearchRequest
from hoso.web.params import SearchParams
from hoso.web.site import SiteDep, export_query
from nlp.normalize import fold

PAGE_SIZES = (10, 20, 50, 100)

router = APIRouter(include_in_schema=False)


@router.get("/")
async def search_page(request: Request, site: SiteDep, search: SearchParams) -> Response:
    if search.limit == 0:
        search = replace(search, limit=PAGE_SIZES[0])
    page = await site.worker.run(lambda a: a.search(search))
    total = page.result.total
    cards = await site.worker.run(lambda a: a.cards(page.result.hits))
    folded, versions = await site.worker.run(lambda a: fold_versions(page.result.hits, a.versions))
    nearest = await site.worker.run(lambda a: a.nearest(search)) if total == 0 else None
    page_count = max(1, math.ceil(total / search.limit))
    return site.render(
        request,
        "search.html",
        nav="search",
        search=search,
        result=page.result,
        elapsed_ms=page.elapsed_ms,
        page_number=search.offset // search.limit + 1,
        page_count=page_count,
        cards=cards,
        folded=folded,
        nearest=nearest,
        versions=versions,
        back_query=urlencode(
            [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        ),
        past_end=total > 0 and search.offset >= total,
        last_offset=(page_count - 1) * search.limit,
        relaxed=relaxed_queries(search) if total == 0 else [],
        filters=active_filters(search),
        clear_changes=dict.fromkeys(
            [*SEARCH_FILTERS, *(f"not_{n}" for n in SEARCH_FILTERS), "date_from", "date_to"]
        ),
        page_sizes=sorted({*PAGE_SIZES, search.limit}),
        sorts=list(Sort),
        export_query=export_query(request),
    )


def active_filters(search: SearchRequest) -> list[tuple[str, str, str]]:
    """(parameter, filter name, value) of each value the search filters on or excludes."""
    chips = [(name, name, v) for name, values in search.filters.items() for v in values]
    chips += [(f"not_{name}", name, v) for name, values in search.excluded.items() for v in values]
    return chips


def relaxed_queries(search: SearchRequest) -> list[tuple[str, dict[str, object]]]:
    """Searches to try when nothing matched, as (i18n key, parameter changes): without
    diacritics, without "every word", any of the words."""
    tries: list[tuple[str, dict[str, object]]] = []
    folded = fold(search.q)
    if search.q and folded != search.q:
        tries.append(("empty.unaccented", {"q": folded}))
    if search.all_words:
        tries.append(("empty.not_all", {"all": None}))
    words = search.q.split()
    if len(words) > 1 and "OR" not in words and '"' not in search.q:
        tries.append(("empty.any_word", {"q": " OR ".join(words), "all": None}))
    return tries
