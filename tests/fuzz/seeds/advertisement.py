"""Advertisement's fuzz seed: the run's seller is active (its ``seller.verified`` handed to the
advertisement's handlers, as the consumer would), runs an approved campaign on its own product
(product's seed made it), and a search served one impression of it to click."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from fastapi import FastAPI

from api.advertisement.consumers import HANDLERS
from api.events.seller import SellerVerified
from api.kit.auth import Role
from tests.fuzz.platform import FuzzPlatform
from tests.fuzz.seeds import FuzzSeed
from tests.support.services import apply_event

ORDER = 20  # after product: its product.created told advertisement whose product it is


def configure(platform: FuzzPlatform, app: FastAPI) -> None:
    app.state.transports["wallet"] = platform.transport("wallet")


def seed(fuzz: FuzzSeed) -> None:
    seller = fuzz.users[Role.seller]
    fuzz.platform.run(_verify, fuzz, seller)
    own = fuzz.values["product_id"][1:2]  # product's seed: the house product, the seller's
    body = {
        "name": "Kaos promo",
        "type": "sponsored_search",
        "pricing_model": "cpc",
        "bid": 1000,
        "daily_budget": 20_000,
        "total_budget": 100_000,
        "starts_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "keywords": ["kaos"],
        "product_ids": own,
    }
    created = fuzz.call("advertisement", "POST", "/api/ads/campaigns", as_="seller", json=body)
    fuzz.call("advertisement", "POST", f"/api/ads/campaigns/{created['id']}/approve")
    fuzz.remember("campaign_id", created["id"])
    served = fuzz.call(
        "advertisement",
        "GET",
        "/api/ads/placements",
        as_="customer",
        params={"placement": "search", "q": "kaos"},
    )
    fuzz.remember("impression_id", *(item["impression_id"] for item in served["items"]))


async def _verify(fuzz: FuzzSeed, seller: UUID) -> None:
    await apply_event(
        fuzz.platform.uows["advertisement"],
        HANDLERS,
        SellerVerified(
            seller_id=uuid4(),
            seller_number="SL-FUZZ",
            user_id=seller,
            shop_name="Toko Fuzz",
            commission_rate_bps=0,
            verified_by=uuid4(),
            verified_at=datetime.now(UTC) - timedelta(days=1),
        ),
        aggregate_id=seller,
        consumer="advertisement",
    )
