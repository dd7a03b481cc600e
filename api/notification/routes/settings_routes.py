"""The caller's own settings: preferences per category × channel, and push devices."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal
from api.kit.deps import Uow
from api.notification.routes.deps import Settings
from api.notification.schemas import (
    DeviceCreate,
    DeviceRead,
    PreferenceItem,
    Preferences,
    PreferencesUpdate,
)
from api.notification.service import contacts, preferences
from api.notification.service.preferences import Matrix

router = APIRouter(tags=["preferences"])


def _answer(matrix: Matrix) -> Preferences:
    return Preferences(
        items=[
            PreferenceItem(category=category, channel=channel, enabled=enabled)
            for (category, channel), enabled in matrix.items()
        ]
    )


@router.get("/api/notifications/preferences")
@owner("the caller's own preferences")
async def read_preferences(uow: Uow, principal: CurrentPrincipal) -> Preferences:
    """Every (category, channel) of the caller and whether it is on (defaults included)."""
    return _answer(await preferences.effective(uow, principal.user_id))


@router.put("/api/notifications/preferences")
@owner("the caller's own preferences (security cannot be turned off)")
async def update_preferences(
    body: PreferencesUpdate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> Preferences:
    """Change some pairs; turning security off is a 422 naming the item (nothing is saved)."""
    matrix = await preferences.update(
        uow,
        user_id=principal.user_id,
        items=[(i.category, i.channel, i.enabled) for i in body.items],
        now=settings.now(),
    )
    await uow.commit()
    return _answer(matrix)


@router.post("/api/notifications/devices", status_code=201)
@owner("the caller's own push devices")
async def register_device(
    body: DeviceCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> DeviceRead:
    """Register the app's push token for the caller (re-registering moves it to the caller)."""
    device = await contacts.register_device(
        uow,
        user_id=principal.user_id,
        token=body.token,
        platform=body.platform,
        now=settings.now(),
    )
    await uow.commit()
    return DeviceRead.model_validate(device)


@router.get("/api/notifications/devices")
@owner("the caller's own push devices")
async def list_devices(uow: Uow, principal: CurrentPrincipal) -> list[DeviceRead]:
    """The caller's registered devices (tokens are not echoed back)."""
    return [DeviceRead.model_validate(d) for d in await contacts.devices_of(uow, principal.user_id)]


@router.delete("/api/notifications/devices/{device_id}", status_code=204)
@owner("one of the caller's own push devices (another's answers 404)")
async def remove_device(device_id: UUID, uow: Uow, principal: CurrentPrincipal) -> Response:
    """Forget one of the caller's devices (sign-out on that phone)."""
    await contacts.remove_device(uow, user_id=principal.user_id, device_id=device_id)
    await uow.commit()
    return Response(status_code=204)
