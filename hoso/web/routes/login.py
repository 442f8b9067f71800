"""Login and logout (only when a token guards the app)."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hoso.web import auth
from hoso.web.site import SiteDep

router = APIRouter(include_in_schema=False)


@router.get("/login")
async def login_page(request: Request, site: SiteDep, next: str = "/") -> Response:
    if site.token is None:
        return RedirectResponse(auth.safe_next(next), status_code=303)
    return site.render(request, "login.html", next=auth.safe_next(next), wrong=False)


@router.post("/login")
async def login(request: Request, site: SiteDep) -> Response:
    if site.token is None:
        return RedirectResponse("/", status_code=303)
    raw = await request.body()
    form = parse_qs(raw[:8192].decode("utf-8", "replace"))
    given = (form.get("token") or [""])[0]
    target = auth.safe_next((form.get("next") or ["/"])[0])
    if not auth.is_authorized(site.token, f"Bearer {given}", None):
        return site.render(request, "login.html", 401, next=target, wrong=True)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        auth.COOKIE,
        auth.login_cookie(site.token),
        max_age=30 * 86400,
        httponly=True,
        samesite="strict",
    )
    return response


@router.post("/logout")
async def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.COOKIE)
    return response
