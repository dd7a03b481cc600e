"""SMS through Vonage's Messages API — the second SMS provider, after Twilio.

    POST /v1/messages   (HTTP Basic: API key, API secret)
         {message_type: "text", channel: "sms", to, from, text, client_ref}
         → 202 {message_uuid}

``to`` is the E.164 number without its ``+``; ``client_ref`` carries our message id, and comes back
in every status webhook. Errors are RFC 7807 problems (``{type, title, detail, instance}``); a
429 or a 5xx is worth another try. Status webhooks (``submitted``, ``delivered``, ``rejected``,
``undeliverable``) are signed: see :mod:`api.notification.providers.signatures`.
"""

from __future__ import annotations

import httpx

from api.events.values import Channel
from api.notification.providers.base import (
    HttpProvider,
    Outgoing,
    SendResult,
    failure,
    http_client,
)


def message_body(message: Outgoing, *, sender: str) -> dict[str, str]:
    """The Messages API request of one SMS."""
    return {
        "message_type": "text",
        "channel": "sms",
        "to": (message.to or "").lstrip("+"),
        "from": sender,
        "text": message.body,
        "client_ref": str(message.message_id),
    }


class VonageSmsProvider(HttpProvider):
    """Sends SMS through Vonage (or the sandbox's Messages-API-compatible endpoint)."""

    name = "vonage"
    channel: Channel = "sms"

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        api_secret: str,
        sender: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._sender = sender
        self._http = http_client(
            base_url,
            timeout=timeout,
            transport=transport,
            auth=httpx.BasicAuth(api_key, api_secret),
        )

    async def send(self, message: Outgoing) -> SendResult:
        body = message_body(message, sender=self._sender)
        answer = await self._post("/v1/messages", json=body)
        if isinstance(answer, SendResult):
            return answer
        response, data = answer
        if response.status_code == 202 and data.get("message_uuid"):
            return SendResult(
                self.name, ok=True, provider_message_id=str(data["message_uuid"]), status_code=202
            )
        return failure(self.name, response, f"{data.get('title')}: {data.get('detail')}")
