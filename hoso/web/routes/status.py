"""The status page: files by state and the failures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hoso.web.site import SiteDep

STATUS_FAILURES_SHOWN = 100

router = APIRouter(include_in_schema=False)


@router.get("/status")
async def status_page(request: Request, site: SiteDep) -> Response:
    report = await site.worker.run(lambda a: a.status())
    return site.render(
        request,
        "status.html",
        nav="status",
        report=report,
        failures=report.failures[:STATUS_FAILURES_SHOWN],
    )
