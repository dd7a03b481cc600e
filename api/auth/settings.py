"""The auth service's settings (``AUTH_*`` and the ``JWT_*`` names the gateway also reads)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

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
