"""The wallet's provider secrets fail closed: outside development its Xendit key and callback
token must be real, or the service (and its worker) refuse to start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.wallet.settings import WalletSettings

REAL = {
    "LAKOO_ENV": "production",
    "GATEWAY_SECRET_KEY": "a-real-gateway-key-9a8b7c",
    "INTERNAL_API_KEY": "a-real-internal-key-4f9c2b",
    "XENDIT_SECRET_KEY": "xnd_production_5c1e7d",
    "XENDIT_CALLBACK_TOKEN": "a-real-callback-token-2e6f",
}


@pytest.mark.parametrize("name", ["XENDIT_SECRET_KEY", "XENDIT_CALLBACK_TOKEN"])
@pytest.mark.parametrize("value", [None, "", "changethis"])
def test_production_refuses_a_missing_or_placeholder_provider_secret(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str | None
) -> None:
    for key, real in REAL.items():
        monkeypatch.setenv(key, real)
    if value is None:
        monkeypatch.delenv(name)  # the development default applies, and is refused
    else:
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name):
        WalletSettings()


def test_production_accepts_real_provider_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, real in REAL.items():
        monkeypatch.setenv(key, real)
    settings = WalletSettings()
    assert settings.xendit_callback_token.get_secret_value() == REAL["XENDIT_CALLBACK_TOKEN"]
