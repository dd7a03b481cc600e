"""What other services read (``x-internal-api-key``): a shop's standing and pickup postcode."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.seller.schemas import PickupRead
from api.seller.service import shops

router = APIRouter(tags=["sellers (internal)"], dependencies=[InternalCall])


@router.get("/internal/sellers/{seller_id}")
@owner("any shop by id (order reads its pickup postcode)")
async def seller_standing(seller_id: UUID, uow: Uow) -> PickupRead:
    """The shop's status and pickup postcode (order quotes shipping from it)."""
    return PickupRead.model_validate(await shops.get(uow, seller_id))
