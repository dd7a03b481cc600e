"""The sandbox's SMTP server (aiosmtpd), served on the sandbox's own event loop.

It accepts any sender and recipient, keeps each message per recipient (plain text, HTML, subject
and LAKOO's ``X-Lakoo-Kind`` header), and answers ``451`` (try again later) for the share of
sends it was told to fail — the temporary refusal a busy relay gives.
"""

from __future__ import annotations

import asyncio
import logging
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from lakoo.sandboxes.messages.store import Received, Store

# aiosmtpd logs every command (addresses included) at INFO and the data at DEBUG; bodies hold
# codes and links
logging.getLogger("mail.log").setLevel(logging.WARNING)


def _parts(email: EmailMessage) -> tuple[str, str | None]:
    text = email.get_body(preferencelist=("plain",))
    html = email.get_body(preferencelist=("html",))
    plain = text.get_content().replace("\r\n", "\n").strip() if text is not None else ""
    return plain, html.get_content() if html is not None else None


class SandboxHandler:
    """aiosmtpd's handler: keep the message, or refuse it when told to fail."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.store.should_fail("smtp"):
            return "451 4.3.0 Temporary failure (sandbox told to fail)"
        raw = envelope.original_content or envelope.content or b""
        email = message_from_bytes(
            raw if isinstance(raw, bytes) else raw.encode(), policy=policy.default
        )
        assert isinstance(email, EmailMessage)
        text, html = _parts(email)
        for recipient in envelope.rcpt_tos:
            self.store.keep(
                Received(
                    provider="smtp",
                    channel="email",
                    to=recipient.lower(),
                    sender=str(email.get("From") or envelope.mail_from),
                    subject=str(email.get("Subject") or ""),
                    body=text,
                    html=html,
                    kind=str(email.get("X-Lakoo-Kind") or "") or None,
                    data={
                        "smtp_message_id": str(email.get("Message-ID") or ""),
                        "x_lakoo_message_id": str(email.get("X-Lakoo-Message-Id") or ""),
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
