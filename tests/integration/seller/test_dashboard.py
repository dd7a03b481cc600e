"""``GET /api/sellers/me/dashboard`` from the read models the seller's events feed, and the
wallet's own figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx

from api.advertisement import consumers as advertisement_consumers
from api.events import OrderCancelled, OrderPaid, OrderShipped, ReviewApproved, WalletDebited
from api.events.base import EventPayload
from api.events.product import ProductCreated
from api.events.values import RatingSummary
from api.kit.client import ServiceClient
from api.kit.numbering import WIB
from api.seller import consumers
from tests.integration.seller.conftest import (
    ADMIN,
    INTERNAL,
    Platform,
    deliver,
    seller_headers,
    verified,
)
from tests.integration.seller.test_money import settlement


def _order(seller_id: UUID | None, order_id: UUID) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "order_number": "ORD-20261124-7K2QX",
        "checkout_id": uuid4(),
        "user_id": uuid4(),
        "seller_id": seller_id,
        "fulfilment": "seller" if seller_id else "house",
    }


def paid(seller_id: UUID | None, total: int, order_id: UUID | None = None) -> OrderPaid:
    return OrderPaid(
        **_order(seller_id, order_id or uuid4()),
        payment_id=uuid4(),
        total=total,
        paid_at=datetime.now(UTC),
    )


async def feed(p: Platform, payload: EventPayload, aggregate_id: UUID) -> None:
    assert await deliver(p, "seller", consumers.HANDLERS, payload, aggregate_id)


async def test_the_dashboard_shows_the_sellers_own_figures(p: Platform) -> None:
    seller, other = await verified(p), await verified(p)
    waiting, shipped, cancelled = uuid4(), uuid4(), uuid4()
    for order_id, total in ((waiting, 150_000), (shipped, 90_000), (cancelled, 40_000)):
        await feed(p, paid(seller, total, order_id), order_id)
    await feed(p, paid(None, 999_000), uuid4())  # a house order: not the seller's
    await feed(p, paid(other, 777_000), uuid4())  # another seller's
    await feed(
        p,
        OrderShipped(
            **_order(seller, shipped),
            shipment_id=uuid4(),
            courier="jne",
            tracking_number="JNE123",
            shipped_at=datetime.now(UTC),
        ),
        shipped,
    )
    await feed(
        p,
        OrderCancelled(
            **_order(seller, cancelled),
            previous_status="paid",
            reason="seller_rejected",
            cancelled_by=seller,
            total=40_000,
            refund_required=True,
            cancelled_at=datetime.now(UTC),
        ),
        cancelled,
    )
    # a late redelivery of "paid" does not bring the shipped order back to awaiting acceptance
    await feed(p, paid(seller, 90_000, shipped), shipped)
    for version, rating in enumerate((5, 4), start=1):
        review_id = uuid4()
        summary = RatingSummary(
            count=version,
            rating_sum=9 if version == 2 else 5,
            average=4.5 if version == 2 else 5.0,
            bayesian_average=4.1,
            distribution={"1": 0, "2": 0, "3": 0, "4": version - 1, "5": 1},
            version=version,
        )
        await feed(
            p,
            ReviewApproved(
                review_id=review_id,
                order_id=waiting,
                order_item_id=uuid4(),
                product_id=uuid4(),
                variant_id=uuid4(),
                user_id=uuid4(),
                seller_id=seller,
                brand_id=None,
                rating=rating,
                summary=summary,
                seller_summary=summary,
                approved_by=uuid4(),
                approved_at=datetime.now(UTC),
            ),
            review_id,
        )
    week = settlement(seller, 320_000)
    await feed(p, week, seller)
    credit = await p.wallet.post(
        "/internal/wallets/credits",
        json={
            "user_id": str(seller),
            "owner_type": "seller",
            "amount": 320_000,
            "reason": "settlement",
            "reference_type": "settlement",
            "reference_id": str(week.settlement_id),
            "idempotency_key": f"settlement-{week.settlement_id}",
        },
        headers=INTERNAL,
    )
    assert credit.status_code == 201, credit.text
    charge = credit.json()
    await feed(
        p,
        WalletDebited(
            wallet_id=UUID(charge["wallet_id"]),
            user_id=seller,
            owner_type="seller",
            transaction_id=uuid4(),
            transaction_number="WTX-20261124-7K2QX",
            amount=25_000,
            currency="IDR",
            reference_type="ad_charge",
            reference_id="campaign-day",
            idempotency_key=uuid4().hex,
            occurred_at=datetime.now(UTC) - timedelta(days=2),
            balance_before=320_000,
            balance_after=295_000,
            reason="ad_spend",
        ),
        seller,
    )

    response = await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(seller))
    assert response.status_code == 200, response.text
    board = response.json()
    assert board["orders_awaiting_acceptance"] == 1
    assert board["sales_this_week"] == 150_000 + 90_000  # the cancelled order does not count
    assert board["wallet_available"] == 320_000  # the wallet's figure, not a local copy
    assert (board["rating"], board["rating_count"]) == (4.5, 2)
    assert [s["amount"] for s in board["last_settlements"]] == [320_000]
    assert board["ads"] == {"spend_7d": 25_000, "roas_7d": None}

    theirs = (await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(other))).json()
    assert theirs["orders_awaiting_acceptance"] == 1 and theirs["sales_this_week"] == 777_000
    assert theirs["last_settlements"] == [] and theirs["rating"] is None


async def _campaign_with_days(p: Platform, seller: UUID, days: list[tuple[int, int, int]]) -> str:
    """An approved campaign of ``seller`` in the advertisement app, with pushed performance days
    ``(days before today, spend, attributed revenue)`` as the data platform would push them."""
    assert p.ads is not None
    # the seller's verification reaches the ad service as its worker would deliver it
    await p.relay("advertisement", advertisement_consumers.HANDLERS)
    product_id = uuid4()
    await deliver(
        p,
        "advertisement",
        advertisement_consumers.HANDLERS,
        ProductCreated(
            product_id=product_id,
            seller_id=seller,
            name="Kemeja Batik Pria",
            slug=f"p-{product_id.hex[:8]}",
            category_id=uuid4(),
            status="active",
            variants=[],
            created_at=datetime.now(UTC) - timedelta(hours=1),
        ),
        product_id,
    )
    created = await p.ads.post(
        "/api/ads/campaigns",
        json={
            "name": f"Batik {uuid4().hex[:8]}",
            "type": "sponsored_search",
            "pricing_model": "cpc",
            "bid": 1000,
            "daily_budget": 50_000,
            "total_budget": 500_000,
            "starts_at": (datetime.now(UTC) - timedelta(days=10)).isoformat(),
            "keywords": ["batik"],
            "product_ids": [str(product_id)],
        },
        headers=seller_headers(seller),
    )
    assert created.status_code == 201, created.text
    campaign_id = str(created.json()["id"])
    approved = await p.ads.post(f"/api/ads/campaigns/{campaign_id}/approve", headers=ADMIN)
    assert approved.status_code == 200, approved.text
    today = datetime.now(WIB).date()
    body = {
        "days": [
            {
                "date": (today - timedelta(days=back)).isoformat(),
                "impressions": 1000,
                "clicks": 20,
                "billable_clicks": 18,
                "spend": spend,
                "attributed_orders": 1 if revenue else 0,
                "attributed_revenue": revenue,
            }
            for back, spend, revenue in days
        ]
    }
    pushed = await p.ads.put(
        f"/internal/campaigns/{campaign_id}/performance", json=body, headers=INTERNAL
    )
    assert pushed.status_code == 204, pushed.text
    return campaign_id


async def test_the_dashboards_roas_is_the_last_7_days_of_campaign_performance(
    p: Platform,
) -> None:
    seller, other = await verified(p), await verified(p)
    # two campaigns of the seller: days 0–6 back count, day 7 back is outside the window
    first = await _campaign_with_days(p, seller, [(1, 10_000, 150_000), (7, 90_000, 0)])
    await _campaign_with_days(p, seller, [(0, 4_000, 0), (6, 6_000, 60_000)])
    await _campaign_with_days(p, other, [(1, 1_000, 999_000)])  # not the seller's

    board = (await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(seller))).json()
    # (150,000 + 60,000) ÷ (10,000 + 4,000 + 6,000)
    assert board["ads"]["roas_7d"] == 10.5
    theirs = (await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(other))).json()
    assert theirs["ads"]["roas_7d"] == 999.0

    # the same rows the campaign's own performance shows
    assert p.ads is not None
    perf = await p.ads.get(
        f"/api/ads/campaigns/{first}/performance", headers=seller_headers(seller)
    )
    assert [d["roas"] for d in perf.json()["days"]] == [0.0, 15.0]


async def test_without_spend_or_without_the_ad_service_the_roas_is_null(p: Platform) -> None:
    seller = await verified(p)
    board = (await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(seller))).json()
    assert board["ads"]["roas_7d"] is None  # no campaign
    await _campaign_with_days(p, seller, [(2, 0, 0)])
    board = (await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(seller))).json()
    assert board["ads"]["roas_7d"] is None  # no spend in the window

    upstreams = p.seller_app.state.upstreams
    working = upstreams.advertisement
    # the ad service down: the dashboard still answers, without the ROAS
    upstreams.advertisement = ServiceClient(
        "http://advertisement",
        internal_api_key="unused",
        name="advertisement",
        timeout=1.0,
        transport=_Unreachable(),
    )
    try:
        answer = await p.seller.get("/api/sellers/me/dashboard", headers=seller_headers(seller))
    finally:
        await upstreams.advertisement.aclose()
        upstreams.advertisement = working
    assert answer.status_code == 200, answer.text
    assert answer.json()["ads"]["roas_7d"] is None


class _Unreachable(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("advertisement is down", request=request)
