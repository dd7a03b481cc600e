"""SMS through Twilio's Programmable Messaging API.

    POST /2010-04-01/Accounts/{AccountSid}/Messages.json   (HTTP Basic: AccountSid, AuthToken)
         form: To, From, Body, StatusCallback              → 201 {sid: "SM…", status, …}

Twilio later calls ``StatusCallback`` (form-encoded ``MessageSid``, ``MessageStatus``…) signed with
``X-Twilio-Signature``; see :mod:`api.notification.providers.signatures`.
"""

from __future__ import annotations

import httpx

from api.events.values import Channel
from api.notification.providers.base import (
    Outgoing,
    SendResult,
    SendsSideBySide,
    failure,
    http_client,
    json_or_empty,
    post,
)


class TwilioProvider(SendsSideBySide):
    """Sends SMS through Twilio (or the sandbox's Twilio-compatible endpoint)."""

    name = "twilio"
    channel: Channel = "sms"

    def __init__(
        self,
        base_url: str,
        *,
        account_sid: str,
        auth_token: str,
        sender: str,
        status_callback: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._path = f"/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._sender = sender
        self._status_callback = status_callback
        self._http = http_client(
            base_url,
            timeout=timeout,
            transport=transport,
            auth=httpx.BasicAuth(account_sid, auth_token),
        )

    async def send(self, message: Outgoing) -> SendResult:
        form = {
            "To": message.to or "",
            "From": self._sender,
            "Body": message.body,
            "StatusCallback": self._status_callback,
        }
        response, broken = await post(self.name, self._http, self._path, data=form)
        if broken:
            return broken
        assert response is not None
        data = json_or_empty(response)
        if response.status_code in (200, 201) and data.get("sid"):
            return SendResult(
                self.name, ok=True, provider_message_id=str(data["sid"]), status_code=201
            )
        return failure(self.name, response, f"{data.get('code')} {data.get('message')}")

    async def aclose(self) -> None:
        await self._http.aclose()
