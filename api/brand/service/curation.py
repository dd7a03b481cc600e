"""The curation queue: new house products waiting for brand managers to take them in."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from api.brand.models import CurationItem
from api.events.product import ProductCreated
from api.kit.errors import NotFound
from api.kit.uow import UnitOfWork


async def enqueue(uow: UnitOfWork, *, event_id: UUID, product: ProductCreated) -> None:
    """Queue a new house product once (the inbox absorbs redelivery; the unique product id
    also absorbs a second ``product.created`` for the same product)."""
    await uow.session.execute(
        insert(CurationItem)
        .values(
            product_id=product.product_id,
            product_name=product.name,
            category_id=product.category_id,
            variant_count=len(product.variants),
            status="pending",
            source_event_id=event_id,
            received_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing(index_elements=[CurationItem.product_id])
    )


async def dismiss(uow: UnitOfWork, *, product_id: UUID) -> CurationItem:
    """Take a product off the queue without assigning it to a brand."""
    item = await uow.session.scalar(
        select(CurationItem).where(CurationItem.product_id == product_id).with_for_update()
    )
    if item is None:
        raise NotFound(f"Product {product_id} is not in the curation queue")
    item.status, item.resolved_at = "dismissed", datetime.now(UTC)
    await uow.session.flush()
    return item


async def withdraw(uow: UnitOfWork, *, product_id: UUID) -> None:
    """A deleted product leaves the queue."""
    await uow.session.execute(
        update(CurationItem)
        .where(CurationItem.product_id == product_id, CurationItem.status == "pending")
        .values(status="dismissed", resolved_at=datetime.now(UTC))
    )


async def list_queue(
    uow: UnitOfWork, *, status: str, offset: int, limit: int
) -> tuple[list[CurationItem], int]:
    """Queue items in arrival order."""
    query = select(CurationItem).where(CurationItem.status == status)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(CurationItem.received_at, CurationItem.id).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)
