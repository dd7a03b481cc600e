"""WhatsApp through Meta's WhatsApp Cloud API, with pre-approved message templates.

    POST /{version}/{phone_number_id}/messages   (Bearer access token)
         {messaging_product: "whatsapp", to, type: "template",
          template: {name, language: {code}, components: [{type: "body", parameters: [...]}]}}
         → {messages: [{id: "wamid…"}]}

Business-initiated messages must use a template approved by Meta, so a message is sent as the
template's name plus its body parameters in order; the webhook (``X-Hub-Signature-256``) reports
``sent`` / ``delivered`` / ``read`` / ``failed`` per ``wamid``.
"""

from __future__ import annotations

from typing import Any

import httpx

from api.events.values import Channel
from api.notification.providers.base import (
    HttpProvider,
    Outgoing,
    SendResult,
    failure,
    http_client,
)

# WhatsApp's language codes for our locales
LANGUAGES = {"id": "id", "en": "en_US"}


def template_body(message: Outgoing) -> dict[str, Any]:
    """The Cloud API request of one template message."""
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": (message.to or "").lstrip("+"),
        "type": "template",
        "template": {
            "name": message.whatsapp_template,
            "language": {"code": LANGUAGES.get(message.locale, "id")},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": p} for p in message.whatsapp_parameters
                    ],
                }
            ],
        },
    }


class WhatsAppProvider(HttpProvider):
    """Sends WhatsApp template messages (or to the sandbox's Cloud-API-compatible endpoint)."""

    name = "whatsapp"
    channel: Channel = "whatsapp"

    def __init__(
        self,
        base_url: str,
        *,
        phone_number_id: str,
        access_token: str,
        api_version: str = "v21.0",
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._path = f"/{api_version}/{phone_number_id}/messages"
        self._http = http_client(
            base_url,
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {access_token}"},
        )

    async def send(self, message: Outgoing) -> SendResult:
        if not message.whatsapp_template:
            return SendResult(self.name, ok=False, error="no WhatsApp template", retryable=False)
        answer = await self._post(self._path, json=template_body(message))
        if isinstance(answer, SendResult):
            return answer
        response, data = answer
        if response.status_code == 200 and data.get("messages"):
            return SendResult(
                self.name, ok=True, provider_message_id=str(data["messages"][0].get("id"))
            )
        error = data.get("error") or {}
        return failure(self.name, response, f"{error.get('code')} {error.get('message')}")
