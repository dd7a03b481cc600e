"""SMS — and WhatsApp, the second WhatsApp provider — through Twilio's Programmable Messaging API.

    POST /2010-04-01/Accounts/{AccountSid}/Messages.json   (HTTP Basic: AccountSid, AuthToken)
         SMS:      To=+62…, From, Body, StatusCallback
         WhatsApp: To=whatsapp:+62…, From=whatsapp:+…, ContentSid=HX…,
                   ContentVariables={"1": …, "2": …}, StatusCallback
         → 201 {sid: "SM…", status, …}

Business-initiated WhatsApp messages must use a template Meta approved; on Twilio a template is a
Content resource (``HX`` + 32 hex digits), so each of our ``lakoo_<kind>`` templates maps to the
Content SID it was registered as (``TWILIO_WHATSAPP_CONTENT_SIDS``) and its parameters become the
numbered variables. Twilio later calls ``StatusCallback`` (form-encoded ``MessageSid``,
``MessageStatus``…) signed with ``X-Twilio-Signature``, for both channels; see
:mod:`api.notification.providers.signatures`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import httpx

from api.events.values import Channel
from api.notification.providers.base import (
    HttpProvider,
    Outgoing,
    SendResult,
    failure,
    http_client,
)


def development_content_sid(template: str) -> str:
    """A stable stand-in Content SID for ``template`` where none is configured (development)."""
    return "HX" + hashlib.sha256(template.encode()).hexdigest()[:32]


def development_content_sids(templates: Iterable[str]) -> dict[str, str]:
    return {name: development_content_sid(name) for name in templates}


@dataclass(frozen=True, slots=True)
class TwilioAccount:
    """The account both of Twilio's senders use, and where its status callbacks go."""

    account_sid: str
    auth_token: str
    status_callback: str


class _TwilioMessages(HttpProvider):
    """What Twilio's SMS and WhatsApp senders share: the Messages resource and its answers."""

    name = "twilio"
    channel: Channel

    def __init__(
        self,
        base_url: str,
        *,
        account: TwilioAccount,
        timeout: float,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        self._path = f"/2010-04-01/Accounts/{account.account_sid}/Messages.json"
        self._status_callback = account.status_callback
        self._http = http_client(
            base_url,
            timeout=timeout,
            transport=transport,
            auth=httpx.BasicAuth(account.account_sid, account.auth_token),
        )

    async def _create(self, form: dict[str, str]) -> SendResult:
        form = {**form, "StatusCallback": self._status_callback}
        answer = await self._post(self._path, data=form)
        if isinstance(answer, SendResult):
            return answer
        response, data = answer
        if response.status_code in (200, 201) and data.get("sid"):
            return SendResult(
                self.name, ok=True, provider_message_id=str(data["sid"]), status_code=201
            )
        return failure(self.name, response, f"{data.get('code')} {data.get('message')}")


class TwilioProvider(_TwilioMessages):
    """Sends SMS through Twilio (or the sandbox's Twilio-compatible endpoint)."""

    channel: Channel = "sms"

    def __init__(
        self,
        base_url: str,
        *,
        account: TwilioAccount,
        sender: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(base_url, account=account, timeout=timeout, transport=transport)
        self._sender = sender

    async def send(self, message: Outgoing) -> SendResult:
        return await self._create(
            {"To": message.to or "", "From": self._sender, "Body": message.body}
        )


class TwilioWhatsAppProvider(_TwilioMessages):
    """Sends WhatsApp template messages through Twilio (Content templates)."""

    channel: Channel = "whatsapp"

    def __init__(
        self,
        base_url: str,
        *,
        account: TwilioAccount,
        sender: str,
        content_sids: Mapping[str, str],
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(base_url, account=account, timeout=timeout, transport=transport)
        self._sender = sender if sender.startswith("whatsapp:") else f"whatsapp:{sender}"
        self._content_sids = dict(content_sids)

    async def send(self, message: Outgoing) -> SendResult:
        content_sid = self._content_sids.get(message.whatsapp_template or "")
        if content_sid is None:
            return SendResult(
                self.name,
                ok=False,
                error=f"no Twilio Content SID for template {message.whatsapp_template!r}",
                retryable=False,
            )
        variables = {str(n): value for n, value in enumerate(message.whatsapp_parameters, 1)}
        return await self._create(
            {
                "To": f"whatsapp:{message.to or ''}",
                "From": self._sender,
                "ContentSid": content_sid,
                "ContentVariables": json.dumps(variables, ensure_ascii=False),
            }
        )
