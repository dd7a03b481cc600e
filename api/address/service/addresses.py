"""Users' addresses: validated against the villages, one default each, never the last deleted.

Every change to one user's addresses first locks that user's address rows in a fixed order
(by id), so two concurrent requests cannot both "promote" or both delete the last address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from lokal.phone import normalize_phone
from sqlalchemy import func, select

from api.address.errors import AddressNotFound, LastAddress, TooManyAddresses
from api.address.models import Address, Village
from api.address.schemas import (
    AddressCheck,
    AddressCreate,
    AddressRead,
    AddressSnapshot,
    AddressUpdate,
    ValidatedAddress,
)
from api.address.service import events
from api.kit.auth import Principal, ensure_owner
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork


def normalized_phone(phone: str) -> str:
    """An Indonesian phone number in E.164 (+62…); 422 naming ``phone`` otherwise."""
    e164 = normalize_phone(phone)
    if e164 is None:
        raise Unprocessable("Not a valid Indonesian phone number", field="phone")
    return e164


async def checked_village(uow: UnitOfWork, *, village_code: str, postal_code: str) -> Village:
    """The village, once its code exists and ``postal_code`` is its postal code (else 422)."""
    village = await uow.session.get(Village, village_code)
    if village is None:
        raise Unprocessable(f"Unknown village code {village_code}", field="village_code")
    if village.postal_code != postal_code:
        raise Unprocessable(
            f"Postal code {postal_code} does not belong to {village.name}, {village.district} "
            f"(its postal code is {village.postal_code})",
            field="postal_code",
        )
    return village


async def create_address(
    uow: UnitOfWork, *, user_id: UUID, body: AddressCreate, now: datetime, limit: int
) -> AddressRead:
    """Save a validated address; the user's first address becomes the default."""
    phone = normalized_phone(body.phone)
    village = await checked_village(
        uow, village_code=body.village_code, postal_code=body.postal_code
    )
    existing = await _lock_user(uow, user_id)
    if len(existing) >= limit:
        raise TooManyAddresses(f"At most {limit} addresses per user")
    make_default = body.is_default or not existing
    if make_default:
        await _clear_default(uow, existing, now)
    address = Address(
        user_id=user_id,
        label=body.label,
        recipient_name=body.recipient_name,
        phone=phone,
        street=body.street,
        village_code=village.code,
        postal_code=body.postal_code,
        is_default=make_default,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(address)
    await uow.session.flush()
    await events.created(uow, address, village, now)
    return read(address, village)


async def update_address(
    uow: UnitOfWork, *, principal: Principal, address_id: UUID, body: AddressUpdate, now: datetime
) -> AddressRead:
    """Change an address (owner only); making it the default demotes the previous one."""
    address = await _owned(uow, principal, address_id)
    siblings = await _lock_user(uow, address.user_id)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    # an explicit null only clears the label; for the rest it is a bad input, refused before
    # anything reads it (the fuzzer found ``is_default: null`` and ``phone: null`` as 500s)
    for field in ("recipient_name", "street", "village_code", "postal_code", "phone", "is_default"):
        if field in changes and changes[field] is None:
            raise Unprocessable(f"{field} cannot be null", field=field)
    if "phone" in changes:
        changes["phone"] = normalized_phone(changes["phone"])
    village = await checked_village(
        uow,
        village_code=changes.get("village_code", address.village_code),
        postal_code=changes.get("postal_code", address.postal_code),
    )
    if changes.get("is_default") is False and address.is_default:
        raise Unprocessable("Make another address the default instead", field="is_default")
    if changes.get("is_default") and not address.is_default:
        await _clear_default(uow, [a for a in siblings if a.id != address.id], now)
    changed = [name for name, value in changes.items() if getattr(address, name) != value]
    for name in changed:
        setattr(address, name, changes[name])
    if changed:
        address.updated_at = now
        await uow.session.flush()
        await events.updated(uow, address, village, changed, now)
    return read(address, village)


async def delete_address(
    uow: UnitOfWork, *, principal: Principal, address_id: UUID, now: datetime
) -> None:
    """Delete an address (not the last one); deleting the default promotes the newest other."""
    address = await _owned(uow, principal, address_id)
    siblings = await _lock_user(uow, address.user_id)
    others = [a for a in siblings if a.id != address.id]
    if not others:
        raise LastAddress("The only address cannot be deleted; add another first")
    await uow.session.delete(address)
    await uow.session.flush()
    if address.is_default:
        heir = max(others, key=lambda a: (a.updated_at, a.id))
        heir.is_default = True
        heir.updated_at = now
        await uow.session.flush()
        village = await uow.session.get_one(Village, heir.village_code)
        await events.updated(uow, heir, village, ["is_default"], now)


async def get_address(uow: UnitOfWork, *, principal: Principal, address_id: UUID) -> AddressRead:
    """One address (owner or admin)."""
    address = await _owned(uow, principal, address_id)
    return read(address, await uow.session.get_one(Village, address.village_code))


async def list_addresses(
    uow: UnitOfWork, *, user_id: UUID, offset: int, limit: int
) -> tuple[list[AddressRead], int]:
    """The user's addresses, default first, then newest."""
    total = (
        await uow.session.execute(
            select(func.count()).select_from(Address).where(Address.user_id == user_id)
        )
    ).scalar_one()
    rows = await uow.session.execute(
        select(Address, Village)
        .join(Village, Village.code == Address.village_code)
        .where(Address.user_id == user_id)
        .order_by(Address.is_default.desc(), Address.created_at.desc(), Address.id)
        .offset(offset)
        .limit(limit)
    )
    return [read(a, v) for a, v in rows], total


async def snapshot(uow: UnitOfWork, *, address_id: UUID) -> AddressSnapshot:
    """The address as the order service freezes it into an order."""
    address = await uow.session.get(Address, address_id)
    if address is None:
        raise AddressNotFound(f"Address {address_id} not found")
    village = await uow.session.get_one(Village, address.village_code)
    data = read(address, village).model_dump()
    return AddressSnapshot(address_id=address.id, **data)  # ``id`` is in ``data``


async def validate(uow: UnitOfWork, *, body: AddressCheck) -> ValidatedAddress:
    """Another service's address checked against the villages (422 naming the field)."""
    phone = normalized_phone(body.phone)
    village = await checked_village(
        uow, village_code=body.village_code, postal_code=body.postal_code
    )
    return ValidatedAddress(
        recipient_name=body.recipient_name,
        phone=phone,
        street=body.street,
        village_code=village.code,
        village=village.name,
        district_code=village.district_code,
        district=village.district,
        regency_code=village.regency_code,
        city=village.city,
        province_code=village.province_code,
        province=village.province,
        postal_code=body.postal_code,
    )


def read(address: Address, village: Village) -> AddressRead:
    """An address with its village's names."""
    return AddressRead(
        id=address.id,
        user_id=address.user_id,
        label=address.label,
        recipient_name=address.recipient_name,
        phone=address.phone,
        street=address.street,
        village_code=village.code,
        village=village.name,
        district_code=village.district_code,
        district=village.district,
        regency_code=village.regency_code,
        city=village.city,
        province_code=village.province_code,
        province=village.province,
        postal_code=address.postal_code,
        is_default=address.is_default,
        created_at=address.created_at,
        updated_at=address.updated_at,
    )


async def _owned(uow: UnitOfWork, principal: Principal, address_id: UUID) -> Address:
    address = await uow.session.get(Address, address_id)
    if address is None:
        raise AddressNotFound(f"Address {address_id} not found")
    ensure_owner(principal, address.user_id, what="address")
    return address


async def _lock_user(uow: UnitOfWork, user_id: UUID) -> list[Address]:
    # An advisory lock covers the user with no rows yet (two first addresses at once).
    await uow.session.execute(
        select(func.pg_advisory_xact_lock(func.hashtext(f"address-user:{user_id}")))
    )
    rows = await uow.session.scalars(
        select(Address).where(Address.user_id == user_id).order_by(Address.id).with_for_update()
    )
    return list(rows)


async def _clear_default(uow: UnitOfWork, addresses: list[Address], now: datetime) -> None:
    for other in addresses:
        if other.is_default:
            other.is_default = False
            other.updated_at = now
            # flush now: the partial unique index must see the old default gone first
            await uow.session.flush()
            village = await uow.session.get_one(Village, other.village_code)
            await events.updated(uow, other, village, ["is_default"], now)
