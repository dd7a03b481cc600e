"""The saga's flash-sale path: the reservation right after pricing (a later failure gives it
back), the short "sold out" memo of the warehouse's refusals, and a reservation answer lost on
the way back (retried with the same checkout id, never handed back)."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from api.kit.client import ServiceClient
from api.order.upstream import Upstreams
from api.order.upstream.commerce import WarehouseClient
from api.order.upstream.sold_out import SoldOut
from tests.integration.order.fakes import UNSERVED_POSTCODE
from tests.integration.order.flows import Buyer
from tests.integration.order.harness import ADMIN, INTERNAL, Market
from tests.integration.order.test_checkout_saga import order_side_rows


def _upstreams(shop: Market) -> Upstreams:
    upstreams: Upstreams = shop.apps["order"].state.upstreams
    return upstreams


def _replace_warehouse(shop: Market, warehouse: WarehouseClient) -> None:
    shop.apps["order"].state.upstreams = dataclasses.replace(_upstreams(shop), warehouse=warehouse)


class Clock:
    """The memo's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def restock(shop: Market, variant: object, quantity: int) -> None:
    response = await shop.warehouse.post(
        "/api/warehouse/stock-adjustments",
        json={"variant_id": str(variant), "quantity_change": quantity, "reason": "restock"},
        headers=ADMIN,
    )
    assert response.status_code == 201, response.text


async def test_a_checkout_whose_quote_fails_after_reserving_holds_nothing(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=2)
    buyer = Buyer(shop)
    await buyer.add(sold, 2)
    shop.addresses[buyer.address_id]["postal_code"] = UNSERVED_POSTCODE  # no courier goes there
    before = await order_side_rows(shop)

    response = await buyer.checkout()

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "address_id"
    # it was reserved, and given back
    assert await shop.count("warehouse", "reservation_checkouts") == 1
    assert await shop.count("warehouse", "reservations", "status = 'reserved'") == 0
    assert await shop.available(sold) == 2
    assert await order_side_rows(shop) == before
    assert await shop.count("payment", "payments") == 0
    other = Buyer(shop)
    await other.add(sold, 2)
    assert (await other.checkout()).status_code == 201  # both units can be won


@pytest.mark.parametrize("seconds_later, status", [(1.9, 409), (2.0, 201)])
async def test_a_variant_just_refused_is_answered_sold_out_for_two_seconds(
    shop: Market, seconds_later: float, status: int
) -> None:
    clock = Clock()
    warehouse = _upstreams(shop).warehouse
    _replace_warehouse(
        shop,
        WarehouseClient(warehouse.http, reserve_timeout=30, sold_out=SoldOut(2.0, clock=clock)),
    )
    sold, _ = await shop.seller_variant(price=70_000, stock=1)
    rival, refused, later = Buyer(shop), Buyer(shop), Buyer(shop)
    for buyer in (rival, refused, later):
        await buyer.add(sold, 1)
    assert (await rival.checkout()).status_code == 201
    assert (await refused.checkout()).status_code == 409  # the warehouse's own refusal
    await restock(shop, sold, 1)  # a unit comes back: the memo does not know it yet
    before = await order_side_rows(shop)

    clock.now += seconds_later
    response = await later.checkout()

    assert response.status_code == status, response.text
    if status == 409:  # the memo's answer: the warehouse's shape, nothing held or written
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["variant_id"] == str(sold)
        assert problem["max_orderable"] == 0 and problem["requested"] == 1
        assert problem["errors"][0]["field"] == "variant_id"
        assert await shop.available(sold) == 1
        assert await order_side_rows(shop) == before
    else:  # past the bound the warehouse decides again, and the unit is won
        assert await shop.available(sold) == 0


async def test_the_memo_refuses_only_more_than_the_warehouse_said_it_has(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=70_000, stock=3)
    greedy, modest = Buyer(shop), Buyer(shop)
    assert (await greedy.add(sold, 3)).status_code == 201
    assert (await modest.add(sold, 2)).status_code == 201
    await restock(shop, sold, -1)  # two left

    refused = await greedy.checkout()
    won = await modest.checkout()

    assert refused.status_code == 409 and refused.json()["max_orderable"] == 2
    assert won.status_code == 201, won.text
    assert await shop.available(sold) == 0


class LosesFirstReservationAnswer(httpx.AsyncBaseTransport):
    """The warehouse reserves, but its first answer to a reservation never comes back."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == "/internal/reservations" and not self.lost:
            self.lost += 1
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


async def test_a_lost_reservation_answer_is_asked_again_and_the_unit_kept(shop: Market) -> None:
    lossy = LosesFirstReservationAnswer(httpx.ASGITransport(app=shop.apps["warehouse"]))
    _replace_warehouse(
        shop,
        WarehouseClient(
            ServiceClient(
                "http://warehouse",
                internal_api_key=INTERNAL["x-internal-api-key"],
                name="warehouse",
                transport=lossy,
            ),
            reserve_timeout=30,
        ),
    )
    sold, _ = await shop.seller_variant(price=70_000, stock=1)
    buyer = Buyer(shop)
    await buyer.add(sold, 1)

    response = await buyer.checkout()

    assert lossy.lost == 1
    assert response.status_code == 201, response.text  # not a 504 that hands the unit back
    assert await shop.count("warehouse", "reservation_checkouts") == 1
    assert await shop.available(sold) == 0
    assert await shop.count("order", "orders") == 1
