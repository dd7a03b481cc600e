"""The address service's routes: regions (public) and addresses (owner; internal snapshot)."""

from __future__ import annotations

from fastapi import APIRouter

from api.address.routes import addresses, regions

router = APIRouter()
for module in (regions, addresses):
    router.include_router(module.router)
