"""The pages of a council or body and of a person: what the archive holds of them."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from hoso.web import i18n
from hoso.web.charts import completion_chart
from hoso.web.params import Name
from hoso.web.site import SiteDep

router = APIRouter(include_in_schema=False)


def issued_href(issuer: str, name: str) -> Callable[[str], str]:
    """A link to the documents `issuer` issued with one value of the filter `name`."""
    return lambda value: "/?" + urlencode({"issuer": issuer, name: value, "sort": "newest"})


def body_url(name: str) -> str:
    return "/bodies/" + quote(name, safe="")


def person_url(name: str) -> str:
    return "/people/" + quote(name, safe="")


@router.get("/bodies/{name}")
async def body_page(request: Request, site: SiteDep, name: Name) -> Response:
    """A council or body: the documents it issued, the documents that mention it, its people,
    sessions and document types, and its completion year by year."""
    profile = await site.worker.run(lambda a: a.body_profile(name))
    lang: str = request.state.lang
    if not profile.known:
        raise HTTPException(404, i18n.translate(lang, "error.no_body", name=name))
    cards = await site.worker.run(lambda a: a.cards([*profile.documents, *profile.mentioning]))
    return site.render(
        request,
        "body.html",
        nav="facts",
        profile=profile,
        cards=cards,
        chart=completion_chart(profile.completion, i18n.translate(lang, "body.completion")),
        person_href=person_url,
        session_href=issued_href(name, "session"),
        type_href=issued_href(name, "doc_type"),
        year_href=issued_href(name, "year"),
    )


@router.get("/people/{name}")
async def person_page(request: Request, site: SiteDep, name: Name) -> Response:
    """A person: the documents that name them or that they signed, their titles in them and the
    bodies that issued them."""
    profile = await site.worker.run(lambda a: a.person_profile(name))
    if not profile.total:
        lang: str = request.state.lang
        raise HTTPException(404, i18n.translate(lang, "error.no_person", name=name))
    cards = await site.worker.run(lambda a: a.cards(profile.documents))
    return site.render(
        request,
        "person.html",
        nav="search",
        profile=profile,
        cards=cards,
        body_href=body_url,
    )
