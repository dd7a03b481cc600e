"""Delivery of codes and links to users: a provider interface and its local implementation.

Real providers (SendGrid for email, Twilio/WhatsApp for SMS, later the notification service)
would sit behind the same ``MessageSender`` protocol. A message's secret (a code, a reset token)
travels beside its body, which marks its place with :data:`SECRET`: DOMAIN says such secrets are
sent but never stored in clear, and the one-time codes themselves are kept only hashed.

The local sender, the default in development and tests, records each message in
``sent_messages`` inside the caller's transaction (so a rolled-back request sends nothing), with
the secret sealed (AES-GCM, under a key derived from the internal API key, bound to the
recipient): a copy of the database — a backup, an injected ``SELECT`` — shows no usable code.
Developers read them with ``GET /internal/auth/messages?recipient=...`` (the internal key).
"""

from __future__ import annotations

import os
from typing import Literal, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr
from sqlalchemy import select

from api.auth.models import SentMessage
from api.kit.uow import UnitOfWork

Channel = Literal["email", "sms"]

SECRET = "{secret}"  # where a message's secret goes in its body
_NONCE = 12


class MessageSender(Protocol):
    """Sends one message to a user over a channel; ``secret`` goes where ``body`` has
    :data:`SECRET`."""

    async def send(
        self,
        uow: UnitOfWork,
        *,
        channel: Channel,
        recipient: str,
        subject: str,
        body: str,
        secret: str | None = None,
    ) -> None: ...


class LocalMessageSender:
    """Records messages in auth_db's ``sent_messages`` instead of sending them, secrets sealed."""

    def __init__(self, key: SecretStr) -> None:
        material = key.get_secret_value().encode()
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"lakoo auth sent_messages"
        ).derive(material)
        self._aead = AESGCM(derived)

    async def send(
        self,
        uow: UnitOfWork,
        *,
        channel: Channel,
        recipient: str,
        subject: str,
        body: str,
        secret: str | None = None,
    ) -> None:
        sealed = None if secret is None else self._seal(secret, channel, recipient)
        uow.session.add(
            SentMessage(
                channel=channel,
                recipient=recipient,
                subject=subject,
                body=body,
                sealed_secret=sealed,
            )
        )

    def render(self, message: SentMessage) -> str:
        """The body as its recipient would have read it: the secret unsealed into its place."""
        if message.sealed_secret is None:
            return message.body
        nonce, ciphertext = message.sealed_secret[:_NONCE], message.sealed_secret[_NONCE:]
        try:
            secret = self._aead.decrypt(
                nonce, ciphertext, _bound_to(message.channel, message.recipient)
            ).decode()
        except InvalidTag:  # sealed under an earlier internal key, or moved to another row
            secret = "[sealed under another key]"
        return message.body.replace(SECRET, secret)

    def _seal(self, secret: str, channel: str, recipient: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, secret.encode(), _bound_to(channel, recipient))


def _bound_to(channel: str, recipient: str) -> bytes:
    # associated data: a sealed secret copied onto another recipient's row does not open
    return f"{channel}\n{recipient}".encode()


async def recorded_messages(
    uow: UnitOfWork, *, recipient: str | None = None, limit: int = 50
) -> list[SentMessage]:
    """The newest recorded messages, optionally for one recipient."""
    query = select(SentMessage).order_by(SentMessage.id.desc()).limit(limit)
    if recipient:
        query = query.where(SentMessage.recipient == recipient.lower())
    return list((await uow.session.scalars(query)).all())
