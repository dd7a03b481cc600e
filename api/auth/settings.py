"""The auth service's settings (``AUTH_*`` and the ``JWT_*`` names the gateway also reads)."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import SettingsConfigDict

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
    password_reset_url: str = "http://127.0.0.1:3000/reset-password"
    # codes and reset links are sent by the notification service
    notification_service_url: str = Field(
        "http://127.0.0.1:3008",
        validation_alias=AliasChoices("NOTIFICATION_SERVICE_URL", "notification_service_url"),
    )


@lru_cache
def get_settings() -> AuthSettings:
    return AuthSettings()
