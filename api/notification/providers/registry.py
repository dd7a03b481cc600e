"""Every channel's providers in failover order, built from the settings (or injected by tests)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from api.events.values import Channel
from api.notification.providers.base import Provider, SendsSideBySide
from api.notification.providers.fcm import FcmProvider, ServiceAccount, development_service_account
from api.notification.providers.sendgrid import SendGridProvider
from api.notification.providers.smtp import SmtpProvider
from api.notification.providers.twilio import (
    TwilioAccount,
    TwilioProvider,
    TwilioWhatsAppProvider,
)
from api.notification.providers.vonage import VonageSmsProvider
from api.notification.providers.whatsapp import WhatsAppProvider
from api.notification.settings import NotificationSettings


@dataclass
class Providers:
    """The provider chain of each channel (in-app needs none: the inbox is ours)."""

    chains: Mapping[Channel, Sequence[Provider]]
    # clients built but in no chain (a provider switched off): closed with the rest
    unused: Sequence[Provider] = ()

    def chain(self, channel: Channel) -> Sequence[Provider]:
        return self.chains.get(channel, ())

    def for_attempt(
        self, channel: Channel, attempt: int, *, failover_after: int
    ) -> Provider | None:
        """The provider of the ``attempt``-th try: the next one after each ``failover_after``
        failures, the last one for every try after that."""
        chain = self.chain(channel)
        if not chain:
            return None
        return chain[min((attempt - 1) // max(failover_after, 1), len(chain) - 1)]

    async def aclose(self) -> None:
        every = [p for chain in self.chains.values() for p in chain] + list(self.unused)
        for provider in {id(p): p for p in every}.values():
            await provider.aclose()


def build_providers(
    settings: NotificationSettings, *, transport: httpx.AsyncBaseTransport | None = None
) -> Providers:
    """The real clients of the configured providers, in each channel's failover order
    (``transport``: the sandbox in-process)."""
    timeout = settings.provider_timeout_seconds
    twilio = TwilioAccount(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token.get_secret_value(),
        status_callback=settings.webhook_url("twilio"),
    )
    email: dict[str, Provider] = {
        "smtp": SmtpProvider(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=f"{settings.mail_from_name} <{settings.mail_from_email}>",
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            start_tls=settings.smtp_start_tls,
            pool_size=settings.smtp_pool_size,
            timeout=timeout,
        ),
        "sendgrid": SendGridProvider(
            settings.sendgrid_base_url,
            api_key=settings.sendgrid_api_key.get_secret_value(),
            from_email=settings.mail_from_email,
            from_name=settings.mail_from_name,
            timeout=timeout,
            transport=transport,
        ),
    }
    sms: dict[str, Provider] = {
        "twilio": TwilioProvider(
            settings.twilio_base_url,
            account=twilio,
            sender=settings.twilio_from,
            timeout=timeout,
            transport=transport,
        ),
        "vonage": VonageSmsProvider(
            settings.vonage_base_url,
            api_key=settings.vonage_api_key,
            api_secret=settings.vonage_api_secret.get_secret_value(),
            sender=settings.vonage_from,
            timeout=timeout,
            transport=transport,
        ),
    }
    whatsapp: dict[str, Provider] = {
        "whatsapp": WhatsAppProvider(
            settings.whatsapp_base_url,
            phone_number_id=settings.whatsapp_phone_number_id,
            access_token=settings.whatsapp_access_token.get_secret_value(),
            api_version=settings.whatsapp_api_version,
            timeout=timeout,
            transport=transport,
        ),
        "twilio": TwilioWhatsAppProvider(
            settings.twilio_base_url,
            account=twilio,
            sender=settings.twilio_whatsapp_from,
            content_sids=settings.twilio_content_sids(),
            timeout=timeout,
            transport=transport,
        ),
    }
    account_data = settings.fcm_service_account()
    account = (
        ServiceAccount.from_json(account_data, token_uri=settings.fcm_token_url)
        if account_data
        else development_service_account(settings.fcm_token_url)
    )
    push = FcmProvider(
        settings.fcm_base_url,
        project_id=settings.fcm_project_id,
        account=account,
        timeout=timeout,
        transport=transport,
    )
    providers = Providers(
        {
            "email": [email[name] for name in settings.email_providers],
            "sms": [sms[name] for name in settings.sms_providers],
            "whatsapp": [whatsapp[name] for name in settings.whatsapp_providers],
            # FCM alone: a registration token belongs to FCM (docs/notifications.md)
            "push": [push],
        }
    )
    for chain in providers.chains.values():
        for provider in chain:
            if isinstance(provider, SendsSideBySide):
                provider.concurrency = settings.delivery_concurrency
    chained = {id(p) for chain in providers.chains.values() for p in chain}
    providers.unused = [
        p for p in (*email.values(), *sms.values(), *whatsapp.values()) if id(p) not in chained
    ]
    return providers
