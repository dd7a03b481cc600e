"""``/health`` (the process is up) and ``/ready`` (its database and Kafka answer)."""

from __future__ import annotations

import asyncio
from typing import Any

from confluent_kafka.admin import AdminClient
from fastapi import APIRouter, Request
from sqlalchemy import text

from api.kit.access import public
from api.kit.responses import JsonResponse

router = APIRouter(tags=["health"])


@router.get("/health")
@public("none: the process's liveness")
async def health(request: Request) -> dict[str, str]:
    """Liveness: answers as long as the process serves requests."""
    return {"status": "ok", "service": request.app.title}


async def _database_ready(request: Request) -> str:
    async with request.app.state.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return "ok"


def _kafka_ready(bootstrap: str) -> str:
    admin = AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 2000})
    admin.list_topics(timeout=2)
    return "ok"


@router.get("/ready")
@public("none: whether the database and Kafka answer (not routed by the gateway)")
async def ready(request: Request) -> JsonResponse:
    """Readiness: 200 when the database and Kafka both answer, else 503 naming what failed."""
    checks: dict[str, Any] = {}
    try:
        checks["database"] = await asyncio.wait_for(_database_ready(request), timeout=3)
    except Exception as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        bootstrap = request.app.state.settings.kafka_bootstrap_servers
        checks["kafka"] = await asyncio.to_thread(_kafka_ready, bootstrap)
    except Exception as exc:
        checks["kafka"] = f"error: {exc.__class__.__name__}"
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )
