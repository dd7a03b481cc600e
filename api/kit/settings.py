"""Settings: one pydantic-settings class per service on top of the values every process shares.

Shared values have fixed environment names (``KAFKA_BOOTSTRAP_SERVERS``, ``INTERNAL_API_KEY``…);
a service's own values carry its prefix (``ORDER_DATABASE_URL``).

Secrets fail closed (DESIGN §3). The environment defaults to production, and no secret has a
default in any environment: a missing, placeholder or too-short secret stops the process at
start-up, before it can serve a request with a guessable key. Nothing committed to the
repository is ever a valid secret; ``lakoo up`` generates the local installation's secrets
(``lakoo.runtime.secrets``) and the test suite generates its own.
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
    """The embedded Kafka of ``lakoo stack up``: its port follows ``LAKOO_KAFKA_PORT``; with
    ``LAKOO_KAFKA_BROKERS`` > 1 every node of the cluster (``lakoo.runtime.kafka`` lays them
    out), so a client still bootstraps while one node is down."""
    first = f"127.0.0.1:{os.environ.get('LAKOO_KAFKA_PORT') or 9092}"
    brokers = int(os.environ.get("LAKOO_KAFKA_BROKERS") or 1)
    extra = int(os.environ.get("LAKOO_KAFKA_EXTRA_PORTS") or 9094)
    return ",".join([first, *(f"127.0.0.1:{extra + 2 * k}" for k in range(brokers - 1))])


# Values that were once committed as defaults (or look like someone's placeholder): refused as
# secrets everywhere, so an old ``.env`` or a copied example can never open a door.
COMMITTED_SECRET_MARKS = ("dev-only-change-me", "change-me", "changeme", "changethis")
PLACEHOLDER_SECRETS = frozenset({"", "secret", "password", "test", "development", "xxx"})
MIN_SECRET_LENGTH = 16


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


NO_SECRET = SecretStr("")


def unusable_secret(secret: str) -> str | None:
    """Why ``secret`` cannot be used (unset, a placeholder, committed, too short), else None."""
    if not secret.strip():
        return "is not set"
    lowered = secret.lower()
    if lowered in PLACEHOLDER_SECRETS or any(mark in lowered for mark in COMMITTED_SECRET_MARKS):
        return "is a placeholder or a value committed to the repository"
    if len(secret) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    return None


def env_name(settings_class: type[BaseSettings], field: str) -> str:
    """The environment variable a settings field is read from (its alias, or prefix + name)."""
    info = settings_class.model_fields[field]
    alias = info.validation_alias
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]
    if isinstance(alias, str):
        return alias
    prefix = settings_class.model_config.get("env_prefix") or ""
    return f"{prefix}{field}".upper()


def _env(name: str) -> AliasChoices:
    """A field read from one fixed environment variable, whatever the class's prefix."""
    return AliasChoices(name, name.lower())


class StackSettings(BaseSettings):
    """What every LAKOO process reads: the environment, where the stack is, logging.

    Processes that hold no secret (the relay, the landing) stop here; every ``SecretStr`` a
    subclass adds is checked by the validator below, whatever the class.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    environment: Environment = Field(Environment.production, validation_alias=_env("LAKOO_ENV"))
    postgres_url: str = Field(
        default_factory=default_postgres_url, validation_alias=_env("LAKOO_POSTGRES_URL")
    )
    kafka_bootstrap_servers: str = Field(
        default_factory=default_kafka_bootstrap, validation_alias=_env("KAFKA_BOOTSTRAP_SERVERS")
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
    def _refuse_unusable_secrets(self) -> Self:
        # Every environment: development and test get generated secrets, never committed ones.
        for name, value in self._secrets().items():
            problem = unusable_secret(value.get_secret_value())
            if problem:
                raise ValueError(
                    f"{name} {problem} (LAKOO_ENV={self.environment.value}); secrets have no "
                    "defaults: set it, or run `lakoo up`, which generates local ones"
                )
        return self

    def _secrets(self) -> dict[str, SecretStr]:
        """Every secret field of this settings class (subclasses' included), by its env name."""
        return {
            env_name(type(self), name): value
            for name, value in self.__dict__.items()
            if isinstance(value, SecretStr)
        }


class CommonSettings(StackSettings):
    """Stack settings plus the secrets every service and the gateway share."""

    # No defaults: an unset secret is the empty string, which the validator refuses.
    gateway_secret_key: SecretStr = Field(NO_SECRET, validation_alias=_env("GATEWAY_SECRET_KEY"))
    internal_api_key: SecretStr = Field(NO_SECRET, validation_alias=_env("INTERNAL_API_KEY"))


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
