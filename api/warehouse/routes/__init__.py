"""The warehouse's routes: one router per sub-domain, combined here for the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from api.warehouse.routes import grosir, purchase_orders, reservations, stock

router = APIRouter()
for module in (stock, reservations, grosir, purchase_orders):
    router.include_router(module.router)
