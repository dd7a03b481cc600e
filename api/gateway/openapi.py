"""One OpenAPI document for the whole API, merged from the built services' own documents.

Only the paths a service serves through the gateway (its prefixes) are kept — ``/internal``
and ``/health`` routes stay private. Component schemas that two services name alike but define
differently are renamed ``<Service><Name>`` in the later service's document (with its ``$ref``s
rewritten), so neither service's schema silently replaces the other's.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.gateway.proxy import Gateway
from api.gateway.routing import owner_of
from api.kit.responses import JsonResponse

router = APIRouter(include_in_schema=False)

REF_PREFIX = "#/components/schemas/"


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                name = value[len(REF_PREFIX) :]
                out[key] = REF_PREFIX + renames.get(name, name)
            else:
                out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, renames) for item in node]
    return node


def merge_documents(
    documents: dict[str, dict[str, Any]], *, title: str = "LAKOO API"
) -> dict[str, Any]:
    """Merge ``{service: openapi}`` keeping each service's public paths: those the gateway
    routes to that very service (by the longest prefix)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for service in sorted(documents):
        document = documents[service]
        own = document.get("components", {}).get("schemas", {})
        renames = {
            name: f"{service.title()}{name}"
            for name, schema in own.items()
            if name in schemas and schemas[name] != schema
        }
        document = _rewrite_refs(document, renames)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        for path, item in document.get("paths", {}).items():
            if owner_of(path) == service:
                paths[path] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1", "description": "Every service, one gateway."},
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
        "security": [{"bearer": []}, {}],
    }


async def _fetch(client: httpx.AsyncClient, url: str) -> dict[str, Any] | None:
    try:
        response = await client.get(f"{url}/openapi.json", timeout=3.0)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document
    except (httpx.HTTPError, ValueError):
        return None  # a service that is down is left out, not fatal to the document


@router.get("/openapi.json")
async def openapi(request: Request) -> JsonResponse:
    """The merged document (cached for ``openapi_cache_seconds``)."""
    state = request.app.state
    gw: Gateway = state.gateway
    cached = getattr(state, "openapi_cache", None)
    if cached and time.monotonic() - cached[0] < state.settings.openapi_cache_seconds:
        return JsonResponse(cached[1])
    services = sorted(gw.routes.built)
    fetched = await asyncio.gather(*(_fetch(gw.client, gw.upstreams[s]) for s in services))
    documents = {s: d for s, d in zip(services, fetched, strict=True) if d is not None}
    merged = merge_documents(documents)
    if len(documents) == len(services):
        state.openapi_cache = (time.monotonic(), merged)
    return JsonResponse(merged)


@router.get("/docs")
async def docs() -> HTMLResponse:
    """Swagger UI for the merged document."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="LAKOO API")
