"""The support service's app (port 3014, support_db): tickets with an SLA clock, the desk."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.support.settings import SupportSettings, get_settings
from api.support.sla import national_holidays

__all__ = ["create_app", "get_settings"]


async def _warm_calendar(app: FastAPI) -> None:
    # The holiday calendar's first year costs ~1 s to compute (lunar dates); pay it at start-up
    # rather than in a customer's first request.
    settings: SupportSettings = app.state.settings
    await asyncio.to_thread(national_holidays().is_holiday, settings.now().date())


def create_app(settings: SupportSettings | None = None) -> FastAPI:
    """The support service's FastAPI app."""
    from api.support.routes import routers

    return create_service_app(
        settings=settings or get_settings(),
        routers=routers,
        title="LAKOO support",
        description="Tickets with a business-hours SLA clock, agents and their queues, FAQs.",
        on_startup=[_warm_calendar],
    )
