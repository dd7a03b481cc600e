"""The auth service's settings and app (port 3001, auth_db)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Self

from fastapi import FastAPI
from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from api.auth import routes
from api.auth.clock import SystemClock
from api.auth.keys import development_key_pem, load_signing_keys
from api.auth.messaging import LocalMessageSender
from api.auth.sessions import TokenPolicy
from api.auth.verification import CodePolicy
from api.kit.app import create_service_app
from api.kit.settings import Environment, ServiceSettings

REPO_ROOT = Path(__file__).resolve().parents[2]


class AuthSettings(ServiceSettings):
    """``AUTH_*`` plus the shared ``JWT_ISSUER`` / ``JWT_AUDIENCE`` the gateway also reads."""

    model_config = SettingsConfigDict(env_prefix="AUTH_")
    service_name: ClassVar[str] = "auth"

    jwt_private_key: SecretStr | None = None  # Ed25519 PEM; generated in development when unset
    jwt_previous_public_keys: str = ""  # PEM public keys still accepted during a rotation
    jwt_issuer: str = Field("lakoo-auth", validation_alias=AliasChoices("JWT_ISSUER", "jwt_issuer"))
    jwt_audience: str = Field(
        "lakoo-api", validation_alias=AliasChoices("JWT_AUDIENCE", "jwt_audience")
    )
    dev_keys_dir: Path = REPO_ROOT / ".lakoo" / "keys"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_days: int = 30
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    otp_ttl_minutes: int = 10
    reset_token_ttl_minutes: int = 30
    code_max_attempts: int = 3

    @model_validator(mode="after")
    def _require_signing_key(self) -> Self:
        if self.environment in (Environment.development, Environment.test):
            return self
        if self.jwt_private_key is None or not self.jwt_private_key.get_secret_value().strip():
            raise ValueError(
                f"AUTH_JWT_PRIVATE_KEY must be set when LAKOO_ENV={self.environment.value}"
            )
        return self


@lru_cache
def get_settings() -> AuthSettings:
    return AuthSettings()


async def _load_keys(app: FastAPI) -> None:
    settings: AuthSettings = app.state.settings
    if settings.jwt_private_key is not None:
        pem = settings.jwt_private_key.get_secret_value()
    else:
        pem = development_key_pem(settings.dev_keys_dir)
    keys = load_signing_keys(pem, settings.jwt_previous_public_keys)
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
    app.state.message_sender = LocalMessageSender()
    return app
