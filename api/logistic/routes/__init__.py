"""The logistic service's routes: rates (internal), shipments (public), the Biteship webhook."""

from __future__ import annotations

from fastapi import APIRouter

from api.logistic.routes import rates, shipments, webhooks

router = APIRouter()
for module in (rates, shipments, webhooks):
    router.include_router(module.router)
