"""Email over SMTP (any relay; the messaging sandbox runs a real one on port 3025).

Sessions are kept open and reused: opening an SMTP session per message would cost more than the
message. A batch is spread over up to ``pool_size`` sessions, each sending its share one after
another (``send_many``). A 4xx reply (greylisting, a busy relay) is worth another try; a 5xx
refusal of the recipient is not.

The MIME message is written directly (RFC 5322 headers, a ``multipart/alternative`` of base64
UTF-8 parts): Python's ``email`` package takes milliseconds per message to build what is a few
string joins. The ``Message-ID`` is derived from LAKOO's message id, so a message sent again
after a crash (see :mod:`service.delivery`) carries the same id and mail systems that
deduplicate by it show it once.
"""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Sequence
from email.header import Header
from email.utils import formatdate, parseaddr

import aiosmtplib
from aiosmtplib.typing import SMTPStatus

from api.events.values import Channel
from api.notification.providers.base import Outgoing, SendResult

# what an address must look like to be written into MAIL / RCPT as it is
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")

# One boundary for every message: both parts are base64, whose lines never hold "-" or "_", so it
# cannot occur inside them — and a parser compiles a pattern per distinct boundary it meets.
BOUNDARY = "=_lakoo_alternative_0"


def message_id_header(message: Outgoing) -> str:
    return f"<{message.message_id.hex}@lakoo.id>"


def _header_text(value: str) -> str:
    """One line of header text: no line breaks (no header injection), RFC 2047 if not ASCII."""
    line = " ".join(value.splitlines()).strip()
    if line.isascii() and len(line) < 900:
        return line
    return Header(line, "utf-8").encode()


def _base64_part(content_type: str, text: str) -> str:
    encoded = base64.encodebytes(text.encode()).decode().replace("\n", "\r\n")
    return (
        f"Content-Type: {content_type}; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{encoded}"
    )


def build_email(message: Outgoing, *, sender: str) -> bytes:
    """The MIME message: plain text, and the HTML alternative when there is one."""
    headers = [
        f"From: {sender}",
        f"To: {_header_text(message.to or '')}",
        f"Subject: {_header_text(message.subject or '')}",
        f"Date: {formatdate(localtime=False)}",
        f"Message-ID: {message_id_header(message)}",
        f"X-Lakoo-Message-Id: {message.message_id}",
        f"X-Lakoo-Kind: {_header_text(message.kind)}",
        "MIME-Version: 1.0",
    ]
    if not message.html_body:
        # a single part: its Content-* lines end the header block
        return ("\r\n".join(headers) + "\r\n" + _base64_part("text/plain", message.body)).encode()
    boundary = BOUNDARY
    headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    body = (
        f"--{boundary}\r\n{_base64_part('text/plain', message.body)}"
        f"--{boundary}\r\n{_base64_part('text/html', message.html_body)}"
        f"--{boundary}--\r\n"
    )
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()


def _formatted_sender(sender: str) -> str:
    name, address = parseaddr(sender)
    return f"{_header_text(name)} <{address}>" if name else address


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
        self._sender = _formatted_sender(sender)
        self._envelope_sender = parseaddr(sender)[1]
        self._mail_from = b"FROM:<" + self._envelope_sender.encode() + b">"
        self._username, self._password = username, password
        self._start_tls = start_tls
        self._timeout = timeout
        self._pool_size = pool_size
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
        return (await self.send_many([message]))[0]

    async def send_many(self, messages: Sequence[Outgoing]) -> list[SendResult]:
        """Spread ``messages`` over up to ``pool_size`` sessions; each sends one after another."""
        results: list[SendResult | None] = [None] * len(messages)
        pending = iter(enumerate(messages))  # shared: each session takes the next message

        async def session() -> None:
            async with self._slots:
                client = self._idle.pop() if self._idle else None
                for index, message in pending:
                    client, results[index] = await self._send_on(client, message)
                if client is not None:
                    self._idle.append(client)

        await asyncio.gather(*(session() for _ in range(min(self._pool_size, len(messages)))))
        return [r for r in results if r is not None]

    async def _send_on(
        self, client: aiosmtplib.SMTP | None, message: Outgoing
    ) -> tuple[aiosmtplib.SMTP | None, SendResult]:
        """Send one message on ``client`` (connecting first if needed); a session that failed is
        closed and not handed back."""
        to = message.to or ""
        if not to or "\r" in to or "\n" in to:
            return client, SendResult(self.name, ok=False, error="bad address", retryable=False)
        raw = build_email(message, sender=self._sender)
        try:
            if client is None or not client.is_connected:
                client = await self._connect()
            await self._transaction(client, to, raw)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            await _close(client)
            codes = [r.code for r in exc.recipients]
            return None, SendResult(
                self.name,
                ok=False,
                error=f"recipient refused: {codes}",
                retryable=all(400 <= c < 500 for c in codes),
                status_code=codes[0] if codes else None,
            )
        except aiosmtplib.SMTPResponseException as exc:
            await _close(client)
            return None, SendResult(
                self.name,
                ok=False,
                error=f"{exc.code}: {exc.message}"[:500],
                retryable=400 <= exc.code < 500,
                status_code=exc.code,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await _close(client)
            return None, SendResult(
                self.name, ok=False, error=f"smtp: {type(exc).__name__}", retryable=True
            )
        return client, SendResult(
            self.name, ok=True, provider_message_id=message_id_header(message)
        )

    async def _transaction(self, client: aiosmtplib.SMTP, to: str, raw: bytes) -> None:
        """MAIL, RCPT, DATA. Plain ASCII addresses (all LAKOO sends) go as they are: the library's
        general address parsing costs more than the rest of the transaction."""
        if not (to.isascii() and _PLAIN_ADDRESS.fullmatch(to)):
            await client.sendmail(self._envelope_sender, [to], raw)
            return
        # one deadline for the whole transaction instead of a timer per reply
        async with asyncio.timeout(self._timeout):
            if client.is_ehlo_or_helo_needed:
                await client.ehlo()
            response = await client.execute_command(b"MAIL", self._mail_from, timeout=None)
            if response.code != SMTPStatus.completed:
                raise aiosmtplib.SMTPSenderRefused(response.code, response.message, self._sender)
            rcpt = b"TO:<" + to.encode() + b">"
            response = await client.execute_command(b"RCPT", rcpt, timeout=None)
            if response.code not in (SMTPStatus.completed, SMTPStatus.will_forward):
                raise aiosmtplib.SMTPRecipientsRefused(
                    [aiosmtplib.SMTPRecipientRefused(response.code, response.message, to)]
                )
            await client.data(raw, timeout=None)

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
