"""Delivery of codes and links to users: a provider interface and its local implementation.

Real providers (SendGrid for email, Twilio/WhatsApp for SMS) would sit behind the same
``MessageSender`` protocol. The local sender, the default in development and tests, records each
message in ``sent_messages`` inside the caller's transaction (so a rolled-back request sends
nothing); developers read them with ``GET /internal/auth/messages?recipient=...``.
"""

from __future__ import annotations

from typing import Literal, Protocol

from sqlalchemy import select

from api.auth.models import SentMessage
from api.kit.uow import UnitOfWork

Channel = Literal["email", "sms"]


class MessageSender(Protocol):
    """Sends one message to a user over a channel."""

    async def send(
        self, uow: UnitOfWork, *, channel: Channel, recipient: str, subject: str, body: str
    ) -> None: ...


class LocalMessageSender:
    """Records messages in auth_db's ``sent_messages`` instead of sending them."""

    async def send(
        self, uow: UnitOfWork, *, channel: Channel, recipient: str, subject: str, body: str
    ) -> None:
        uow.session.add(
            SentMessage(channel=channel, recipient=recipient, subject=subject, body=body)
        )


async def recorded_messages(
    uow: UnitOfWork, *, recipient: str | None = None, limit: int = 50
) -> list[SentMessage]:
    """The newest recorded messages, optionally for one recipient."""
    query = select(SentMessage).order_by(SentMessage.id.desc()).limit(limit)
    if recipient:
        query = query.where(SentMessage.recipient == recipient.lower())
    return list((await uow.session.scalars(query)).all())
