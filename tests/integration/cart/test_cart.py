"""The cart: validation against the catalogue and grosir, price snapshots, locks, deletions."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from api.events import InventoryVariantLocked, ProductDeleted, build_envelope, parse_event
from api.kit import inbox
from tests.integration.order.flows import Buyer
from tests.integration.order.harness import Market

CART_TABLES = ("carts", "cart_items", "outbox")


async def rows(shop: Market) -> dict[str, int]:
    return {t: await shop.count("cart", t) for t in CART_TABLES}


async def consume(shop: Market, payload: object) -> None:
    """One event, as its producer publishes it, through the cart's handler table and inbox."""
    from api.cart.consumers import HANDLERS

    envelope = build_envelope(payload, aggregate_id=uuid4(), producer="test")  # type: ignore[arg-type]
    event = parse_event(envelope.model_dump_json())
    async with shop.uows["cart"]() as uow:
        assert await inbox.claim(
            uow.session, event_id=event.event_id, consumer="cart", event_type=event.event_type
        )
        await HANDLERS[event.event_type](event, uow)
        await uow.commit()


async def test_adding_items_answers_the_cart_with_snapshot_prices(shop: Market) -> None:
    house, brand = await shop.house_variant(price=100_000, brand_price=125_000, stock=5)
    sold, seller = await shop.seller_variant(price=40_000, stock=5)
    buyer = Buyer(shop)

    await buyer.add(house, 1, brand)
    await buyer.add(house, 1, brand)  # the same unit again raises the quantity
    response = await buyer.add(sold, 3)

    assert response.status_code == 201, response.text
    cart = await buyer.cart()
    lines = {item["variant_id"]: item for item in cart["items"]}
    assert lines[str(house)]["quantity"] == 2
    assert lines[str(house)]["unit_price"] == 125_000
    assert lines[str(house)]["brand_id"] == str(brand)
    assert lines[str(sold)]["seller_id"] == str(seller)
    assert all(item["available"] and not item["price_changed"] for item in cart["items"])
    assert cart["total"] == 2 * 125_000 + 3 * 40_000
    assert cart["id"] == (await buyer.cart())["id"]
    assert await shop.count("cart", "outbox", "event_type = 'cart.item_added'") == 3


async def test_a_price_change_is_flagged_until_the_buyer_accepts_it(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=40_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(sold, 1)

    await shop.set_price(sold, 45_000)
    item = (await buyer.cart())["items"][0]

    assert (item["unit_price"], item["current_price"], item["price_changed"]) == (
        40_000,
        45_000,
        True,
    )
    accepted = await shop.cart.post(
        f"/api/cart/items/{item['id']}/accept-price", headers=buyer.headers
    )
    assert accepted.status_code == 200
    item = (await buyer.cart())["items"][0]
    assert (item["unit_price"], item["price_changed"]) == (45_000, False)


async def test_a_variant_locked_by_grosir_shows_unavailable_in_carts_holding_it(
    shop: Market,
) -> None:
    house, brand = await shop.house_variant(price=100_000, brand_price=125_000, stock=5)
    holders = [Buyer(shop), Buyer(shop)]
    for buyer in holders:
        await buyer.add(house, 1, brand)

    await consume(
        shop,
        InventoryVariantLocked(
            variant_id=house,
            product_id=shop.products[house],
            constraining_variant_id=uuid4(),
            max_orderable=0,
            available=0,
            backordered=50,
            locked_at=datetime.now(UTC),
        ),
    )

    for buyer in holders:
        item = (await buyer.cart())["items"][0]
        assert item["available"] is False
        assert "grosir" in item["unavailable_reason"]
        assert (await buyer.cart())["all_available"] is False


async def test_a_deleted_product_leaves_every_cart(shop: Market) -> None:
    sold, seller = await shop.seller_variant(price=40_000, stock=5)
    buyer = Buyer(shop)
    await buyer.add(sold, 1)

    await consume(
        shop,
        ProductDeleted(
            product_id=shop.products[sold],
            seller_id=seller,
            variant_ids=[sold],
            deleted_at=datetime.now(UTC),
        ),
    )

    assert (await buyer.cart())["items"] == []
    assert await shop.count("cart", "outbox", "event_type = 'cart.item_removed'") == 1


async def test_saved_for_later_lines_are_kept_apart_from_the_cart(shop: Market) -> None:
    sold, _ = await shop.seller_variant(price=40_000, stock=5)
    buyer = Buyer(shop)
    item = (await buyer.add(sold, 2)).json()["items"][0]

    response = await shop.cart.patch(
        f"/api/cart/items/{item['id']}", json={"saved_for_later": True}, headers=buyer.headers
    )

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["saved_for_later"][0]["id"] == item["id"]
    assert response.json()["total"] == 0


async def test_bad_additions_name_the_field_and_write_nothing(shop: Market) -> None:
    house, brand = await shop.house_variant(price=100_000, brand_price=125_000, stock=2)
    sold, _ = await shop.seller_variant(price=40_000, stock=2)
    buyer = Buyer(shop)
    await buyer.cart()  # the cart exists; its rows are the baseline
    before = await rows(shop)
    cases = [
        ({"variant_id": str(sold), "quantity": 0}, 422, "quantity"),
        ({"variant_id": str(sold), "quantity": -1}, 422, "quantity"),
        ({"variant_id": str(sold), "quantity": 1, "colour": "red"}, 422, "colour"),
        ({"variant_id": str(uuid4()), "quantity": 1}, 422, "variant_id"),
        ({"variant_id": str(house), "quantity": 1}, 422, "brand_id"),
        ({"variant_id": str(house), "quantity": 1, "brand_id": str(uuid4())}, 422, "brand_id"),
        ({"variant_id": str(sold), "quantity": 1, "brand_id": str(brand)}, 422, "brand_id"),
        ({"variant_id": str(sold), "quantity": 3}, 409, "quantity"),
    ]
    for body, status, field in cases:
        response = await shop.cart.post("/api/cart/items", json=body, headers=buyer.headers)
        assert response.status_code == status, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in {e["field"] for e in response.json()["errors"]}, response.text
    assert await rows(shop) == before
