"""The notification service's settings (``NOTIFICATION_*`` plus each provider's own names).

Providers are reached at the messaging sandbox (``lakoo sandbox messages``: HTTP on 3092, SMTP
on 3025) unless told otherwise. Every provider secret is required, like every secret (no defaults:
``lakoo up`` generates the local ones, ``lakoo.runtime.secrets``, and the sandbox reads the same
names); outside development a missing SendGrid webhook key, FCM service account or (with Twilio in
the WhatsApp chain) Content SIDs stops the process too — development has stand-ins for those.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from api.kit.settings import NO_SECRET, Environment, ServiceSettings
from api.kit.topology import GATEWAY_PORT, SERVICES

SANDBOX = "http://127.0.0.1:3092"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, name.lower())


class NotificationSettings(ServiceSettings):
    """Delivery policy (retries, failover, quiet hours) and every provider's address and keys."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATION_")
    service_name: ClassVar[str] = "notification"

    # Where providers call back: the gateway as the outside world reaches it (Twilio signs the
    # URL it called, so the service must know it).
    public_base_url: str = f"http://127.0.0.1:{GATEWAY_PORT}"
    # Failover order per channel: the second takes over after `failover_after` failures. Push
    # has one: an FCM registration token is FCM's alone (docs/notifications.md).
    email_providers: list[Literal["smtp", "sendgrid"]] = ["smtp", "sendgrid"]
    sms_providers: list[Literal["twilio", "vonage"]] = ["twilio", "vonage"]
    whatsapp_providers: list[Literal["whatsapp", "twilio"]] = ["whatsapp", "twilio"]
    mail_from_email: str = "no-reply@lakoo.id"
    mail_from_name: str = "LAKOO"

    smtp_host: str = Field("127.0.0.1", validation_alias=_env("SMTP_HOST"))
    smtp_port: int = Field(3025, validation_alias=_env("SMTP_PORT"))
    smtp_username: str | None = Field(None, validation_alias=_env("SMTP_USERNAME"))
    smtp_password: SecretStr | None = Field(None, validation_alias=_env("SMTP_PASSWORD"))
    smtp_start_tls: bool = Field(False, validation_alias=_env("SMTP_START_TLS"))
    smtp_pool_size: int = 16

    sendgrid_base_url: str = Field(SANDBOX, validation_alias=_env("SENDGRID_BASE_URL"))
    sendgrid_api_key: SecretStr = Field(NO_SECRET, validation_alias=_env("SENDGRID_API_KEY"))
    # base64 DER public key of SendGrid's Signed Event Webhook; development uses the sandbox's
    sendgrid_webhook_public_key: str | None = Field(
        None, validation_alias=_env("SENDGRID_WEBHOOK_PUBLIC_KEY")
    )

    twilio_base_url: str = Field(SANDBOX, validation_alias=_env("TWILIO_BASE_URL"))
    twilio_account_sid: str = Field(
        "AC00000000000000000000000000000000", validation_alias=_env("TWILIO_ACCOUNT_SID")
    )
    twilio_auth_token: SecretStr = Field(NO_SECRET, validation_alias=_env("TWILIO_AUTH_TOKEN"))
    twilio_from: str = Field("LAKOO", validation_alias=_env("TWILIO_FROM"))
    # Twilio as the second WhatsApp provider: its sender, and the Content SID (HX…) each of our
    # approved templates was registered as, e.g. {"lakoo_payment_received": "HX…"}
    twilio_whatsapp_from: str = Field(
        "whatsapp:+15550100001", validation_alias=_env("TWILIO_WHATSAPP_FROM")
    )
    twilio_whatsapp_content_sids: dict[str, str] = Field(
        default_factory=dict, validation_alias=_env("TWILIO_WHATSAPP_CONTENT_SIDS")
    )

    vonage_base_url: str = Field(SANDBOX, validation_alias=_env("VONAGE_BASE_URL"))
    vonage_api_key: str = Field("lakoo-dev", validation_alias=_env("VONAGE_API_KEY"))
    vonage_api_secret: SecretStr = Field(NO_SECRET, validation_alias=_env("VONAGE_API_SECRET"))
    # signs the Messages API's status webhooks (a JWT, HS256)
    vonage_signature_secret: SecretStr = Field(
        NO_SECRET,
        validation_alias=_env("VONAGE_SIGNATURE_SECRET"),
    )
    vonage_from: str = Field("LAKOO", validation_alias=_env("VONAGE_FROM"))

    whatsapp_base_url: str = Field(SANDBOX, validation_alias=_env("WHATSAPP_BASE_URL"))
    whatsapp_api_version: str = Field("v21.0", validation_alias=_env("WHATSAPP_API_VERSION"))
    whatsapp_phone_number_id: str = Field(
        "100000000000001", validation_alias=_env("WHATSAPP_PHONE_NUMBER_ID")
    )
    whatsapp_access_token: SecretStr = Field(
        NO_SECRET, validation_alias=_env("WHATSAPP_ACCESS_TOKEN")
    )
    whatsapp_app_secret: SecretStr = Field(NO_SECRET, validation_alias=_env("WHATSAPP_APP_SECRET"))
    whatsapp_verify_token: SecretStr = Field(
        NO_SECRET,
        validation_alias=_env("WHATSAPP_VERIFY_TOKEN"),
    )

    fcm_base_url: str = Field(SANDBOX, validation_alias=_env("FCM_BASE_URL"))
    fcm_token_url: str = Field(f"{SANDBOX}/token", validation_alias=_env("FCM_TOKEN_URL"))
    fcm_project_id: str = Field("lakoo-dev", validation_alias=_env("FCM_PROJECT_ID"))
    # the service account key file's JSON; development signs with a throwaway key
    fcm_service_account_json: SecretStr | None = Field(
        None, validation_alias=_env("FCM_SERVICE_ACCOUNT_JSON")
    )

    provider_timeout_seconds: float = 10.0
    # retries: attempt n waits retry_base · 2^(n-1) (capped); the last failure is final
    max_attempts: int = 5
    failover_after: int = 2
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 1800.0
    lease_seconds: float = 120.0
    delivery_interval_seconds: float = 0.5
    # messages claimed per round; outcomes are committed every `delivery_record_every` of them,
    # which bounds what a crash can send twice (2 · record_every, see service/delivery.py)
    delivery_batch_size: int = 500
    delivery_record_every: int = 100
    # requests in flight per HTTP provider (over its pooled connections)
    delivery_concurrency: int = 32
    # auth, asked for a recipient whose user.registered has not been consumed yet
    auth_service_url: str = Field(
        f"http://127.0.0.1:{SERVICES['auth'].port}",
        validation_alias=AliasChoices("AUTH_SERVICE_URL", "auth_service_url"),
    )
    upstream_timeout_seconds: float = 3.0
    # DOMAIN.md: quiet hours 22:00–08:00 WIB
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    # Moves the service's clock: tests shift time forward instead of sleeping.
    clock_offset_seconds: float = 0.0

    @model_validator(mode="after")
    def _require_provider_credentials(self) -> Self:
        if self.environment in (Environment.development, Environment.test):
            return self
        missing = [
            name
            for name, value in (
                ("SENDGRID_WEBHOOK_PUBLIC_KEY", self.sendgrid_webhook_public_key),
                ("FCM_SERVICE_ACCOUNT_JSON", self.fcm_service_account_json),
                (
                    "TWILIO_WHATSAPP_CONTENT_SIDS",
                    self.twilio_whatsapp_content_sids or "twilio" not in self.whatsapp_providers,
                ),
            )
            if not value
        ]
        if missing:
            raise ValueError(
                f"{', '.join(missing)} must be set when LAKOO_ENV={self.environment.value}"
            )
        return self

    def now(self) -> datetime:
        """The service's idea of the current time (UTC, shifted by ``clock_offset_seconds``)."""
        return datetime.now(UTC) + timedelta(seconds=self.clock_offset_seconds)

    def sendgrid_public_key(self) -> str:
        """The key receipts from SendGrid are verified with."""
        from api.notification.providers.signatures import DEVELOPMENT_SENDGRID_PUBLIC_KEY

        return self.sendgrid_webhook_public_key or DEVELOPMENT_SENDGRID_PUBLIC_KEY

    def fcm_service_account(self) -> dict[str, Any] | None:
        """The parsed service account, or None (development: a throwaway key)."""
        if self.fcm_service_account_json is None:
            return None
        data: dict[str, Any] = json.loads(self.fcm_service_account_json.get_secret_value())
        return data

    def twilio_content_sids(self) -> dict[str, str]:
        """Our WhatsApp templates' Twilio Content SIDs (development: stable stand-ins)."""
        if self.twilio_whatsapp_content_sids:
            return dict(self.twilio_whatsapp_content_sids)
        from api.notification.kinds import KINDS
        from api.notification.providers.twilio import development_content_sids

        return development_content_sids(kind.whatsapp_template for kind in KINDS.values())

    def webhook_url(self, provider: str) -> str:
        """The public URL of one provider's receipt webhook."""
        return f"{self.public_base_url.rstrip('/')}/webhooks/messages/{provider}"


@lru_cache
def get_settings() -> NotificationSettings:
    """The process's settings (tests build their own copies)."""
    return NotificationSettings()
