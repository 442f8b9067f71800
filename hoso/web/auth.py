"""Who may use the web app: everyone on localhost, a token holder once a token is set.

A token (HOSO_API_TOKEN) is checked on every request except the login page, the stylesheet and
the OpenAPI schema: as `Authorization: Bearer <token>` (scripts), or as the login cookie the
login page sets (browsers). The cookie holds an HMAC of the token, never the token itself, so a
leaked cookie does not reveal it and changing the token logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from core.errors import UsageError

COOKIE = "hoso_login"
PUBLIC_PATHS = ("/login", "/static/", "/openapi.json")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach ("127.0.0.1", "::1", "localhost")."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def required_token(token: str | None, host: str, no_token: bool) -> str | None:
    """The token requests must carry, or None when the app is open.

    A configured token is always required (unless `no_token`); an app listening beyond
    localhost without one refuses to start unless `no_token` says that is intended.
    """
    if no_token:
        return None
    if token:
        return token
    if not is_loopback(host):
        raise UsageError(
            f"refusing to serve on {host} without a token: set HOSO_API_TOKEN, "
            "or pass --no-token to serve without one (trusted networks only)"
        )
    return None


def login_cookie(token: str) -> str:
    return hmac.new(token.encode(), b"hoso web login v1", hashlib.sha256).hexdigest()


def is_authorized(token: str, authorization: str | None, cookie: str | None) -> bool:
    """True when the bearer header carries the token or the cookie is its login value."""
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return hmac.compare_digest(credentials.strip().encode(), token.encode())
    if cookie:
        return hmac.compare_digest(cookie.encode(), login_cookie(token).encode())
    return False


def is_public(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in PUBLIC_PATHS)


def safe_next(target: str | None) -> str:
    """A local path to return to after login (never another site: "//evil", "https://…")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
