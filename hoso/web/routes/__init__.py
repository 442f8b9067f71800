"""The web app's routes, one module per group of pages; `ROUTERS` is included in this order.

| module      | routes                                                               |
|-------------|----------------------------------------------------------------------|
| `login`     | GET/POST /login, POST /logout                                        |
| `search`    | GET / (the search page)                                              |
| `documents` | GET /documents/{id}                                                  |
| `facts`     | GET /facts                                                           |
| `profiles`  | GET /bodies/{name}, /people/{name}                                   |
| `status`    | GET /status                                                          |
| `api`       | GET /api/search, /api/facets, /api/documents/{id}[/similar,/original,  |
|             | /pages/{n}.jpg], /api/bodies/{name}, /api/people/{name}, /api/facts,  |
|             | /api/status                                                          |
| `exports`   | GET /api/export/{search,facts,failures}.{csv,json}                   |
| `docs`      | GET /docs (the API documentation, offline)                           |
"""

from __future__ import annotations

from fastapi import APIRouter

from hoso.web.routes import (
    api,
    docs,
    documents,
    exports,
    facts,
    login,
    profiles,
    search,
    status,
)

ROUTERS: tuple[APIRouter, ...] = (
    login.router,
    search.router,
    documents.router,
    facts.router,
    profiles.router,
    status.router,
    api.router,
    exports.router,
    docs.router,
)
