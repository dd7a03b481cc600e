"""The warehouse's registry of variants it stocks, and stock adjustments and views.

The registry is filled from the product service's ``product.created`` and
``product.variant_added`` events (``consumers.py``) and through ``PUT /internal/variants/{id}``;
and on demand (``learn``): a caller who stocks a variant the events have not brought yet makes
the warehouse read it from the product service at once (``api.kit.catalog``) instead of waiting
for Kafka. A variant the product service does not know either is "unknown" (404 on a path, 422
naming the field in a body). Registering a variant creates its location (central for house
products, the seller's own otherwise) and an empty stock row.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select

from api.kit.auth import Principal, Role
from api.kit.catalog import VariantSource
from api.kit.errors import Conflict, Forbidden, Unprocessable
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.warehouse.errors import VariantNotFound
from api.warehouse.grosir import BundleConfig
from api.warehouse.models import Movement, Stock, Variant
from api.warehouse.schemas import MovementRead, StockRead, VariantRead, VariantRegister
from api.warehouse.service import alerts, grosir
from api.warehouse.service.learning import learn, location_for
from api.warehouse.service.stock import Ledger, Locked, lock_stock


async def register_variant(
    uow: UnitOfWork, *, variant_id: UUID, body: VariantRegister, at: datetime
) -> VariantRead:
    """Create or update a variant of the registry (its product and seller are fixed once set)."""
    variant = await uow.session.get(Variant, variant_id, with_for_update=True)
    taken = await uow.session.scalar(
        select(Variant.id).where(Variant.sku == body.sku, Variant.id != variant_id)
    )
    if taken is not None:
        raise Conflict(f"SKU {body.sku!r} belongs to variant {taken}")
    if variant is None:
        location_id = await location_for(uow, body.seller_id)
        variant = Variant(
            id=variant_id,
            product_id=body.product_id,
            seller_id=body.seller_id,
            location_id=location_id,
            created_at=at,
        )
        variant.sku = body.sku
        uow.session.add(variant)
        await uow.session.flush()  # no ORM relationships: the variant must exist before its row
        uow.session.add(
            Stock(
                location_id=location_id,
                variant_id=variant_id,
                on_hand=0,
                reserved=0,
                backordered=0,
                updated_at=at,
            )
        )
    elif (variant.product_id, variant.seller_id) != (body.product_id, body.seller_id):
        raise Conflict("A variant's product and seller cannot change once stocked")
    variant.sku, variant.cost, variant.reorder_point = body.sku, body.cost, body.reorder_point
    variant.updated_at = at
    await uow.session.flush()
    return VariantRead.model_validate(variant)


async def get_variant(uow: UnitOfWork, variant_id: UUID) -> Variant:
    """A registered variant, or 404."""
    variant = await uow.session.get(Variant, variant_id)
    if variant is None:
        raise VariantNotFound(variant_id)
    return variant


def ensure_may_manage(principal: Principal, variant: Variant) -> None:
    """Staff manage any stock; a seller only the stock of its own variants."""
    if principal.role in (Role.admin, Role.warehouse_staff):
        return
    if principal.role is Role.seller and variant.seller_id == principal.user_id:
        return
    raise Forbidden("You may only manage the stock of your own variants")


def stock_read(row: Locked, default_reorder_point: int) -> StockRead:
    """The response shape of one stock row."""
    return StockRead(
        variant_id=row.variant.id,
        product_id=row.variant.product_id,
        sku=row.variant.sku,
        seller_id=row.variant.seller_id,
        location_id=row.stock.location_id,
        location_type=row.location_type,
        reorder_point=alerts.reorder_point(row, default_reorder_point),
        **row.levels(),
    )


async def adjust_stock(
    uow: UnitOfWork,
    *,
    principal: Principal,
    catalog: VariantSource,
    variant_id: UUID,
    quantity_change: int,
    reason: str,
    type: str,
    at: datetime,
    default_reorder_point: int,
) -> StockRead:
    """Change a variant's on-hand stock (never below what is reserved); one movement, one event."""
    await learn(uow, catalog, [variant_id], at=at)
    variant = await uow.session.get(Variant, variant_id)
    if variant is None:
        raise Unprocessable(
            f"Variant {variant_id} is not stocked by the warehouse", field="variant_id"
        )
    ensure_may_manage(principal, variant)
    if quantity_change == 0:
        raise Unprocessable("A stock adjustment must change the quantity", field="quantity_change")
    rows = await lock_stock(uow, [variant_id])
    row = rows[variant_id]
    ledger = Ledger(at=at, created_by=principal.user_id)
    ledger.move(
        row,
        "on_hand",
        quantity_change,
        type=type,
        reason=reason,
        reference=("adjustment", str(principal.user_id)),
    )
    await ledger.write(uow)
    await after_stock_change(uow, rows, at=at, default_reorder_point=default_reorder_point)
    return stock_read(row, default_reorder_point)


