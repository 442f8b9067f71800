"""The facts page: task counts, completion by body and year."""

from __future__ import annotations

import math
from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hoso.web import i18n
from hoso.web.charts import completion_chart
from hoso.web.params import FactsParams
from hoso.web.site import SiteDep, export_query

router = APIRouter(include_in_schema=False)


@router.get("/facts")
async def facts_page(request: Request, site: SiteDep, facts: FactsParams) -> Response:
    if facts.limit == 0:
        facts = replace(facts, limit=50)
    report = await site.worker.run(lambda a: a.facts(facts))
    lang: str = request.state.lang
    return site.render(
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
        export_query=export_query(request),
    )
