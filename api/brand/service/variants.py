"""The variants the brand service knows: learnt from product events, costs from the product
service's internal lookup (the catalogue events carry no cost price)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from api.brand.errors import UnknownVariant
from api.brand.models import KnownVariant
from api.kit.client import ServiceClient
from api.kit.errors import UpstreamError
from api.kit.uow import UnitOfWork


class VariantCatalog(Protocol):
    """Reads variants from the product service."""

    async def lookup(self, variant_ids: list[UUID]) -> list[dict[str, Any]]: ...


class ProductServiceCatalog:
    """``POST /internal/variants/lookup`` on the product service."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    async def lookup(self, variant_ids: list[UUID]) -> list[dict[str, Any]]:
        response = await self.client.post(
            "/internal/variants/lookup", json={"variant_ids": [str(v) for v in variant_ids]}
        )
        if response.status_code != 200:
            raise UpstreamError(f"product lookup answered {response.status_code}")
        items: list[dict[str, Any]] = response.json()["items"]
        return items


async def remember(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Upsert variants; a known cost is never overwritten by an event that carries none."""
    if not rows:
        return
    statement = insert(KnownVariant).values(rows)
    update_set = {
        c: statement.excluded[c]
        for c in ("product_id", "seller_id", "sku", "product_name", "base_price", "updated_at")
    }
    if "cost_price" in rows[0]:
        update_set["cost_price"] = statement.excluded.cost_price
    await uow.session.execute(
        statement.on_conflict_do_update(index_elements=[KnownVariant.variant_id], set_=update_set)
    )


async def product_name_of(uow: UnitOfWork, *, product_id: UUID) -> str | None:
    """The product name known from any of its variants."""
    return await uow.session.scalar(
        select(KnownVariant.product_name).where(KnownVariant.product_id == product_id).limit(1)
    )


async def rename_product(uow: UnitOfWork, *, product_id: UUID, name: str) -> None:
    """Keep the product name of known variants current (product.updated)."""
    await uow.session.execute(
        update(KnownVariant).where(KnownVariant.product_id == product_id).values(product_name=name)
    )


async def forget_product(uow: UnitOfWork, *, product_id: UUID) -> None:
    """Mark a deleted product's variants so they can no longer be priced."""
    await uow.session.execute(
        update(KnownVariant).where(KnownVariant.product_id == product_id).values(deleted=True)
    )


async def variant_with_cost(
    uow: UnitOfWork, *, variant_id: UUID, catalog: VariantCatalog
) -> KnownVariant:
    """The variant with its cost, asking the product service when the cost is not known yet."""
    known = await uow.session.get(KnownVariant, variant_id)
    if known is not None and known.deleted:
        raise UnknownVariant(f"Variant {variant_id} was deleted")
    if known is None or known.cost_price is None:
        found = await catalog.lookup([variant_id])
        if not found:
            raise UnknownVariant(f"Variant {variant_id} does not exist")
        item = found[0]
        await remember(
            uow,
            [
                {
                    "variant_id": variant_id,
                    "product_id": UUID(str(item["product_id"])),
                    "seller_id": UUID(str(item["seller_id"])) if item["seller_id"] else None,
                    "sku": item["sku"],
                    "product_name": item["name"],
                    "base_price": item["price"],
                    "cost_price": item["cost_price"],
                    "updated_at": datetime.now(UTC),
                }
            ],
        )
        known = await uow.session.get(KnownVariant, variant_id, populate_existing=True)
    assert known is not None
    return known