async def after_stock_change(
    uow: UnitOfWork,
    rows: dict[UUID, Locked],
    *,
    at: datetime,
    default_reorder_point: int,
    configs: dict[UUID, BundleConfig[UUID]] | None = None,
) -> None:
    """What follows any stock change in the same transaction: alerts and grosir lock states
    (``configs``: the rows' bundle configs if already read under the lock)."""
    await alerts.check_alerts(
        uow, rows.values(), at=at, default_reorder_point=default_reorder_point
    )
    await grosir.refresh_lock_states(uow, rows, at=at, configs=configs)


async def list_stock(
    uow: UnitOfWork,
    *,
    paging: PageParams,
    product_id: UUID | None,
    seller_id: UUID | None,
    variant_id: UUID | None,
    default_reorder_point: int,
) -> Page[StockRead]:
    """Stock rows, filtered, in SKU order."""
    query = select(Stock, Variant).join(Variant, Variant.id == Stock.variant_id)
    if product_id:
        query = query.where(Variant.product_id == product_id)
    if seller_id:
        query = query.where(Variant.seller_id == seller_id)
    if variant_id:
        query = query.where(Variant.id == variant_id)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.execute(
        query.order_by(Variant.sku).offset(paging.offset).limit(paging.page_size)
    )
    items = [
        stock_read(Locked(s, v, s.on_hand - s.reserved), default_reorder_point) for s, v in rows
    ]
    return Page(items=items, total=total or 0, page=paging.page, page_size=paging.page_size)


async def list_movements(
    uow: UnitOfWork, *, paging: PageParams, variant_id: UUID
) -> Page[MovementRead]:
    """A variant's movements, newest first."""
    query = select(Movement).where(Movement.variant_id == variant_id)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(Movement.created_at.desc(), Movement.number.desc())
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return Page(
        items=[MovementRead.model_validate(m) for m in rows],
        total=total or 0,
        page=paging.page,
        page_size=paging.page_size,
    )


async def set_reorder_point(
    uow: UnitOfWork,
    *,
    principal: Principal,
    variant_id: UUID,
    reorder_point: int,
    at: datetime,
    default_reorder_point: int,
) -> StockRead:
    """Set a variant's reorder point; alerts are re-evaluated against it at once."""
    variant = await get_variant(uow, variant_id)
    ensure_may_manage(principal, variant)
    rows = await lock_stock(uow, [variant_id], with_siblings=False)
    rows[variant_id].variant.reorder_point = reorder_point
    rows[variant_id].variant.updated_at = at
    # treat as "fell from above" so a new, higher threshold raises its alert now
    rows[variant_id].available_before = reorder_point + 1
    await alerts.check_alerts(
        uow, rows.values(), at=at, default_reorder_point=default_reorder_point
    )
    return stock_read(rows[variant_id], default_reorder_point)
