"""Provider secrets fail closed: every provider key, token and signing secret must be a real one
in every environment (none has a default), and outside development the webhook key, the FCM
account and the Twilio Content SIDs that development stands in for must be given too."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.notification.settings import NotificationSettings

SECRETS = {
    "SENDGRID_API_KEY": "SG.real-sendgrid-key-4b1d9e",
    "TWILIO_AUTH_TOKEN": "real-twilio-token-77aa3c",
    "VONAGE_API_SECRET": "real-vonage-secret-31c0f2",
    "VONAGE_SIGNATURE_SECRET": "real-vonage-signature-9d0a",
    "WHATSAPP_ACCESS_TOKEN": "real-whatsapp-token-e5f88",
    "WHATSAPP_APP_SECRET": "real-whatsapp-app-secret-6b2",
    "WHATSAPP_VERIFY_TOKEN": "real-whatsapp-verify-0c4d1",
}
PRODUCTION_ONLY = {
    "SENDGRID_WEBHOOK_PUBLIC_KEY": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
    "TWILIO_WHATSAPP_CONTENT_SIDS": '{"lakoo_payment_received": "HX1234"}',
    "FCM_SERVICE_ACCOUNT_JSON": '{"client_email": "push@lakoo.iam.gserviceaccount.com"}',
}


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("LAKOO_ENV", "production")
    for name, value in {**SECRETS, **PRODUCTION_ONLY}.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_production_accepts_real_provider_secrets(production: pytest.MonkeyPatch) -> None:
    settings = NotificationSettings()
    assert settings.twilio_auth_token.get_secret_value() == SECRETS["TWILIO_AUTH_TOKEN"]


@pytest.mark.parametrize("environment", ["production", "development"])
@pytest.mark.parametrize("name", sorted(SECRETS))
def test_an_unset_provider_secret_stops_the_process_in_any_environment(
    production: pytest.MonkeyPatch, environment: str, name: str
) -> None:
    production.setenv("LAKOO_ENV", environment)
    production.delenv(name)
    with pytest.raises(ValidationError, match=name):
        NotificationSettings()


@pytest.mark.parametrize("value", ["changethis", "whatsapp-app-dev-only-change-me", "short"])
def test_a_placeholder_committed_or_short_provider_secret_is_refused(
    production: pytest.MonkeyPatch, value: str
) -> None:
    production.setenv("WHATSAPP_APP_SECRET", value)
    with pytest.raises(ValidationError, match="WHATSAPP_APP_SECRET"):
        NotificationSettings()


@pytest.mark.parametrize("name", sorted(PRODUCTION_ONLY))
def test_production_refuses_a_missing_key_that_development_stands_in_for(
    production: pytest.MonkeyPatch, name: str
) -> None:
    production.delenv(name)
    with pytest.raises(ValidationError, match=name):
        NotificationSettings()


def test_development_stands_in_for_the_webhook_key_the_fcm_account_and_the_sids(
    production: pytest.MonkeyPatch,
) -> None:
    production.setenv("LAKOO_ENV", "development")
    for name in PRODUCTION_ONLY:
        production.delenv(name)
    settings = NotificationSettings()
    assert settings.sendgrid_public_key()  # the messaging sandbox's signing key
    assert settings.fcm_service_account() is None  # a throwaway key signs FCM's token request
