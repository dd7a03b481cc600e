"""Learning the product catalogue on demand: what a service reads from the product service when a
caller needs a variant its event-fed read model has not seen yet.

Services keep their own copy of the catalogue facts they need (brand: variants and costs;
warehouse: its registry), fed by ``product.*`` events. A client that creates a product and at once
stocks it or prices it must not wait for Kafka: on the caller's synchronous path the service reads
the missing facts here (``POST /internal/variants/lookup``, ``GET /internal/products/{id}``),
stores them, and the events keep them current from then on.

Two sources describe the same variant, so each fact carries ``version`` — the product's
``updated_at`` in the catalogue, which every ``product.*`` event also carries (as its
``created_at``/``updated_at``/``added_at``). A read model replaces a row only with facts at least
as new, so a late event never undoes what an on-demand read learnt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from fastapi import FastAPI

from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError


@dataclass(frozen=True, slots=True)
class VariantFacts:
    """A variant as the product service knows it now."""

    variant_id: UUID
    product_id: UUID
    seller_id: UUID | None  # None: a house (LAKOO) product
    sku: str
    name: str  # the product's name
    price: int
    cost_price: int | None
    weight_grams: int
    status: str
    version: datetime

    @property
    def is_house(self) -> bool:
        return self.seller_id is None


def facts_from(item: Mapping[str, Any]) -> VariantFacts:
    """One item of the product service's variant answers (``VariantInfo``)."""
    seller = item.get("seller_id")
    version = item["version"]
    return VariantFacts(
        variant_id=UUID(str(item["variant_id"])),
        product_id=UUID(str(item["product_id"])),
        seller_id=UUID(str(seller)) if seller else None,
        sku=str(item["sku"]),
        name=str(item["name"]),
        price=int(item["price"]),
        cost_price=None if item.get("cost_price") is None else int(item["cost_price"]),
        weight_grams=int(item["weight_grams"]),
        status=str(item["status"]),
        version=version if isinstance(version, datetime) else datetime.fromisoformat(version),
    )


class VariantSource(Protocol):
    """Where a service learns variants on demand (the product service, or a local stand-in)."""

    async def variants(self, variant_ids: Iterable[UUID]) -> dict[UUID, VariantFacts]: ...

    async def product(self, product_id: UUID) -> list[VariantFacts] | None: ...


class ProductCatalog:
    """The product service's internal reads, over HTTP with the internal key."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    async def variants(self, variant_ids: Iterable[UUID]) -> dict[UUID, VariantFacts]:
        """The live variants among ``variant_ids`` (unknown or deleted ones are absent)."""
        ids = [str(v) for v in dict.fromkeys(variant_ids)]
        if not ids:
            return {}
        response = await self.client.post("/internal/variants/lookup", json={"variant_ids": ids})
        if response.status_code != 200:
            raise UpstreamError(f"the product lookup answered {response.status_code}")
        found = [facts_from(item) for item in response.json()["items"]]
        return {facts.variant_id: facts for facts in found}

    async def product(self, product_id: UUID) -> list[VariantFacts] | None:
        """Every variant of a live product; None when the product is unknown or deleted."""
        response = await self.client.get(f"/internal/products/{product_id}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise UpstreamError(f"the product read answered {response.status_code}")
        return [facts_from(item) for item in response.json()["variants"]]


async def open_product_catalog(app: FastAPI) -> None:
    """Startup hook: ``app.state.catalog`` reads the product service at the settings'
    ``product_service_url``. Tests reach an in-process product app the kit's way, with a
    transport in ``app.state.transports["product"]``, or put their own
    ``app.state.product_client`` first."""
    if getattr(app.state, "product_client", None) is None:
        settings = app.state.settings
        transports = getattr(app.state, "transports", None) or {}
        app.state.product_client = ServiceClient(
            settings.product_service_url,
            internal_api_key=settings.internal_api_key.get_secret_value(),
            name="product",
            transport=transports.get("product"),
        )
    app.state.catalog = ProductCatalog(app.state.product_client)


async def close_product_catalog(app: FastAPI) -> None:
    """Shutdown hook of :func:`open_product_catalog`."""
    await app.state.product_client.aclose()
