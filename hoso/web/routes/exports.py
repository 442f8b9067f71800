"""Downloads of whole result sets as CSV or JSON: search results, task counts, failures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from core.records import Failure
from hoso.web.exports import search_csv
from hoso.web.params import Ext, FactsParams, SearchParams
from hoso.web.site import SiteDep, attachment, download, json_response
from reports.exports import facts_csv, failures_csv

CSV = "text/csv; charset=utf-8"

router = APIRouter()


@router.get("/api/export/search.{ext}", tags=["export"])
async def export_search(
    request: Request, site: SiteDep, ext: Ext, search: SearchParams
) -> Response:
    """Every result of a search (up to 10 000) as CSV or JSON (a SearchResult). The CSV has the
    number, issuer, session, date, type and title of each and a link to its page."""
    result = await site.worker.run(lambda a: a.export(search))
    if ext == "csv":
        cards = await site.worker.run(lambda a: a.cards(result.hits))
        return download(
            search_csv(result.hits, cards, str(request.base_url)), CSV, "hoso-search.csv"
        )
    return attachment(json_response(result), "hoso-search.json")


@router.get("/api/export/facts.{ext}", tags=["export"])
async def export_facts(site: SiteDep, ext: Ext, facts: FactsParams) -> Response:
    """Every task count matching the filters as CSV or JSON (a FactsReport)."""
    report = await site.worker.run(lambda a: a.facts(facts, everything=True))
    if ext == "csv":
        return download(facts_csv(report.rows), CSV, "hoso-facts.csv")
    return attachment(json_response(report), "hoso-facts.json")


@router.get("/api/export/failures.{ext}", tags=["export"])
async def export_failures(site: SiteDep, ext: Ext) -> Response:
    """Every failed or skipped file with its reason, newest first, as CSV or JSON."""
    failures: list[Failure] = (await site.worker.run(lambda a: a.status())).failures
    if ext == "csv":
        return download(failures_csv(failures), CSV, "hoso-failures.csv")
    return attachment(json_response(failures), "hoso-failures.json")
