"""A seller's order is quoted from the seller's pickup postcode (learnt from ``seller.verified``);
house orders from the central warehouse."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from api.events import SellerVerified, build_envelope, parse_event
from api.kit import inbox
from api.order import consumers
from tests.integration.order.flows import Buyer
from tests.integration.order.harness import Market


async def _verified(shop: Market, seller_id: UUID, postal_code: str) -> None:
    payload = SellerVerified(
        seller_id=seller_id,
        seller_number="SLR-20261124-7K2QX",
        user_id=seller_id,
        shop_name="Toko Bandung",
        commission_rate_bps=0,
        verified_by=uuid4(),
        verified_at=datetime.now(UTC),
        pickup_postal_code=postal_code,
    )
    event = parse_event(
        build_envelope(payload, aggregate_id=seller_id, producer="seller").model_dump_json()
    )
    async with shop.uows["order"]() as uow:
        assert await inbox.claim(
            uow.session, event_id=event.event_id, consumer="order", event_type=event.event_type
        )
        await consumers.HANDLERS["seller.verified"](event, uow)
        await uow.commit()


async def test_a_sellers_order_ships_from_its_pickup_postcode(shop: Market) -> None:
    house, brand = await shop.house_variant(price=100_000, brand_price=120_000, stock=5)
    bandung, seller = await shop.seller_variant(price=50_000, stock=5)
    await _verified(shop, seller, "40115")
    buyer = Buyer(shop)
    assert (await buyer.add(house, 1, brand)).status_code == 201
    assert (await buyer.add(bandung, 1)).status_code == 201
    response = await buyer.checkout()
    assert response.status_code == 201, response.text
    origins = sorted(q["origin_postal_code"] for q in shop.quotes)
    assert origins == ["15143", "40115"]  # the warehouse (Tangerang) and the seller (Bandung)
