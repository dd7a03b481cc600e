"""The sandbox's SMTP server (aiosmtpd), served on the sandbox's own event loop.

It accepts any sender and recipient, keeps each message per recipient (plain text, HTML, subject
and LAKOO's ``X-Lakoo-Kind`` header), and answers ``451`` (try again later) for the share of
sends it was told to fail — the temporary refusal a busy relay gives.
"""

from __future__ import annotations

import asyncio
import logging
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from lakoo.sandboxes.messages.store import Received, Store

# aiosmtpd logs every command (addresses included) at INFO and the data at DEBUG; bodies hold
# codes and links
logging.getLogger("mail.log").setLevel(logging.WARNING)


# The compat32 parsers: the modern email policy takes ~10x longer on the same message, and the
# sandbox sits in the notification benchmark's path. Headers are read on arrival (what the
# listing and the stats need), the parts when the message is first read.
_PARSER = BytesParser()
_HEADERS = BytesHeaderParser()


def decode_parts(raw: bytes) -> tuple[str, str | None]:
    """The first text/plain and text/html parts of ``raw``, decoded."""
    found: dict[str, str] = {}
    for part in _PARSER.parsebytes(raw).walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html") and kind not in found:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            found[kind] = data.decode(part.get_content_charset() or "utf-8", errors="replace")
    plain = found.get("text/plain", "").replace("\r\n", "\n").strip()
    return plain, found.get("text/html")


def _header(email: Message, name: str) -> str:
    value = str(email.get(name) or "")
    return str(make_header(decode_header(value))) if "=?" in value else value.strip()


class SandboxHandler:
    """aiosmtpd's handler: keep the message, or refuse it when told to fail."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.store.should_fail("smtp"):
            return "451 4.3.0 Temporary failure (sandbox told to fail)"
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode()
        email = _HEADERS.parsebytes(data)
        for recipient in envelope.rcpt_tos:
            self.store.keep(
                Received(
                    provider="smtp",
                    channel="email",
                    to=recipient.lower(),
                    sender=_header(email, "From") or str(envelope.mail_from),
                    subject=_header(email, "Subject"),
                    body="",
                    raw=data,
                    kind=_header(email, "X-Lakoo-Kind") or None,
                    data={
                        "smtp_message_id": _header(email, "Message-ID"),
                        "x_lakoo_message_id": _header(email, "X-Lakoo-Message-Id"),
                    },
                )
            )
        return "250 2.0.0 Message accepted for delivery"


async def start_smtp(store: Store, host: str, port: int) -> asyncio.AbstractServer:
    """Listen for SMTP on ``host:port`` on the running loop."""
    loop = asyncio.get_running_loop()
    handler = SandboxHandler(store)

    def factory() -> Any:
        return SMTP(handler, hostname="sandbox.lakoo.local", data_size_limit=10 * 1024 * 1024)

    return await loop.create_server(factory, host=host, port=port)
