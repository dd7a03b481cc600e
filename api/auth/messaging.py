"""Delivery of codes and links to users, through the notification service.

Auth asks ``POST /internal/messages`` for a ``verification_code`` or ``password_reset`` message;
the code or link travels as a *secret* parameter, which the notification service renders into
what it sends and never stores, logs or publishes. The send happens before auth commits the
code: if no provider took the message the request fails (503) and no unusable code is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Protocol
from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import ServiceUnavailable, UpstreamError
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork

Channel = Literal["email", "sms"]
log = get_logger(__name__)


class MessageSender(Protocol):
    """Sends one message of a kind to a user over a channel."""

    async def send(
        self,
        uow: UnitOfWork,
        *,
        user_id: UUID | None,
        channel: Channel,
        recipient: str,
        kind: str,
        params: Mapping[str, Any],
        secret_params: Mapping[str, str],
    ) -> None: ...


class NotificationSender:
    """Hands messages to the notification service (``/internal/messages``)."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    async def send(
        self,
        uow: UnitOfWork,
        *,
        user_id: UUID | None,
        channel: Channel,
        recipient: str,
        kind: str,
        params: Mapping[str, Any],
        secret_params: Mapping[str, str],
    ) -> None:
        body = {
            "user_id": str(user_id) if user_id else None,
            "to": recipient,
            "kind": kind,
            "channel": channel,
            "params": dict(params),
            "secret_params": dict(secret_params),
        }
        try:
            response = await self.client.post("/internal/messages", json=body)
        except UpstreamError as exc:
            raise ServiceUnavailable("The message could not be sent; try again shortly") from exc
        if response.status_code != 202:
            # the body never carries the secret back; the status says enough
            log.warning("message refused", extra={"kind": kind, "status": response.status_code})
            raise ServiceUnavailable("The message could not be sent; try again shortly")

    async def aclose(self) -> None:
        await self.client.aclose()
