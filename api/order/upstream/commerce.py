"""Cart (the lines to buy), product (today's offers) and warehouse (reservations) clients."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import LakooError, UpstreamError
from api.order.errors import OutOfStock
from api.order.planning import CartLine, Offer, PlannedOrder
from api.order.upstream.sold_out import SoldOut


class _Client:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http


def _json(response: Any, expected: int, what: str) -> Any:
    if response.status_code != expected:
        raise UpstreamError(f"{what} failed with status {response.status_code}")
    return response.json()


class CartClient(_Client):
    """``GET /internal/carts/{user_id}`` and ``POST /internal/carts/{user_id}/checkout``."""

    async def lines(self, user_id: UUID) -> list[CartLine]:
        """The cart lines to buy (saved-for-later lines are not bought)."""
        body = _json(await self.http.get(f"/internal/carts/{user_id}"), 200, "reading the cart")
        return [
            CartLine(
                cart_item_id=UUID(item["id"]),
                variant_id=UUID(item["variant_id"]),
                brand_id=UUID(item["brand_id"]) if item.get("brand_id") else None,
                quantity=int(item["quantity"]),
                unit_price=int(item["unit_price"]),
                available=bool(item["available"]),
                unavailable_reason=item.get("unavailable_reason"),
            )
            for item in body["items"]
        ]

    async def checked_out(self, user_id: UUID, checkout_id: UUID, item_ids: list[UUID]) -> None:
        """Tell the cart these lines were bought (they leave it)."""
        response = await self.http.post(
            f"/internal/carts/{user_id}/checkout",
            json={"checkout_id": str(checkout_id), "item_ids": [str(i) for i in item_ids]},
        )
        _json(response, 200, "clearing the cart")


class CatalogClient(_Client):
    """``POST /internal/variants/lookup`` on the product service (brand prices included)."""

    async def offers(self, variant_ids: list[UUID]) -> dict[UUID, Offer]:
        """Today's offers of ``variant_ids``; deleted or unknown variants are absent."""
        response = await self.http.post(
            "/internal/variants/lookup",
            json={"variant_ids": [str(v) for v in dict.fromkeys(variant_ids)]},
        )
        body = _json(response, 200, "the variant lookup")
        return {
            UUID(item["variant_id"]): Offer(
                variant_id=UUID(item["variant_id"]),
                product_id=UUID(item["product_id"]),
                seller_id=UUID(item["seller_id"]) if item.get("seller_id") else None,
                sku=item["sku"],
                name=item["name"],
                size=item.get("size"),
                color=item.get("color"),
                price=int(item["price"]),
                weight_grams=int(item["weight_grams"]),
                status=item["status"],
                brand_prices={UUID(k): int(v) for k, v in (item.get("brand_prices") or {}).items()},
            )
            for item in body["items"]
        }


class WarehouseClient(_Client):
    """``POST /internal/reservations`` (all or nothing, idempotent per checkout) and release.

    The reservation call waits ``reserve_timeout`` seconds (by default as long as the gateway
    waits for the checkout) and is retried with the same checkout id on a timeout or a 5xx,
    which the warehouse answers with the same reservation: under a flash sale's burst the
    answer queues behind the others, and giving up on it would hand back (through the saga's
    compensation) units the checkout may have won while the losers were already told "sold
    out". Refusals are remembered for a few seconds (:class:`SoldOut`).
    """

    def __init__(
        self,
        http: ServiceClient,
        *,
        reserve_timeout: float | None = None,
        sold_out: SoldOut | None = None,
    ) -> None:
        super().__init__(http)
        self.reserve_timeout = reserve_timeout
        self.sold_out = sold_out or SoldOut(0)

    async def reserve(self, checkout_id: UUID, orders: list[PlannedOrder]) -> datetime:
        """Reserve every line of every order; returns when the reservation expires.

        A shortfall answers :class:`OutOfStock` naming the variant, as the warehouse did.
        """
        items = [
            {
                "order_id": str(order.order_id),
                "variant_id": str(line.line.variant_id),
                "quantity": line.line.quantity,
                "order_item_id": str(order.order_item_id(line)),
            }
            for order in orders
            for line in order.lines
        ]
        response = await self.http.post(
            "/internal/reservations",
            json={"checkout_id": str(checkout_id), "items": items},
            # the warehouse reserves once per checkout id: a repeat answers the same
            idempotency_key=f"reservation:{checkout_id}",
            timeout=self.reserve_timeout,
        )
        if response.status_code in (409, 422):
            problem = response.json()
            refusal = OutOfStock(
                problem.get("detail", "Not enough stock"),
                variant_id=problem.get("variant_id"),
                requested=problem.get("requested"),
                max_orderable=problem.get("max_orderable"),
            )
            if response.status_code == 409:
                self.sold_out.remember(refusal)
            raise refusal
        return datetime.fromisoformat(_json(response, 201, "the reservation")["expires_at"])

    async def release(self, checkout_id: UUID) -> bool:
        """Give a checkout's stock back (compensation); False if the warehouse could not."""
        try:
            response = await self.http.post(f"/internal/reservations/{checkout_id}/release")
        except LakooError:
            return False
        return response.status_code in (200, 404)
