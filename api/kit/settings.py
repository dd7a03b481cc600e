"""Settings: one pydantic-settings class per service on top of the values every process shares.

Shared values have fixed environment names (``KAFKA_BOOTSTRAP_SERVERS``, ``INTERNAL_API_KEY``…);
a service's own values carry its prefix (``ORDER_DATABASE_URL``). Secrets are ``SecretStr`` and
have development defaults only: outside development and test a missing or placeholder secret
stops the process at start-up, before it can serve a request with a guessable key.
"""

from __future__ import annotations

import importlib
import os
from enum import StrEnum
from typing import ClassVar, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.kit.topology import SERVICES


def default_postgres_url() -> str:
    """The embedded server of ``lakoo stack up`` (its port follows ``LAKOO_POSTGRES_PORT``)."""
    return f"postgresql://postgres@127.0.0.1:{os.environ.get('LAKOO_POSTGRES_PORT') or 5433}"


def default_kafka_bootstrap() -> str:
    """The embedded broker of ``lakoo stack up`` (its port follows ``LAKOO_KAFKA_PORT``)."""
    return f"127.0.0.1:{os.environ.get('LAKOO_KAFKA_PORT') or 9092}"


# Development defaults; refusing them outside development is the whole point of marking them.
_DEV_SECRET_MARK = "dev-only-change-me"
PLACEHOLDER_SECRETS = frozenset({"", "changethis", "change-me", "secret", "password"})


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


def _env(name: str) -> AliasChoices:
    """A field read from one fixed environment variable, whatever the class's prefix."""
    return AliasChoices(name, name.lower())


class CommonSettings(BaseSettings):
    """What every LAKOO process reads: where the stack is, the shared secrets, the environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    environment: Environment = Field(Environment.development, validation_alias=_env("LAKOO_ENV"))
    postgres_url: str = Field(
        default_factory=default_postgres_url, validation_alias=_env("LAKOO_POSTGRES_URL")
    )
    kafka_bootstrap_servers: str = Field(
        default_factory=default_kafka_bootstrap, validation_alias=_env("KAFKA_BOOTSTRAP_SERVERS")
    )
    gateway_secret_key: SecretStr = Field(
        SecretStr(f"gateway-{_DEV_SECRET_MARK}"), validation_alias=_env("GATEWAY_SECRET_KEY")
    )
    internal_api_key: SecretStr = Field(
        SecretStr(f"internal-{_DEV_SECRET_MARK}"), validation_alias=_env("INTERNAL_API_KEY")
    )
    # Consumer groups are named after the service; a prefix gives a whole run (an end-to-end test,
    # a second developer platform on the same Kafka) groups of its own.
    consumer_group_prefix: str = Field("", validation_alias=_env("LAKOO_CONSUMER_GROUP_PREFIX"))
    # Where a NEW group starts reading: the whole history, or only what arrives from now on.
    consumer_start: Literal["earliest", "latest"] = Field(
        "earliest", validation_alias=_env("LAKOO_CONSUMER_START")
    )
    log_level: str = Field("INFO", validation_alias=_env("LAKOO_LOG_LEVEL"))
    log_json: bool = Field(True, validation_alias=_env("LAKOO_LOG_JSON"))

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Self:
        if self.environment in (Environment.development, Environment.test):
            return self
        for name, value in self._secrets().items():
            secret = value.get_secret_value()
            if secret.lower() in PLACEHOLDER_SECRETS or _DEV_SECRET_MARK in secret:
                raise ValueError(
                    f"{name} must be set to a real secret when LAKOO_ENV={self.environment.value}"
                )
        return self

    def _secrets(self) -> dict[str, SecretStr]:
        """Every secret field of this settings class (subclasses' included)."""
        return {
            name.upper(): value
            for name, value in self.__dict__.items()
            if isinstance(value, SecretStr)
        }


class ServiceSettings(CommonSettings):
    """Settings of one transactional service; subclasses set ``service_name`` and their prefix."""

    service_name: ClassVar[str]

    database_url: str | None = None  # <SERVICE>_DATABASE_URL; default: its database on the server
    outbox_notify: bool = True

    def consumer_group(self, name: str) -> str:
        """The consumer group of ``name`` (a service), with the run's prefix if one is set."""
        return f"{self.consumer_group_prefix}-{name}" if self.consumer_group_prefix else name

    @property
    def resolved_database_url(self) -> str:
        """The service database DSN: explicit, or the service's database on the shared server."""
        if self.database_url:
            return self.database_url
        return f"{self.postgres_url.rstrip('/')}/{SERVICES[self.service_name].database}"


def settings_for(service: str) -> type[ServiceSettings]:
    """A plain settings class for ``service`` (prefix ``<SERVICE>_``), for tools and tests."""
    if service not in SERVICES:
        raise KeyError(f"unknown service {service!r}")

    class _Settings(ServiceSettings):
        model_config = SettingsConfigDict(env_prefix=f"{service.upper()}_")
        service_name: ClassVar[str] = service

    _Settings.__name__ = f"{service.title()}Settings"
    return _Settings


def load_service_settings(service: str) -> ServiceSettings:
    """The process's settings of ``service``: ``api.<service>.settings.get_settings()``.

    Importing only the settings module keeps tools (the relay, migrations, the worker) from
    loading the service's app. A service package without one gets the generic class.
    """
    try:
        module = importlib.import_module(f"api.{service}.settings")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"api.{service}", f"api.{service}.settings"):
            raise  # the module exists but something it imports does not: a real error
        return settings_for(service)()
    settings: ServiceSettings = module.get_settings()
    return settings
