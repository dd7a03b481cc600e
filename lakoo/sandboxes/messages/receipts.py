"""Delivery receipts the sandbox sends back, a moment after it accepted a message, signed as
SendGrid, Twilio and Meta sign theirs. Each is a background task; ``drain`` waits for them."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx

from lakoo.sandboxes.messages.signing import (
    sendgrid_key,
    sendgrid_signature,
    twilio_signature,
    vonage_signature,
    whatsapp_signature,
)


class ReceiptSender:
    """Posts receipts to the service's webhooks (through ``transport`` in tests)."""

    def __init__(
        self,
        *,
        sendgrid_url: str,
        whatsapp_url: str,
        vonage_url: str,
        vonage_signature_secret: str,
        vonage_api_key: str,
        sendgrid_seed: str,
        twilio_auth_token: str,
        whatsapp_app_secret: str,
        delay_seconds: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.sendgrid_url = sendgrid_url
        self.whatsapp_url = whatsapp_url
        self.vonage_url = vonage_url
        self._vonage_secret = vonage_signature_secret
        self._vonage_api_key = vonage_api_key
        self._sendgrid_key = sendgrid_key(sendgrid_seed)
        self._twilio_token = twilio_auth_token
        self._whatsapp_secret = whatsapp_app_secret
        self._delay = delay_seconds
        self._http = httpx.AsyncClient(transport=transport, timeout=10.0)
        self.pending: set[asyncio.Task[None]] = set()
        self.statuses: list[int] = []

    def _later(self, post: Coroutine[Any, Any, None]) -> None:
        async def run() -> None:
            if self._delay:
                await asyncio.sleep(self._delay)
            await post

        task = asyncio.get_running_loop().create_task(run())
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _post(self, url: str, content: bytes, headers: dict[str, str]) -> None:
        try:
            response = await self._http.post(url, content=content, headers=headers)
            self.statuses.append(response.status_code)
        except httpx.HTTPError:
            self.statuses.append(0)

    def sendgrid(self, *, email: str, sg_message_id: str, custom_args: dict[str, str]) -> None:
        """``delivered`` for one Mail Send, as SendGrid's Event Webhook posts it."""
        events = [
            {
                "email": email,
                "timestamp": int(time.time()),
                "event": "delivered",
                "sg_event_id": f"sandbox-{sg_message_id}",
                "sg_message_id": f"{sg_message_id}.filter0001.sandbox",
                "response": "250 OK",
                **custom_args,
            }
        ]
        raw = json.dumps(events).encode()
        timestamp = str(int(time.time()))
        headers = {
            "content-type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": sendgrid_signature(
                self._sendgrid_key, timestamp, raw
            ),
            "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
        }
        self._later(self._post(self.sendgrid_url, raw, headers))

    def twilio(
        self,
        *,
        callback: str,
        sid: str,
        account_sid: str,
        to: str,
        sender: str,
        channel: str = "sms",
    ) -> None:
        """``delivered`` for one SMS or WhatsApp message, posted to its ``StatusCallback``."""
        params = {
            "AccountSid": account_sid,
            "From": sender,
            "MessageSid": sid,
            "MessageStatus": "delivered",
            "SmsSid": sid,
            "SmsStatus": "delivered",
            "To": to,
            "ApiVersion": "2010-04-01",
        }
        if channel == "whatsapp":
            params["ChannelPrefix"] = "whatsapp"
        headers = {
            "content-type": "application/x-www-form-urlencoded",
            "X-Twilio-Signature": twilio_signature(self._twilio_token, callback, params),
        }
        self._later(self._post(callback, urlencode(params).encode(), headers))

    def whatsapp(self, *, phone_number_id: str, wamid: str, to: str) -> None:
        """``delivered`` for one template message, as the Cloud API's webhook posts it."""
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "sandbox-waba",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {"phone_number_id": phone_number_id},
                                "statuses": [
                                    {
                                        "id": wamid,
                                        "status": "delivered",
                                        "timestamp": str(int(time.time())),
                                        "recipient_id": to,
                                    }
                                ],
                            },
                        }
                    ],
                }
            ],
        }
        raw = json.dumps(payload).encode()
        headers = {
            "content-type": "application/json",
            "X-Hub-Signature-256": whatsapp_signature(self._whatsapp_secret, raw),
        }
        self._later(self._post(self.whatsapp_url, raw, headers))

    def vonage(self, *, message_uuid: str, to: str, sender: str, client_ref: str | None) -> None:
        """``delivered`` for one SMS, as the Messages API's status webhook posts it: JSON, with
        a JWT (HS256, the signature secret) whose ``payload_hash`` is the body's SHA-256."""
        payload = {
            "message_uuid": message_uuid,
            "to": to,
            "from": sender,
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "status": "delivered",
            "channel": "sms",
            **({"client_ref": client_ref} if client_ref else {}),
        }
        raw = json.dumps(payload).encode()
        headers = {
            "content-type": "application/json",
            "Authorization": "Bearer "
            + vonage_signature(self._vonage_secret, raw, api_key=self._vonage_api_key),
        }
        self._later(self._post(self.vonage_url, raw, headers))

    async def drain(self) -> None:
        """Wait until every scheduled receipt has been posted."""
        while self.pending:
            await asyncio.gather(*list(self.pending), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self.pending):
            task.cancel()
        await self._http.aclose()
