"""The notification app (port 3008, notification_db): inbox, preferences, templates, direct
sends, receipt webhooks. Its provider clients sit on ``app.state.providers``."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.notification.providers.registry import build_providers
from api.notification.service import templates
from api.notification.settings import NotificationSettings, get_settings

__all__ = ["NotificationSettings", "create_app", "get_settings"]


async def _open(app: FastAPI) -> None:
    # A test may have put providers on a transport of its own (the sandbox in-process) already.
    if getattr(app.state, "providers", None) is None:
        app.state.providers = build_providers(app.state.settings)
    async with app.state.uow_factory() as uow:
        await templates.seed_defaults(uow)
        await uow.commit()


async def _close(app: FastAPI) -> None:
    await app.state.providers.aclose()


def create_app(settings: NotificationSettings | None = None) -> FastAPI:
    """The notification service's FastAPI app."""
    from api.notification.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO notification",
        description="Email, SMS, WhatsApp, push and in-app messages: inbox, preferences, "
        "templates, delivery receipts.",
        on_startup=[_open],
        on_shutdown=[_close],
    )
    app.state.providers = None
    return app
