"""The auth service's settings and app (port 3001, auth_db)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import ClassVar

from fastapi import FastAPI
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from api.auth import routes
from api.auth.clock import SystemClock
from api.auth.keys import load_signing_keys
from api.auth.messaging import LocalMessageSender
from api.auth.sessions import TokenPolicy
from api.auth.verification import CodePolicy
from api.kit.app import create_service_app
from api.kit.settings import NO_SECRET, ServiceSettings


class AuthSettings(ServiceSettings):
    """``AUTH_*`` plus the shared ``JWT_ISSUER`` / ``JWT_AUDIENCE`` the gateway also reads."""

    model_config = SettingsConfigDict(env_prefix="AUTH_")
    service_name: ClassVar[str] = "auth"

    # Ed25519 PEM. Required everywhere, like every secret: `lakoo up` generates the local one.
    jwt_private_key: SecretStr = NO_SECRET
    jwt_previous_public_keys: str = ""  # PEM public keys still accepted during a rotation
    jwt_issuer: str = Field("lakoo-auth", validation_alias=AliasChoices("JWT_ISSUER", "jwt_issuer"))
    jwt_audience: str = Field(
        "lakoo-api", validation_alias=AliasChoices("JWT_AUDIENCE", "jwt_audience")
    )
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_days: int = 30
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    otp_ttl_minutes: int = 10
    reset_token_ttl_minutes: int = 30
    code_max_attempts: int = 3


@lru_cache
def get_settings() -> AuthSettings:
    return AuthSettings()


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
    )


def create_app(settings: AuthSettings | None = None) -> FastAPI:
    """The auth app; its clock and message sender sit on ``app.state`` for tests to swap."""
    app = create_service_app(
        settings=settings or get_settings(),
        routers=[routes.router, routes.internal_router],
        title="LAKOO auth",
        description="Accounts, sessions, verification and roles.",
        on_startup=[_load_keys],
    )
    app.state.clock = SystemClock()
    app.state.message_sender = LocalMessageSender(app.state.settings.internal_api_key)
    return app
