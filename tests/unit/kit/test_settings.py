"""Settings refuse placeholder secrets outside development; each service reads its own prefix."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.kit.settings import CommonSettings, settings_for


def test_development_runs_on_the_development_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAKOO_ENV", "development")
    settings = CommonSettings()
    assert settings.gateway_secret_key.get_secret_value()
    assert "change-me" in settings.internal_api_key.get_secret_value()


@pytest.mark.parametrize("secret", ["changethis", "gateway-dev-only-change-me", ""])
def test_production_refuses_a_placeholder_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("LAKOO_ENV", "production")
    monkeypatch.setenv("INTERNAL_API_KEY", "a-real-internal-key-4f9c2b")
    monkeypatch.setenv("GATEWAY_SECRET_KEY", secret)
    with pytest.raises(ValidationError, match="GATEWAY_SECRET_KEY"):
        CommonSettings()


def test_production_refuses_a_missing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAKOO_ENV", "production")
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "a-real-gateway-key-9a8b7c")
    monkeypatch.delenv("INTERNAL_API_KEY", raising=False)
    with pytest.raises(ValidationError, match="INTERNAL_API_KEY"):
        CommonSettings()


def test_production_accepts_real_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAKOO_ENV", "production")
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "a-real-gateway-key-9a8b7c")
    monkeypatch.setenv("INTERNAL_API_KEY", "a-real-internal-key-4f9c2b")
    assert CommonSettings().environment == "production"


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
