"""``POST /internal/shipping/rates``: what shipping an order costs (the order service asks)."""

from __future__ import annotations

from fastapi import APIRouter

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.logistic.routes.deps import Courier, Settings
from api.logistic.schemas import RateQuery, RateQuote
from api.logistic.service import rates

router = APIRouter(tags=["shipping"])


@router.post("/internal/shipping/rates", dependencies=[InternalCall])
@owner("none: courier rates between two postal codes")
async def shipping_rates(
    body: RateQuery, uow: Uow, courier: Courier, settings: Settings
) -> RateQuote:
    """The cheapest and the cheapest regular rate, and every option (cached with a TTL)."""
    quote = await rates.quote(
        uow,
        courier=courier,
        origin_postal_code=body.origin_postal_code,
        destination_postal_code=body.destination_postal_code,
        weight_grams=body.weight_grams,
        couriers=body.couriers or settings.couriers,
        now=settings.now(),
        ttl_seconds=settings.rate_cache_ttl_seconds,
    )
    await uow.commit()
    return quote
