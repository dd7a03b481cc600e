"""The payment app (port 3007, payment_db): the factory on the service's settings."""

from __future__ import annotations

from fastapi import FastAPI

from api.kit.app import create_service_app
from api.payment.settings import PaymentSettings, get_settings


async def _open_gateway(app: FastAPI) -> None:
    # A test may have put a client on a transport of its own (the sandbox in-process) already.
    if getattr(app.state, "xendit", None) is None:
        settings: PaymentSettings = app.state.settings
        app.state.xendit = settings.xendit_client()


async def _close_gateway(app: FastAPI) -> None:
    await app.state.xendit.aclose()


def create_app(settings: PaymentSettings | None = None) -> FastAPI:
    """The payment service's FastAPI app; its Xendit client sits on ``app.state.xendit``."""
    from api.payment.routes import router

    app = create_service_app(
        settings=settings or get_settings(),
        routers=[router],
        title="LAKOO payment",
        description="Xendit invoices, webhooks, refunds, reconciliation and seller settlements.",
        on_startup=[_open_gateway],
        on_shutdown=[_close_gateway],
    )
    app.state.xendit = None
    return app
