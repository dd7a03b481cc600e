"""Email over SMTP (any relay; the messaging sandbox runs a real one on port 3025).

Connections are kept open and reused (one per concurrent send, up to ``pool_size``): opening an
SMTP session per message would cost more than the message. A 4xx reply (greylisting, a busy
relay) is worth another try; a 5xx refusal of the recipient is not.
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

from api.events.values import Channel
from api.notification.providers.base import Outgoing, SendResult


def build_email(message: Outgoing, *, sender: str) -> EmailMessage:
    """The MIME message: plain text, and the HTML alternative when there is one."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to or ""
    email["Subject"] = message.subject or ""
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=message.message_id.hex, domain="lakoo.id")
    email["X-Lakoo-Message-Id"] = str(message.message_id)
    email["X-Lakoo-Kind"] = message.kind
    email.set_content(message.body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    return email


class SmtpProvider:
    """Sends email through an SMTP relay over a small pool of open sessions."""

    name = "smtp"
    channel: Channel = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        start_tls: bool = False,
        pool_size: int = 8,
        timeout: float = 10.0,
    ) -> None:
        self._host, self._port = host, port
        self._sender = sender
        self._username, self._password = username, password
        self._start_tls = start_tls
        self._timeout = timeout
        self._idle: list[aiosmtplib.SMTP] = []
        self._slots = asyncio.Semaphore(pool_size)

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self._host,
            port=self._port,
            timeout=self._timeout,
            start_tls=self._start_tls,
            use_tls=False,
        )
        await client.connect()
        if self._username and self._password:
            await client.login(self._username, self._password)
        return client

    async def send(self, message: Outgoing) -> SendResult:
        email = build_email(message, sender=self._sender)
        async with self._slots:
            client = self._idle.pop() if self._idle else None
            try:
                if client is None or not client.is_connected:
                    client = await self._connect()
                await client.send_message(email)
            except aiosmtplib.SMTPRecipientsRefused as exc:
                await _close(client)
                codes = [r.code for r in exc.recipients]
                return SendResult(
                    self.name,
                    ok=False,
                    error=f"recipient refused: {codes}",
                    retryable=all(400 <= c < 500 for c in codes),
                    status_code=codes[0] if codes else None,
                )
            except aiosmtplib.SMTPResponseException as exc:
                await _close(client)
                return SendResult(
                    self.name,
                    ok=False,
                    error=f"{exc.code}: {exc.message}"[:500],
                    retryable=400 <= exc.code < 500,
                    status_code=exc.code,
                )
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                await _close(client)
                return SendResult(
                    self.name, ok=False, error=f"smtp: {type(exc).__name__}", retryable=True
                )
            self._idle.append(client)
        return SendResult(self.name, ok=True, provider_message_id=str(email["Message-ID"]))

    async def aclose(self) -> None:
        while self._idle:
            await _close(self._idle.pop())


async def _close(client: aiosmtplib.SMTP | None) -> None:
    if client is None or not client.is_connected:
        return
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        client.close()
