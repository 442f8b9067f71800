"""The API documentation at /docs: a page made from the OpenAPI document, with no CDN asset
(FastAPI's Swagger UI loads its scripts from the network; the archive may have none)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hoso.web.site import SiteDep

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def docs_page(request: Request, site: SiteDep) -> Response:
    return site.render(request, "docs.html", nav="docs", endpoints=endpoints(request.app.openapi()))


def endpoints(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of an OpenAPI document: method, path, tag, summary, description and
    parameters (name, where, type, required, description), in the document's order."""
    found = []
    for path, operations in openapi.get("paths", {}).items():
        for method, operation in operations.items():
            parameters = []
            for p in operation.get("parameters", []):
                schema = p.get("schema", {})
                kinds = [s.get("type", "") for s in schema.get("anyOf", [schema])]
                if schema.get("type") == "array" or "array" in kinds:
                    kind = "string, repeatable"
                else:
                    kind = " | ".join(k for k in kinds if k and k != "null") or "string"
                if "enum" in schema:
                    kind = " | ".join(str(v) for v in schema["enum"])
                elif "$ref" in schema:
                    ref = schema["$ref"].rsplit("/", 1)[-1]
                    kind = " | ".join(
                        str(v)
                        for v in openapi.get("components", {})
                        .get("schemas", {})
                        .get(ref, {})
                        .get("enum", [ref])
                    )
                parameters.append(
                    {
                        "name": p.get("name", ""),
                        "where": p.get("in", ""),
                        "kind": kind,
                        "required": bool(p.get("required")),
                        "description": p.get("description") or schema.get("description", ""),
                        "default": schema.get("default"),
                    }
                )
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "tag": (operation.get("tags") or [""])[0],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                }
            )
    return found
