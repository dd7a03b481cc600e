"""The payment service's routes: one router per sub-domain, combined for the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from api.payment.routes import payments, refunds, settlements, webhooks

router = APIRouter()
for module in (payments, refunds, settlements, webhooks):
    router.include_router(module.router)
