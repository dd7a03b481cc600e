"""Stock alerts: ``low_stock`` at or below the reorder point, ``out_of_stock`` at zero.

At most one alert per (variant, type) is open (a partial unique index enforces it), so a variant
hovering around its reorder point raises one alert, not one per sale. An alert is resolved by
staff, or automatically when stock rises back above the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from api.events import InventoryLowStock, InventoryOutOfStock
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.warehouse.errors import AlertNotFound
from api.warehouse.models import StockAlert
from api.warehouse.schemas import AlertRead
from api.warehouse.service.stock import Locked


def reorder_point(row: Locked, default: int) -> int:
    """The variant's reorder point, or the service default."""
    point = row.variant.reorder_point
    return default if point is None else point


async def check_alerts(
    uow: UnitOfWork, rows: Iterable[Locked], *, at: datetime, default_reorder_point: int
) -> None:
    """Open (and announce) alerts for rows that fell to a threshold; resolve those that rose."""
    for row in rows:
        available, point = row.available, reorder_point(row, default_reorder_point)
        if available > row.available_before:
            await _auto_resolve(uow, row, point, at)
        if available >= row.available_before and row.available_before > point:
            continue  # nothing fell: no alert to raise (keeps the hot path at zero queries)
        if available <= point:
            await _open(uow, row, "low_stock", point, at)
        if available == 0:
            await _open(uow, row, "out_of_stock", point, at)


async def _open(uow: UnitOfWork, row: Locked, type_: str, point: int, at: datetime) -> None:
    alert_id = uuid4()
    inserted = await uow.session.scalar(
        insert(StockAlert)
        .values(
            id=alert_id,
            variant_id=row.variant.id,
            location_id=row.stock.location_id,
            type=type_,
            status="open",
            available=row.available,
            reorder_point=point,
            created_at=at,
        )
        .on_conflict_do_nothing(
            index_elements=["variant_id", "type"], index_where=text("status = 'open'")
        )
        .returning(StockAlert.id)
    )
    if inserted is None:
        return  # already open: no second alert, no second event
    common = {
        "variant_id": row.variant.id,
        "product_id": row.variant.product_id,
        "location_id": row.stock.location_id,
        "location_type": row.location_type,
        **row.levels(),
        "alert_id": alert_id,
        "detected_at": at,
    }
    if type_ == "low_stock":
        event: InventoryLowStock | InventoryOutOfStock = InventoryLowStock(
            **common, reorder_point=point, days_of_cover=None, source="realtime"
        )
    else:
        event = InventoryOutOfStock(**common)
    await uow.outbox.add(event, aggregate_id=row.variant.id)


async def _auto_resolve(uow: UnitOfWork, row: Locked, point: int, at: datetime) -> None:
    types = [
        t
        for t, threshold in (("low_stock", point), ("out_of_stock", 0))
        if row.available > threshold
    ]
    if types:
        await uow.session.execute(
            update(StockAlert)
            .where(
                StockAlert.variant_id == row.variant.id,
                StockAlert.status == "open",
                StockAlert.type.in_(types),
            )
            .values(status="resolved", resolved_at=at, resolution="restocked")
        )


async def list_alerts(
    uow: UnitOfWork,
    *,
    paging: PageParams,
    status: str | None,
    type_: str | None,
    variant_id: UUID | None,
) -> Page[AlertRead]:
    """Alerts, newest first."""
    query = select(StockAlert)
    if status:
        query = query.where(StockAlert.status == status)
    if type_:
        query = query.where(StockAlert.type == type_)
    if variant_id:
        query = query.where(StockAlert.variant_id == variant_id)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(StockAlert.created_at.desc(), StockAlert.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return Page(
        items=[AlertRead.model_validate(r) for r in rows],
        total=total or 0,
        page=paging.page,
        page_size=paging.page_size,
    )


async def resolve_alert(
    uow: UnitOfWork, *, alert_id: UUID, by: UUID, note: str, at: datetime
) -> AlertRead:
    """Resolve an open alert (resolving a resolved one is a no-op answer)."""
    alert = await uow.session.get(StockAlert, alert_id, with_for_update=True)
    if alert is None:
        raise AlertNotFound(alert_id)
    if alert.status == "open":
        alert.status, alert.resolved_at, alert.resolved_by = "resolved", at, by
        alert.resolution = note
    return AlertRead.model_validate(alert)
