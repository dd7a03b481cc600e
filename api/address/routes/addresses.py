"""Address routes: the owner's CRUD, and the snapshot the order service freezes into orders."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from api.address.schemas import (
    AddressCheck,
    AddressCreate,
    AddressRead,
    AddressSnapshot,
    AddressUpdate,
    ValidatedAddress,
)
from api.address.service import addresses
from api.address.settings import AddressSettings
from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, InternalCall
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging

router = APIRouter(tags=["addresses"])


def address_settings(request: Request) -> AddressSettings:
    """The settings the app was built with (they carry the injectable clock)."""
    settings: AddressSettings = request.app.state.settings
    return settings


Settings = Annotated[AddressSettings, Depends(address_settings)]


@router.post("/api/addresses", status_code=201)
@owner("the caller's own addresses (created for the caller)")
async def create_address(
    body: AddressCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> AddressRead:
    """Save an address for the caller (validated against the Kemendagri villages)."""
    address = await addresses.create_address(
        uow,
        user_id=principal.user_id,
        body=body,
        now=settings.now(),
        limit=settings.max_addresses_per_user,
    )
    await uow.commit()
    return address


@router.get("/api/addresses")
@owner("the caller's own addresses")
async def list_addresses(
    uow: Uow, principal: CurrentPrincipal, paging: Paging
) -> Page[AddressRead]:
    """The caller's addresses, default first."""
    items, total = await addresses.list_addresses(
        uow, user_id=principal.user_id, offset=paging.offset, limit=paging.page_size
    )
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/api/addresses/{address_id}")
@owner("the caller's own address; admin any")
async def read_address(address_id: UUID, uow: Uow, principal: CurrentPrincipal) -> AddressRead:
    """One of the caller's addresses."""
    return await addresses.get_address(uow, principal=principal, address_id=address_id)


@router.patch("/api/addresses/{address_id}")
@owner("the caller's own address; admin any")
async def update_address(
    address_id: UUID, body: AddressUpdate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> AddressRead:
    """Change an address, or make it the default (``{"is_default": true}``)."""
    address = await addresses.update_address(
        uow, principal=principal, address_id=address_id, body=body, now=settings.now()
    )
    await uow.commit()
    return address


@router.delete("/api/addresses/{address_id}", status_code=204)
@owner("the caller's own address; admin any")
async def delete_address(
    address_id: UUID, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> Response:
    """Delete an address; the last one cannot be (409), a deleted default is replaced."""
    await addresses.delete_address(
        uow, principal=principal, address_id=address_id, now=settings.now()
    )
    await uow.commit()
    return Response(status_code=204)


@router.get("/internal/addresses/{address_id}", dependencies=[InternalCall])
@owner("any address by id (the order service freezes it into an order)")
async def address_snapshot(address_id: UUID, uow: Uow) -> AddressSnapshot:
    """The address with every region code and name, for the order service's snapshot."""
    return await addresses.snapshot(uow, address_id=address_id)


@router.post("/internal/addresses/validate", dependencies=[InternalCall])
@owner("none stored: an address another service keeps, checked")
async def validate_address(body: AddressCheck, uow: Uow) -> ValidatedAddress:
    """Check an address another service keeps (a seller's pickup address); nothing is stored."""
    return await addresses.validate(uow, body=body)
