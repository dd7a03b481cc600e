"""What the cart reads from other services: variants and prices (product), grosir room (warehouse).

Each call goes through the kit's ``ServiceClient`` (internal key, timeouts, safe retries); this
module only turns answers into small typed values, so the service never handles raw JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError


@dataclass(frozen=True, slots=True)
class Offer:
    """A variant as sold now: who sells it and at which prices."""

    variant_id: UUID
    product_id: UUID
    seller_id: UUID | None
    sku: str
    name: str
    size: str | None
    color: str | None
    price: int
    status: str
    brand_prices: dict[UUID, int] = field(default_factory=dict)

    @property
    def is_house(self) -> bool:
        return self.seller_id is None

    def price_for(self, brand_id: UUID | None) -> int | None:
        """The price of the purchasable unit: (brand, variant) for house items, else the variant."""
        if self.is_house:
            return None if brand_id is None else self.brand_prices.get(brand_id)
        return self.price


@dataclass(frozen=True, slots=True)
class Availability:
    """Grosir availability of a variant (``GET /api/grosir/availability/{id}``)."""

    locked: bool
    max_orderable: int
    constraining_variant_id: UUID | None


class Catalog:
    """The product and warehouse services, as the cart needs them."""

    def __init__(self, *, product: ServiceClient, warehouse: ServiceClient) -> None:
        self._product = product
        self._warehouse = warehouse

    async def aclose(self) -> None:
        await self._product.aclose()
        await self._warehouse.aclose()

    async def offers(self, variant_ids: list[UUID]) -> dict[UUID, Offer]:
        """The current offers of ``variant_ids``; unknown or deleted variants are absent."""
        if not variant_ids:
            return {}
        response = await self._product.post(
            "/internal/variants/lookup",
            json={"variant_ids": [str(v) for v in dict.fromkeys(variant_ids)]},
        )
        if response.status_code != 200:
            raise UpstreamError(f"product lookup failed with status {response.status_code}")
        return {offer.variant_id: offer for offer in map(_offer, response.json()["items"])}

    async def availability(self, variant_id: UUID) -> Availability | None:
        """What can be ordered of a variant now; None when the warehouse does not stock it."""
        response = await self._warehouse.get(f"/api/grosir/availability/{variant_id}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise UpstreamError(f"grosir availability failed with status {response.status_code}")
        body = response.json()
        constraining = body.get("constraining_variant_id")
        return Availability(
            locked=bool(body["locked"]),
            max_orderable=int(body["max_orderable"]),
            constraining_variant_id=UUID(constraining) if constraining else None,
        )


def _offer(item: dict[str, object]) -> Offer:
    prices = item.get("brand_prices") or {}
    assert isinstance(prices, dict)
    return Offer(
        variant_id=UUID(str(item["variant_id"])),
        product_id=UUID(str(item["product_id"])),
        seller_id=UUID(str(item["seller_id"])) if item.get("seller_id") else None,
        sku=str(item["sku"]),
        name=str(item["name"]),
        size=str(item["size"]) if item.get("size") else None,
        color=str(item["color"]) if item.get("color") else None,
        price=int(str(item["price"])),
        status=str(item["status"]),
        brand_prices={UUID(k): int(v) for k, v in prices.items()},
    )
