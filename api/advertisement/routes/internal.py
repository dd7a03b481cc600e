"""``/internal/charges``: the data platform's daily charge per campaign and WIB day (DESIGN §10),
``201`` when recorded, ``200`` with the same charge for a re-push."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query

from api.advertisement.routes.deps import Settings, UowFactory, Wallet
from api.advertisement.schemas import ChargeCreate, ChargeRead, PerformancePush, SellerAdsRead
from api.advertisement.service import charges, performance
from api.advertisement.service.campaigns import get
from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.kit.responses import JsonResponse

router = APIRouter(tags=["internal"], dependencies=[InternalCall])


@router.put("/internal/campaigns/{campaign_id}/performance", status_code=204)
@owner("the campaign in the path (its days as the data platform computed them)")
async def push_performance(
    campaign_id: UUID, body: PerformancePush, uow: Uow, settings: Settings
) -> None:
    """Replace the campaign's pushed days (idempotent)."""
    await get(uow, campaign_id)
    await performance.record(uow, campaign_id, body.days, now=settings.now())
    await uow.commit()


@router.get("/internal/sellers/{seller_id}/performance", response_model=SellerAdsRead)
@owner("the seller in the path (its campaigns' pushed days; the seller service's dashboard)")
async def seller_performance(
    seller_id: UUID, uow: Uow, settings: Settings, days: int = Query(7, ge=1, le=90)
) -> SellerAdsRead:
    """The seller's spend, attributed revenue and ROAS over the last ``days`` WIB days."""
    return await performance.seller_window(uow, seller_id, now=settings.now(), days=days)


@router.post("/internal/charges", status_code=201, response_model=ChargeRead)
@owner("the campaign named in the body and its seller's wallet (debited for the day)")
async def record_charge(
    body: ChargeCreate, uows: UowFactory, wallet: Wallet, settings: Settings
) -> JsonResponse:
    """Charge a campaign's day: a wallet debit (``charged``) or, when short, ``outstanding``."""
    charge, new = await charges.record(uows, wallet, body, now=settings.now())
    read = ChargeRead.model_validate(charge).model_dump(mode="json")
    if new:
        return JsonResponse(read, status_code=201)
    return JsonResponse(read, status_code=200, headers={"Idempotent-Replayed": "true"})
