"""The auth app (port 3001, auth_db): signing keys, policies and the factory."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from api.auth import routes
from api.auth.clock import SystemClock
from api.auth.keys import load_signing_keys
from api.auth.messaging import NotificationSender
from api.auth.sessions import TokenPolicy
from api.auth.settings import AuthSettings, get_settings
from api.auth.verification import CodePolicy
from api.kit.app import create_service_app
from api.kit.client import ServiceClient


async def _load_keys(app: FastAPI) -> None:
    settings: AuthSettings = app.state.settings
    keys = load_signing_keys(
        settings.jwt_private_key.get_secret_value(), settings.jwt_previous_public_keys
    )
    app.state.signing_keys = keys
    app.state.token_policy = TokenPolicy(
        keys=keys,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl=timedelta(seconds=settings.access_token_ttl_seconds),
        refresh_ttl=timedelta(days=settings.refresh_token_ttl_days),
        lockout_threshold=settings.lockout_threshold,
        lockout=timedelta(minutes=settings.lockout_minutes),
    )
    app.state.code_policy = CodePolicy(
        otp_ttl=timedelta(minutes=settings.otp_ttl_minutes),
        reset_ttl=timedelta(minutes=settings.reset_token_ttl_minutes),
        max_attempts=settings.code_max_attempts,
        reset_url=settings.password_reset_url,
    )
    # A test may have put a sender of its own (the notification app in-process) already.
    if getattr(app.state, "message_sender", None) is None:
        app.state.message_sender = NotificationSender(
            ServiceClient(
                settings.notification_service_url,
                internal_api_key=settings.internal_api_key.get_secret_value(),
                name="notification",
                timeout=15.0,
            )
        )


async def _close_sender(app: FastAPI) -> None:
    sender = app.state.message_sender
    if isinstance(sender, NotificationSender):
        await sender.aclose()


def create_app(settings: AuthSettings | None = None) -> FastAPI:
    """The auth app; its clock and message sender sit on ``app.state`` for tests to swap."""
    app = create_service_app(
        settings=settings or get_settings(),
        routers=[routes.router, routes.internal_router],
        title="LAKOO auth",
        description="Accounts, sessions, verification and roles.",
        on_startup=[_load_keys],
        on_shutdown=[_close_sender],
    )
    app.state.clock = SystemClock()
    app.state.message_sender = None
    return app
