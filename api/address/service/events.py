"""``address.created`` / ``address.updated`` built from the catalog."""

from __future__ import annotations

from datetime import datetime

from api.address.models import Address, Village
from api.events.address import AddressCreated, AddressUpdated
from api.events.values import AddressSnapshot
from api.kit.uow import UnitOfWork


def snapshot_of(address: Address, village: Village) -> AddressSnapshot:
    """The catalog's address snapshot (codes and the names downstream reports need)."""
    return AddressSnapshot(
        address_id=address.id,
        recipient_name=address.recipient_name,
        phone=address.phone,
        street=address.street,
        village_code=village.code,
        district_code=village.district_code,
        regency_code=village.regency_code,
        province_code=village.province_code,
        postal_code=address.postal_code,
        city=village.city,
        province=village.province,
    )


async def created(uow: UnitOfWork, address: Address, village: Village, now: datetime) -> None:
    """Announce a new address."""
    await uow.outbox.add(
        AddressCreated(
            user_id=address.user_id,
            address=snapshot_of(address, village),
            label=address.label,
            is_default=address.is_default,
            created_at=now,
        ),
        aggregate_id=address.id,
    )


async def updated(
    uow: UnitOfWork, address: Address, village: Village, fields: list[str], now: datetime
) -> None:
    """Announce a change (``fields`` names what changed)."""
    await uow.outbox.add(
        AddressUpdated(
            user_id=address.user_id,
            address=snapshot_of(address, village),
            label=address.label,
            is_default=address.is_default,
            changed_fields=sorted(fields),
            updated_at=now,
        ),
        aggregate_id=address.id,
    )
