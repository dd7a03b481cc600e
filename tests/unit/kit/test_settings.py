"""Settings refuse unset, placeholder and committed secrets everywhere; each service reads its
own prefix."""

from __future__ import annotations

import importlib

import pytest
from pydantic import ValidationError

from api.kit.settings import CommonSettings, Environment, StackSettings, settings_for


def test_the_environment_defaults_to_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAKOO_ENV", raising=False)
    assert CommonSettings().environment is Environment.production


COMMITTED = [
    "gateway-dev-only-change-me",
    "internal-dev-only-change-me",
    "xendit-callback-dev-only-change-me",
    "changethis",
    "",
    "short-secret",
]


@pytest.mark.parametrize("environment", ["production", "development", "test"])
@pytest.mark.parametrize("secret", COMMITTED)
def test_no_environment_accepts_a_committed_or_placeholder_secret(
    monkeypatch: pytest.MonkeyPatch, environment: str, secret: str
) -> None:
    monkeypatch.setenv("LAKOO_ENV", environment)
    monkeypatch.setenv("GATEWAY_SECRET_KEY", secret)
    with pytest.raises(ValidationError, match="GATEWAY_SECRET_KEY"):
        CommonSettings()


@pytest.mark.parametrize("environment", ["production", "development"])
def test_a_missing_secret_stops_the_settings(
    monkeypatch: pytest.MonkeyPatch, environment: str
) -> None:
    monkeypatch.setenv("LAKOO_ENV", environment)
    monkeypatch.delenv("INTERNAL_API_KEY", raising=False)
    with pytest.raises(ValidationError, match="INTERNAL_API_KEY is not set"):
        CommonSettings()


@pytest.mark.parametrize(
    ("settings_class", "variable", "committed"),
    [
        (
            "api.payment.app:PaymentSettings",
            "XENDIT_SECRET_KEY",
            "xnd_development_dev-only-change-me",
        ),
        (
            "api.payment.app:PaymentSettings",
            "XENDIT_CALLBACK_TOKEN",
            "xendit-callback-dev-only-change-me",
        ),
        (
            "api.logistic.app:LogisticSettings",
            "BITESHIP_API_KEY",
            "biteship_test.dev-only-change-me",
        ),
        (
            "api.logistic.app:LogisticSettings",
            "BITESHIP_WEBHOOK_SECRET",
            "biteship-webhook-dev-only-change-me",
        ),
        ("api.auth.app:AuthSettings", "AUTH_JWT_PRIVATE_KEY", ""),
    ],
)
def test_every_provider_secret_fails_closed(
    monkeypatch: pytest.MonkeyPatch, settings_class: str, variable: str, committed: str
) -> None:
    """The old committed defaults of the provider keys are refused by the services' settings."""
    monkeypatch.setenv(variable, committed)
    module, name = settings_class.split(":")
    with pytest.raises(ValidationError, match=variable):
        getattr(importlib.import_module(module), name)()


def test_real_secrets_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAKOO_ENV", "production")
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "a-real-gateway-key-9a8b7c")
    monkeypatch.setenv("INTERNAL_API_KEY", "a-real-internal-key-4f9c2b")
    assert CommonSettings().environment == "production"


def test_the_stack_settings_hold_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The relay and the landing read where the stack is without needing any secret."""
    monkeypatch.delenv("GATEWAY_SECRET_KEY", raising=False)
    monkeypatch.delenv("INTERNAL_API_KEY", raising=False)
    assert StackSettings().kafka_bootstrap_servers


def test_a_secret_never_shows_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "top-secret-value")
    assert "top-secret-value" not in repr(CommonSettings())


def test_a_service_database_defaults_to_its_database_on_the_shared_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LAKOO_POSTGRES_URL", "postgresql://app@db.internal:5432")
    monkeypatch.delenv("LOGISTIC_DATABASE_URL", raising=False)
    assert settings_for("logistic")().resolved_database_url == (
        "postgresql://app@db.internal:5432/logistics_db"
    )


def test_a_service_database_url_is_read_from_its_own_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORDER_DATABASE_URL", "postgresql://o@elsewhere/orders")
    assert settings_for("order")().resolved_database_url == "postgresql://o@elsewhere/orders"
    assert settings_for("cart")().resolved_database_url.endswith("/cart_db")


def test_shared_values_ignore_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092")
    assert settings_for("wallet")().kafka_bootstrap_servers == "broker-1:9092,broker-2:9092"


MEDIA_SETTINGS = [
    ("PRODUCT", "api.product.settings", "ProductSettings"),
    ("REVIEW", "api.review.settings", "ReviewSettings"),
]


@pytest.mark.parametrize(("prefix", "module", "name"), MEDIA_SETTINGS)
def test_s3_media_needs_its_secret_and_local_media_none(
    monkeypatch: pytest.MonkeyPatch, prefix: str, module: str, name: str
) -> None:
    settings_class = getattr(importlib.import_module(module), name)
    monkeypatch.delenv(f"{prefix}_S3_SECRET_KEY", raising=False)
    assert settings_class().media_backend == "local"  # local files: no secret involved
    monkeypatch.setenv(f"{prefix}_MEDIA_BACKEND", "s3")
    with pytest.raises(ValidationError, match=f"{prefix}_S3_SECRET_KEY must be set"):
        settings_class()
    monkeypatch.setenv(f"{prefix}_S3_SECRET_KEY", "changethis")
    with pytest.raises(ValidationError, match=f"{prefix}_S3_SECRET_KEY"):
        settings_class()  # a placeholder is refused like any other secret
