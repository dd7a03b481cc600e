"""Email through SendGrid's v3 Mail Send API (``POST /v3/mail/send``, Bearer API key).

SendGrid answers ``202 Accepted`` with the message's id in ``X-Message-Id``; its Event Webhook
later reports ``delivered`` / ``bounce`` / ``dropped`` with ``sg_message_id`` (that id plus a
suffix) and our ``custom_args``, which carry our message id so a receipt finds its message.
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


def mail_send_body(message: Outgoing, *, from_email: str, from_name: str) -> dict[str, Any]:
    """The Mail Send request of one message."""
    content = [{"type": "text/plain", "value": message.body}]
    if message.html_body:
        content.append({"type": "text/html", "value": message.html_body})
    return {
        "personalizations": [{"to": [{"email": message.to}]}],
        "from": {"email": from_email, "name": from_name},
        "subject": message.subject or "",
        "content": content,
        "categories": [message.kind],
        "custom_args": {"lakoo_message_id": str(message.message_id)},
    }


class SendGridProvider(HttpProvider):
    """Sends email through SendGrid (or the sandbox's SendGrid-compatible endpoint)."""

    name = "sendgrid"
    channel: Channel = "email"

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        from_email: str,
        from_name: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._from_email, self._from_name = from_email, from_name
        self._http = http_client(
            base_url,
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {api_key}"},
        )

    async def send(self, message: Outgoing) -> SendResult:
        body = mail_send_body(message, from_email=self._from_email, from_name=self._from_name)
        answer = await self._post("/v3/mail/send", json=body)
        if isinstance(answer, SendResult):
            return answer
        response, data = answer
        if response.status_code == 202:
            return SendResult(
                self.name,
                ok=True,
                provider_message_id=response.headers.get("X-Message-Id"),
                status_code=202,
            )
        errors = data.get("errors") or [{}]
        return failure(self.name, response, str(errors[0].get("message", response.text[:200])))
