"""Who can be reached and how: users (from ``user.*``), suppliers (from ``supplier.*``), devices.

Contact rows are upserted, so events that arrive twice or out of order between aggregates leave
the latest values; a ``user.role_changed`` for a user not seen yet creates the row with the role.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from api.events.supplier import SupplierCreated, SupplierUpdated
from api.events.user import UserRegistered
from api.kit.uow import UnitOfWork
from api.notification.errors import DeviceNotFound
from api.notification.models import Device, Recipient, Supplier


async def remember_user(uow: UnitOfWork, event: UserRegistered) -> None:
    """Record a registered user's email, phone, name and role."""
    values = {
        "email": event.email,
        "phone": event.phone,
        "full_name": event.full_name,
        "role": event.role,
        "updated_at": event.registered_at,
    }
    await upsert_recipient(uow, event.user_id, values)


async def change_role(uow: UnitOfWork, *, user_id: UUID, role: str, at: datetime) -> None:
    """Staff are reached by role (warehouse staff for low stock): keep each user's role."""
    await upsert_recipient(uow, user_id, {"role": role, "updated_at": at})


async def verified_email(uow: UnitOfWork, *, user_id: UUID, email: str, at: datetime) -> None:
    """A verified address is the one to write to."""
    await upsert_recipient(uow, user_id, {"email": email, "updated_at": at})


async def upsert_recipient(uow: UnitOfWork, user_id: UUID, values: dict[str, Any]) -> None:
    statement = insert(Recipient).values(user_id=user_id, **values)
    await uow.session.execute(
        statement.on_conflict_do_update(index_elements=[Recipient.user_id], set_=values)
    )


async def recipient(uow: UnitOfWork, user_id: UUID) -> Recipient | None:
    return await uow.session.get(Recipient, user_id)


async def recipients(uow: UnitOfWork, user_ids: Collection[UUID]) -> dict[UUID, Recipient]:
    """The known users among ``user_ids`` (one query for a whole batch)."""
    if not user_ids:
        return {}
    rows = await uow.session.scalars(select(Recipient).where(Recipient.user_id.in_(user_ids)))
    return {person.user_id: person for person in rows.all()}


async def staff_with_role(uow: UnitOfWork, role: str) -> list[Recipient]:
    """Every user who currently has ``role`` (in a fixed order)."""
    rows = await uow.session.scalars(
        select(Recipient).where(Recipient.role == role).order_by(Recipient.user_id)
    )
    return list(rows.all())


async def remember_supplier(uow: UnitOfWork, event: SupplierCreated | SupplierUpdated) -> None:
    """Record a supplier's name, contacts and status (the PO WhatsApp goes there)."""
    at = event.created_at if isinstance(event, SupplierCreated) else event.updated_at
    values = {
        "name": event.name,
        "contact_name": event.contact_name,
        "whatsapp": event.whatsapp,
        "email": event.email,
        "status": event.status,
        "updated_at": at,
    }
    statement = insert(Supplier).values(supplier_id=event.supplier_id, **values)
    await uow.session.execute(
        statement.on_conflict_do_update(index_elements=[Supplier.supplier_id], set_=values)
    )


async def suppliers(uow: UnitOfWork, supplier_ids: Collection[UUID]) -> dict[UUID, Supplier]:
    """The known suppliers among ``supplier_ids`` (one query)."""
    if not supplier_ids:
        return {}
    rows = await uow.session.scalars(select(Supplier).where(Supplier.supplier_id.in_(supplier_ids)))
    return {vendor.supplier_id: vendor for vendor in rows.all()}


async def register_device(
    uow: UnitOfWork, *, user_id: UUID, token: str, platform: str, now: datetime
) -> Device:
    """Register (or move to this user) a push token; one row per token."""
    values = {"user_id": user_id, "platform": platform, "active": True, "last_seen_at": now}
    statement = (
        insert(Device)
        .values(token=token, created_at=now, **values)
        .on_conflict_do_update(index_elements=[Device.token], set_=values)
        .returning(Device.id)
    )
    device_id = (await uow.session.execute(statement)).scalar_one()
    device = await uow.session.get(Device, device_id, populate_existing=True)
    assert device is not None
    return device


async def devices_of(uow: UnitOfWork, user_id: UUID) -> list[Device]:
    rows = await uow.session.scalars(
        select(Device).where(Device.user_id == user_id).order_by(Device.created_at)
    )
    return list(rows.all())


async def remove_device(uow: UnitOfWork, *, user_id: UUID, device_id: UUID) -> None:
    """Forget one of the caller's devices (404 for anyone else's: ids are not confirmed)."""
    device = await uow.session.get(Device, device_id)
    if device is None or device.user_id != user_id:
        raise DeviceNotFound("No such device")
    await uow.session.delete(device)


async def active_tokens(uow: UnitOfWork, user_ids: Collection[UUID]) -> dict[UUID, list[str]]:
    """Each of ``user_ids``' active push tokens, oldest first (users without any are absent)."""
    if not user_ids:
        return {}
    rows = await uow.session.execute(
        select(Device.user_id, Device.token)
        .where(Device.user_id.in_(user_ids), Device.active.is_(True))
        .order_by(Device.created_at)
    )
    found: dict[UUID, list[str]] = {}
    for user_id, token in rows:
        found.setdefault(user_id, []).append(token)
    return found


async def deactivate_tokens(uow: UnitOfWork, tokens: list[str]) -> None:
    """Tokens the push provider reported gone are not tried again."""
    if tokens:
        await uow.session.execute(
            update(Device).where(Device.token.in_(tokens)).values(active=False)
        )
