"""``POST /internal/messages``: one message for another service (auth's codes and links)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.notification.routes.deps import ProvidersDep, Settings
from api.notification.schemas import MessageAccepted, MessageCreate
from api.notification.service import direct
from api.notification.service.messages import QuietHours

router = APIRouter(tags=["internal"])


@router.post("/internal/messages", status_code=202, dependencies=[InternalCall])
@owner("any user or address the calling service names (auth: the account's own)")
async def send_message(
    body: MessageCreate,
    uow: Uow,
    providers: ProvidersDep,
    settings: Settings,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=8, max_length=200)
    ] = None,
) -> MessageAccepted:
    """Security kinds are sent at once (502 if no provider took them); others are queued.
    Secret parameters are sent, never stored, logged or published."""
    kind, channel = body.checked()
    message = await direct.request(
        uow,
        providers=providers,
        kind=kind,
        channel=channel,
        user_id=body.user_id,
        to=body.to,
        locale=body.locale,
        params=body.params,
        secret_params=body.secret_params,
        dedup_key=f"key:{idempotency_key}" if idempotency_key else None,
        now=settings.now(),
        quiet=QuietHours(settings.quiet_start_hour, settings.quiet_end_hour),
    )
    await uow.commit()
    direct.raise_if_failed(message)
    return MessageAccepted.model_validate(message)
