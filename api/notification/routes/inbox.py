"""The caller's in-app inbox: list, unread count, mark read (one, all). Every user has one."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging
from api.notification.routes.deps import Settings
from api.notification.schemas import MarkedRead, NotificationRead, UnreadCount
from api.notification.service import inbox

router = APIRouter(tags=["inbox"])


@router.get("/api/notifications")
@owner("the caller's own in-app messages")
async def list_notifications(
    uow: Uow,
    principal: CurrentPrincipal,
    paging: Paging,
    unread_only: Annotated[bool, Query()] = False,
) -> Page[NotificationRead]:
    """The caller's in-app messages, newest first (any signed-in role; only their own)."""
    rows, total = await inbox.page(
        uow,
        user_id=principal.user_id,
        unread_only=unread_only,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return Page[NotificationRead](
        items=[NotificationRead.model_validate(r) for r in rows],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/notifications/unread-count")
@owner("the caller's own in-app messages")
async def unread_count(uow: Uow, principal: CurrentPrincipal) -> UnreadCount:
    """How many of the caller's in-app messages are unread."""
    return UnreadCount(count=await inbox.unread_count(uow, user_id=principal.user_id))


@router.post("/api/notifications/read-all")
@owner("the caller's own in-app messages")
async def mark_all_read(uow: Uow, principal: CurrentPrincipal, settings: Settings) -> MarkedRead:
    """Mark every unread in-app message of the caller read."""
    updated = await inbox.mark_all_read(uow, user_id=principal.user_id, now=settings.now())
    await uow.commit()
    return MarkedRead(updated=updated)


@router.post("/api/notifications/{notification_id}/read")
@owner("one of the caller's own in-app messages (another's answers 404)")
async def mark_read(
    notification_id: UUID, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> NotificationRead:
    """Mark one of the caller's in-app messages read (404 for anyone else's)."""
    message = await inbox.mark_read(
        uow, user_id=principal.user_id, message_id=notification_id, now=settings.now()
    )
    await uow.commit()
    return NotificationRead.model_validate(message)
