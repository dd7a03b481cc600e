"""Creating, changing and deleting products; every change writes its product.* event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.slugs import slugify, unique_suffix
from api.kit.uow import UnitOfWork
from api.product.errors import IllegalTransition, ProductNotFound
from api.product.lifecycle import Status, can_transition
from api.product.models import UNCATEGORIZED_ID, Product, Variant
from api.product.service import events
from api.product.service.access import (
    check_cost,
    ensure_can_edit,
    ensure_may_list,
    owner_for_new_product,
)
from api.product.service.categories import require_category
from api.product.service.variants import check_new_variants, refresh_price_range


async def _free_slug(uow: UnitOfWork, name: str) -> str:
    slug = slugify(name)
    taken = await uow.session.scalar(select(Product.id).where(Product.slug == slug))
    return slug if taken is None else unique_suffix(slug)


async def load_product(uow: UnitOfWork, *, product_id: UUID, for_update: bool = False) -> Product:
    """The (not deleted) product with its variants, or 404."""
    query = (
        select(Product)
        .where(Product.id == product_id, Product.deleted_at.is_(None))
        .options(selectinload(Product.variants))
    )
    if for_update:
        query = query.with_for_update(of=Product)
    product = await uow.session.scalar(query)
    if product is None:
        raise ProductNotFound(f"Product {product_id} does not exist")
    return product


async def create_product(
    uow: UnitOfWork,
    *,
    principal: Principal,
    name: str,
    description: str,
    category_id: UUID | None,
    status: Status,
    variants: Sequence[dict[str, Any]],
) -> Product:
    """A product with its variants; a house product's costs are set by admins (``access``)."""
    seller_id = owner_for_new_product(principal)
    if seller_id is not None:
        await ensure_may_list(uow, seller_id)
    if not variants:
        raise Unprocessable("A product needs at least one variant", field="variants")
    category = await require_category(
        uow, category_id=category_id or UNCATEGORIZED_ID, field="category_id"
    )
    if seller_id is None:
        for index, variant in enumerate(variants):
            field, cost = f"variants.{index}.cost_price", variant.get("cost_price")
            check_cost(principal, house=True, cost=cost, field=field)
            # Brand prices keep a minimum margin over cost: an admin, who alone knows the
            # cost, states it (a brand manager's product waits for an admin to set it).
            if cost is None and principal.is_admin:
                raise Unprocessable(
                    "House products need a cost price for every variant", field=field
                )
    await check_new_variants(uow, variants)
    now = datetime.now(UTC)
    product = Product(
        id=uuid4(),
        name=name,
        slug=await _free_slug(uow, name),
        description=description,
        category_id=category.id,
        category_name=category.name,
        brand_names="",
        seller_id=seller_id,
        status=status,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    rows = [Variant(product_id=product.id, created_at=now, **variant) for variant in variants]
    refresh_price_range(product, rows)
    uow.session.add(product)
    await uow.session.flush()  # the product row first: variants reference it
    uow.session.add_all(rows)
    await uow.session.flush()
    await uow.outbox.add(events.created(product, rows), aggregate_id=product.id)
    return product


async def update_product(
    uow: UnitOfWork, *, principal: Principal, product_id: UUID, changes: dict[str, Any]
) -> Product:
    """Change name, description or category; product.updated names the changed fields."""
    product = await load_product(uow, product_id=product_id, for_update=True)
    ensure_can_edit(principal, product)
    changed: list[str] = []
    if "category_id" in changes and changes["category_id"] != product.category_id:
        if changes["category_id"] is None:  # every product has a category: move it, or keep it
            raise Unprocessable("A product cannot leave its category", field="category_id")
        category = await require_category(
            uow, category_id=changes["category_id"], field="category_id"
        )
        product.category_id, product.category_name = category.id, category.name
        changed.append("category_id")
    for field in ("name", "description"):
        if (
            field in changes
            and changes[field] is not None
            and changes[field] != getattr(product, field)
        ):
            setattr(product, field, changes[field])
            changed.append(field)
    if changed:
        product.updated_at = datetime.now(UTC)
        await uow.session.flush()
        await uow.outbox.add(events.updated(product, changed), aggregate_id=product.id)
    return product


async def change_status(
    uow: UnitOfWork, *, principal: Principal, product_id: UUID, status: Status
) -> Product:
    """Move the product through its lifecycle (409 on a transition that is not allowed)."""
    product = await load_product(uow, product_id=product_id, for_update=True)
    ensure_can_edit(principal, product)
    current: Status = product.status  # type: ignore[assignment]
    if current == status:
        return product
    if not can_transition(current, status):
        raise IllegalTransition(f"A {current} product cannot become {status}")
    product.status = status
    product.updated_at = datetime.now(UTC)
    await uow.session.flush()
    await uow.outbox.add(events.updated(product, ["status"]), aggregate_id=product.id)
    return product


async def delete_product(uow: UnitOfWork, *, principal: Principal, product_id: UUID) -> None:
    """Soft-delete: old orders still name its SKUs, so rows stay; it disappears everywhere."""
    product = await load_product(uow, product_id=product_id, for_update=True)
    ensure_can_edit(principal, product)
    now = datetime.now(UTC)
    product.deleted_at = now
    product.updated_at = now
    await uow.session.flush()
    await uow.outbox.add(
        events.deleted(product, list(product.variants), now), aggregate_id=product.id
    )
