"""The notification service's routes: one router per sub-domain, combined for the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from api.notification.routes import inbox, internal, settings_routes, templates, webhooks

router = APIRouter()
for module in (inbox, settings_routes, templates, internal, webhooks):
    router.include_router(module.router)
