"""Suppliers as the warehouse knows them (from ``supplier.*`` events), and how they steer POs.

- A PO drafted without naming a supplier goes, for its products, to the catalogue supplier with
  the best standing: excellent, average, unrated (not scored yet), poor, very poor; then the
  higher score, the cheaper bundle, the code. Blocked and inactive suppliers are never chosen.
- A PO to a supplier in poor standing answers with a warning; in very poor standing it is refused
  unless an admin overrides it with a reason, which the PO keeps.
- ``supply.purchase_order_proposals`` ranks suppliers the same way (``STANDING_RANK``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from api.events import SupplierCreated, SupplierPerformanceUpdated, SupplierUpdated
from api.kit.auth import Principal
from api.kit.errors import Forbidden, Unprocessable
from api.kit.uow import UnitOfWork
from api.warehouse.models import KnownSupplier, SupplierOffer

STANDING_RANK = {"excellent": 4, "average": 3, "unrated": 2, "poor": 1, "very_poor": 0}


async def learn(
    uow: UnitOfWork, payload: SupplierCreated | SupplierUpdated, *, at: datetime
) -> None:
    """Replace the copy of a supplier (and its catalogue) with the event's, unless it is older."""
    values = {
        "code": payload.code,
        "name": payload.name,
        "status": payload.status,
        "whatsapp": payload.whatsapp,
        "lead_time_days": payload.lead_time_days,
        "standing": payload.standing,
        "score": None if payload.score is None else Decimal(str(payload.score)),
        "stars": payload.stars,
        "version": at,
        "standing_version": at,
    }
    statement = insert(KnownSupplier).values(id=payload.supplier_id, **values)
    applied = await uow.session.scalar(
        statement.on_conflict_do_update(
            index_elements=[KnownSupplier.id],
            set_={name: statement.excluded[name] for name in values},
            where=KnownSupplier.version <= at,
        ).returning(KnownSupplier.id)
    )
    if applied is None:
        return
    await uow.session.execute(
        delete(SupplierOffer).where(SupplierOffer.supplier_id == payload.supplier_id)
    )
    uow.session.add_all(
        SupplierOffer(
            supplier_id=payload.supplier_id,
            product_id=offer.product_id,
            unit_cost=offer.unit_cost,
            bundle_cost=offer.bundle_cost,
            units_per_bundle=[
                {"variant_id": str(share.variant_id), "units": share.units}
                for share in offer.units_per_bundle
            ],
            min_bundles=offer.min_bundles,
            lead_time_days=offer.lead_time_days,
        )
        for offer in payload.catalogue
    )
    await uow.session.flush()


async def learn_standing(uow: UnitOfWork, payload: SupplierPerformanceUpdated) -> None:
    """A scored rolling window moves the standing (a monthly snapshot carries none)."""
    if payload.standing is None or payload.recorded_at is None:
        return
    supplier = await uow.session.get(KnownSupplier, payload.supplier_id, with_for_update=True)
    if supplier is None or supplier.standing_version > payload.recorded_at:
        return
    supplier.standing, supplier.standing_version = payload.standing, payload.recorded_at
    supplier.score = Decimal(str(payload.score))
    supplier.stars = payload.stars
    await uow.session.flush()


@dataclass(frozen=True)
class Choice:
    """The supplier a PO goes to and its offers of the PO's products (by product)."""

    supplier: KnownSupplier | None
    offers: dict[UUID, SupplierOffer]


def _rank(supplier: KnownSupplier, offer: SupplierOffer) -> tuple[int, Decimal, int, str]:
    return (
        -STANDING_RANK.get(supplier.standing, 0),
        -(supplier.score or Decimal(0)),
        offer.bundle_cost,
        supplier.code,
    )


async def best_offers(
    uow: UnitOfWork, product_ids: list[UUID]
) -> dict[UUID, tuple[KnownSupplier, SupplierOffer]]:
    """For each product offered by an active supplier, the best-standing supplier's offer."""
    rows = await uow.session.execute(
        select(KnownSupplier, SupplierOffer)
        .join(SupplierOffer, SupplierOffer.supplier_id == KnownSupplier.id)
        .where(SupplierOffer.product_id.in_(product_ids), KnownSupplier.status == "active")
    )
    best: dict[UUID, tuple[KnownSupplier, SupplierOffer]] = {}
    for supplier, offer in rows:
        current = best.get(offer.product_id)
        if current is None or _rank(supplier, offer) < _rank(*current):
            best[offer.product_id] = (supplier, offer)
    return best


async def choose(uow: UnitOfWork, *, supplier_id: UUID | None, product_ids: list[UUID]) -> Choice:
    """The named supplier (with its offers), else the best-standing one for every product."""
    if supplier_id is None:
        best = await best_offers(uow, product_ids)
        chosen = {supplier.id for supplier, _ in best.values()}
        if not chosen:
            return Choice(None, {})
        if len(chosen) > 1 or len(best) < len(product_ids):
            raise Unprocessable(
                "No one supplier is the best offering all these products: name the supplier "
                "or draft one PO per supplier",
                field="supplier_id",
            )
        best_supplier = next(iter(best.values()))[0]
        return Choice(best_supplier, {product: offer for product, (_, offer) in best.items()})
    supplier = await uow.session.get(KnownSupplier, supplier_id)
    if supplier is None:
        return Choice(None, {})
    offers = await uow.session.scalars(
        select(SupplierOffer).where(
            SupplierOffer.supplier_id == supplier_id, SupplierOffer.product_id.in_(product_ids)
        )
    )
    return Choice(supplier, {o.product_id: o for o in offers})


def vet(supplier: KnownSupplier, *, principal: Principal | None, override: str | None) -> list[str]:
    """Warnings for a PO to ``supplier``; 422 when it may not be ordered from at all."""
    if supplier.status != "active":
        raise Unprocessable(f"Supplier {supplier.code} is {supplier.status}", field="supplier_id")
    stars = f"{supplier.stars}★" if supplier.stars else "unscored"
    if supplier.standing == "very_poor":
        if override is None:
            raise Unprocessable(
                f"Supplier {supplier.code} is in very poor standing ({stars}): an admin may "
                "override with standing_override_reason",
                field="supplier_id",
            )
        if principal is None or not principal.is_admin:
            raise Forbidden("Only an admin may order from a supplier in very poor standing")
        return [f"Ordered from {supplier.code} in very poor standing by an admin's override"]
    if override is not None:
        raise Unprocessable(
            f"Supplier {supplier.code} is not in very poor standing: nothing to override",
            field="standing_override_reason",
        )
    if supplier.standing == "poor":
        return [f"Supplier {supplier.code} is in poor standing ({stars})"]
    return []
