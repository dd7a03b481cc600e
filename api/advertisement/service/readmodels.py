"""What the advertisement service learns from other services' events (each an idempotent upsert):
sellers' standing (only ``active`` sellers create campaigns and are served) and products (whose
they are, their names for keyword matching, deleted or not)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.dialects.postgresql import insert

from api.advertisement.models import ProductRef, SellerStanding
from api.kit.uow import UnitOfWork


async def seller_status(uow: UnitOfWork, *, seller_id: UUID, status: str, at: datetime) -> None:
    """Record the seller's standing as of ``at`` (an older event never overwrites a newer one)."""
    statement = insert(SellerStanding).values(seller_id=seller_id, status=status, updated_at=at)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["seller_id"],
            set_={"status": statement.excluded.status, "updated_at": statement.excluded.updated_at},
            where=SellerStanding.updated_at <= statement.excluded.updated_at,
        )
    )


async def product(
    uow: UnitOfWork,
    *,
    product_id: UUID,
    seller_id: UUID | None,
    name: str,
    category_id: UUID,
    deleted: bool,
    at: datetime,
) -> None:
    """Record a product as of ``at``."""
    statement = insert(ProductRef).values(
        product_id=product_id,
        seller_id=seller_id,
        name=name,
        category_id=category_id,
        deleted=deleted,
        updated_at=at,
    )
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=["product_id"],
            set_={
                "seller_id": statement.excluded.seller_id,
                "name": statement.excluded.name,
                "category_id": statement.excluded.category_id,
                "deleted": ProductRef.deleted | statement.excluded.deleted,
                "updated_at": statement.excluded.updated_at,
            },
            where=ProductRef.updated_at <= statement.excluded.updated_at,
        )
    )


async def product_deleted(uow: UnitOfWork, *, product_id: UUID, at: datetime) -> None:
    """A deleted product is never advertised again."""
    await uow.session.execute(
        ProductRef.__table__.update()  # type: ignore[attr-defined]
        .where(ProductRef.product_id == product_id)
        .values(deleted=True, updated_at=at)
    )
