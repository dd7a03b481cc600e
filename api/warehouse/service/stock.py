"""Stock rows: locking them in a fixed order, changing them through a ledger of movements.

Every transaction that changes stock locks the rows it needs with ``SELECT … FOR UPDATE`` ordered
by variant id. Two transactions that need overlapping rows therefore queue on the same first row
instead of each holding a row the other waits for: concurrent multi-item reservations in
opposite orders cannot deadlock. A grosir product's rows are locked together (all the variants of
its bundle), because the bundle rule reads every size's backorders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import ColumnElement, insert, or_, select

from api.events import InventoryAdjusted
from api.kit.errors import Unprocessable
from api.kit.numbering import next_numbers
from api.kit.uow import UnitOfWork
from api.warehouse.models import BundleItem, Movement, Stock, Variant
from api.warehouse.numbering import movement_numbers


@dataclass
class Locked:
    """A locked stock row with its variant, and the figures it had when locked."""

    stock: Stock
    variant: Variant
    available_before: int

    @property
    def available(self) -> int:
        # computed here: the generated column is stale in the session after an UPDATE
        return self.stock.on_hand - self.stock.reserved

    @property
    def location_type(self) -> str:
        return "central" if self.variant.seller_id is None else "seller"

    def levels(self) -> dict[str, int]:
        """The four figures, as events and responses show them."""
        return {
            "on_hand": self.stock.on_hand,
            "reserved": self.stock.reserved,
            "available": self.available,
            "backordered": self.stock.backordered,
        }


async def bundle_siblings(uow: UnitOfWork, variant_ids: Iterable[UUID]) -> set[UUID]:
    """The variants of every bundle that any of ``variant_ids`` belongs to."""
    ids = set(variant_ids)
    products = select(BundleItem.product_id).where(BundleItem.variant_id.in_(ids))
    rows = await uow.session.scalars(
        select(BundleItem.variant_id).where(BundleItem.product_id.in_(products))
    )
    return ids | set(rows)


async def lock_stock(
    uow: UnitOfWork, variant_ids: Iterable[UUID], *, with_siblings: bool = True
) -> dict[UUID, Locked]:
    """Lock the stock rows of ``variant_ids`` (and their bundle siblings) in variant-id order.

    One statement: the siblings are found by a subquery of the locking ``SELECT`` itself (no
    round trip before the lock is taken), and ``ORDER BY`` below ``FOR UPDATE`` locks the rows
    in the order they are sorted.
    """
    ids = sorted(set(variant_ids))
    wanted: ColumnElement[bool] = Stock.variant_id.in_(ids)
    if with_siblings:
        products = select(BundleItem.product_id).where(BundleItem.variant_id.in_(ids))
        siblings = select(BundleItem.variant_id).where(BundleItem.product_id.in_(products))
        wanted = or_(wanted, Stock.variant_id.in_(siblings))
    rows = await uow.session.execute(
        select(Stock, Variant)
        .join(Variant, Variant.id == Stock.variant_id)
        .where(wanted)
        .order_by(Stock.variant_id)
        .with_for_update(of=Stock)
    )
    return {
        stock.variant_id: Locked(stock, variant, stock.on_hand - stock.reserved)
        for stock, variant in rows
    }


@dataclass
class Ledger:
    """Collects the movements of one operation, then writes them (and adjusted events) at once."""

    at: datetime
    created_by: UUID | None = None
    _rows: list[dict[str, Any]] = field(default_factory=list)
    _adjusted: list[tuple[Locked, dict[str, Any]]] = field(default_factory=list)

    def move(
        self,
        row: Locked,
        measure: str,
        change: int,
        *,
        type: str,
        reason: str | None = None,
        reference: tuple[str, str] | None = None,
        field_name: str = "quantity_change",
    ) -> None:
        """Change one figure of a locked row; refuses (422 naming ``field_name``) below zero."""
        if change == 0:
            return
        before: int = getattr(row.stock, measure)
        after = before + change
        if after < 0 or (measure == "on_hand" and after < row.stock.reserved):
            raise Unprocessable(
                f"{measure} of variant {row.variant.id} would become {after} "
                f"(reserved {row.stock.reserved}); stock never goes negative",
                field=field_name,
            )
        setattr(row.stock, measure, after)
        row.stock.updated_at = self.at
        movement = {
            "location_id": row.stock.location_id,
            "variant_id": row.variant.id,
            "type": type,
            "measure": measure,
            "before": before,
            "change": change,
            "after": after,
            "reason": reason,
            "reference_type": reference[0] if reference else None,
            "reference_id": reference[1] if reference else None,
            "created_by": self.created_by,
            "created_at": self.at,
        }
        self._rows.append(movement)
        if measure == "on_hand":
            self._adjusted.append((row, movement))

    async def write(self, uow: UnitOfWork, *, announce_on_hand: bool = True) -> None:
        """Insert the movements (numbered) and, for on-hand changes, ``inventory.adjusted``."""
        if not self._rows:
            return
        await uow.session.flush()
        numbers = await next_numbers(uow.session, movement_numbers, "MOV", self.at, len(self._rows))
        for row, number in zip(self._rows, numbers, strict=True):
            row["number"] = number
            row["id"] = uuid4()
        await uow.session.execute(insert(Movement), self._rows)
        if announce_on_hand:
            await uow.outbox.add_all(
                (_adjusted_event(locked, movement, self.at), locked.variant.id)
                for locked, movement in self._adjusted
            )


def _adjusted_event(row: Locked, movement: dict[str, Any], at: datetime) -> InventoryAdjusted:
    return InventoryAdjusted(
        variant_id=row.variant.id,
        product_id=row.variant.product_id,
        location_id=row.stock.location_id,
        location_type=row.location_type,
        **row.levels(),
        movement_id=movement["id"],
        movement_number=movement["number"],
        movement_type=movement["type"],
        quantity_change=movement["change"],
        before=movement["before"],
        after=movement["after"],
        reason=movement["reason"] or movement["type"],
        reference_type=movement["reference_type"],
        reference_id=movement["reference_id"],
        adjusted_by=movement["created_by"],
        adjusted_at=at,
    )
