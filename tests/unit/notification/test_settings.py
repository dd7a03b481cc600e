"""Provider secrets fail closed: outside development every provider key, token and signing secret
must be a real one, and the webhook keys and FCM account that have development stand-ins must be
given; development runs on its defaults."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.notification.settings import NotificationSettings

REAL = {
    "GATEWAY_SECRET_KEY": "a-real-gateway-key-9a8b7c",
    "INTERNAL_API_KEY": "a-real-internal-key-4f9c2b",
    "SENDGRID_API_KEY": "SG.real-4b1d",
    "SENDGRID_WEBHOOK_PUBLIC_KEY": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
    "TWILIO_AUTH_TOKEN": "real-twilio-token-77aa",
    "TWILIO_WHATSAPP_CONTENT_SIDS": '{"lakoo_payment_received": "HX1234"}',
    "VONAGE_API_SECRET": "real-vonage-secret-31c",
    "VONAGE_SIGNATURE_SECRET": "real-vonage-signature-9d0",
    "WHATSAPP_ACCESS_TOKEN": "real-whatsapp-token-e5f",
    "WHATSAPP_APP_SECRET": "real-whatsapp-app-secret-6b2",
    "WHATSAPP_VERIFY_TOKEN": "real-whatsapp-verify-0c4",
    "FCM_SERVICE_ACCOUNT_JSON": '{"client_email": "push@lakoo.iam.gserviceaccount.com"}',
}


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("LAKOO_ENV", "production")
    for name, value in REAL.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_production_accepts_real_provider_secrets(production: pytest.MonkeyPatch) -> None:
    settings = NotificationSettings()
    assert settings.twilio_auth_token.get_secret_value() == REAL["TWILIO_AUTH_TOKEN"]


@pytest.mark.parametrize(
    "name",
    [
        "SENDGRID_API_KEY",
        "TWILIO_AUTH_TOKEN",
        "VONAGE_API_SECRET",
        "VONAGE_SIGNATURE_SECRET",
        "WHATSAPP_ACCESS_TOKEN",
        "WHATSAPP_APP_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
    ],
)
def test_production_refuses_a_provider_secret_left_at_its_development_default(
    production: pytest.MonkeyPatch, name: str
) -> None:
    production.delenv(name)
    with pytest.raises(ValidationError, match=name):
        NotificationSettings()


@pytest.mark.parametrize("value", ["", "changethis"])
def test_production_refuses_a_placeholder_provider_secret(
    production: pytest.MonkeyPatch, value: str
) -> None:
    production.setenv("WHATSAPP_APP_SECRET", value)
    with pytest.raises(ValidationError, match="WHATSAPP_APP_SECRET"):
        NotificationSettings()


@pytest.mark.parametrize(
    "name",
    ["SENDGRID_WEBHOOK_PUBLIC_KEY", "FCM_SERVICE_ACCOUNT_JSON", "TWILIO_WHATSAPP_CONTENT_SIDS"],
)
def test_production_refuses_a_missing_key_that_development_stands_in_for(
    production: pytest.MonkeyPatch, name: str
) -> None:
    production.delenv(name)
    with pytest.raises(ValidationError, match=name):
        NotificationSettings()


def test_development_runs_on_the_stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAKOO_ENV", "development")
    for name in REAL:
        monkeypatch.delenv(name, raising=False)
    settings = NotificationSettings()
    assert "dev-only" in settings.twilio_auth_token.get_secret_value()
    assert settings.sendgrid_public_key()  # the sandbox's signing key
