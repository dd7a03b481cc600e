"""``/health``: the gateway's own status and each built upstream's, checked concurrently."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from fastapi import APIRouter, Request

from api.gateway.proxy import Gateway

router = APIRouter(tags=["gateway"])


async def _check(client: httpx.AsyncClient, name: str, url: str, timeout: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        response = await client.get(f"{url}/health", timeout=timeout)
        status = "ok" if response.status_code == 200 else f"http {response.status_code}"
    except httpx.TimeoutException:
        status = "timeout"
    except httpx.TransportError:
        status = "down"
    latency = round((time.perf_counter() - started) * 1000, 1)
    return {"service": name, "status": status, "latency_ms": latency}


@router.get("/health")
async def health(request: Request) -> dict[str, Any]:
    """``status`` is ``ok`` when every built upstream answers, else ``degraded`` (still 200:
    the gateway itself is up and keeps serving the services that are)."""
    gw: Gateway = request.app.state.gateway
    timeout: float = request.app.state.settings.health_timeout
    checks = await asyncio.gather(
        *(_check(gw.client, name, gw.upstreams[name], timeout) for name in sorted(gw.routes.built))
    )
    upstreams = {check.pop("service"): check for check in checks}
    ok = all(check["status"] == "ok" for check in upstreams.values())
    return {"status": "ok" if ok else "degraded", "service": "gateway", "upstreams": upstreams}
