"""The supplier service's routes, combined for the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from api.supplier.routes import catalogue, performance, suppliers

router = APIRouter()
for module in (suppliers, catalogue, performance):
    router.include_router(module.router)
