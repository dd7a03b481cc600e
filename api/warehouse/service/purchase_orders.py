"""Purchase orders: drafted in whole bundles, approved, sent, received, or cancelled.

    draft → pending_approval → approved → sent_to_supplier → partially_received → received
      └──────────┴──────────────┴──────────────┴──→ cancelled

A PO costing more than the approval threshold (Rp 50,000,000) needs an admin; below it
warehouse staff may approve. Lines are derived from the bundle config: ordering ``b`` bundles of
a product orders ``b × units_per_bundle[v]`` of each of its variants. The PO's total is
``b × bundle_cost`` per product (``bundle_cost`` defaults to the sum of its variants' costs).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from api.events import (
    PurchaseOrderCreated,
)
from api.events.values import PurchaseOrderLine as LineSnapshot
from api.kit.auth import Principal
from api.kit.errors import Unprocessable
from api.kit.numbering import next_numbers
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.warehouse.errors import PurchaseOrderNotFound
from api.warehouse.models import (
    BundleConfig,
    BundleItem,
    PurchaseOrder,
    PurchaseOrderLine,
    SupplierOffer,
    Variant,
)
from api.warehouse.numbering import po_numbers
from api.warehouse.schemas import PurchaseOrderCreate, PurchaseOrderLineRead, PurchaseOrderRead
from api.warehouse.service import suppliers
from api.warehouse.service.variants import location_for

WIB = ZoneInfo("Asia/Jakarta")
DEFAULT_LEAD_TIME_DAYS = 7


async def get_lines(uow: UnitOfWork, po_id: UUID) -> list[PurchaseOrderLine]:
    """A PO's lines in SKU order."""
    rows = await uow.session.scalars(
        select(PurchaseOrderLine)
        .where(PurchaseOrderLine.po_id == po_id)
        .order_by(PurchaseOrderLine.sku)
    )
    return list(rows)


def event_fields(po: PurchaseOrder, lines: list[PurchaseOrderLine]) -> dict[str, Any]:
    """What every ``purchase_order.*`` event repeats (supplier, lines, cost, promised date)."""
    return {
        "po_id": po.id,
        "po_number": po.number,
        "supplier_id": po.supplier_id,
        "location_id": po.location_id,
        "total_cost": po.total_cost,
        "currency": "IDR",
        "expected_date": po.expected_date,
        "ordered_at": po.created_at,
        "lines": [
            LineSnapshot(
                product_id=li.product_id,
                variant_id=li.variant_id,
                sku=li.sku,
                bundles=li.bundles,
                units_ordered=li.units_ordered,
                unit_cost=li.unit_cost,
            )
            for li in lines
        ],
    }


def read(po: PurchaseOrder, lines: list[PurchaseOrderLine], threshold: int) -> PurchaseOrderRead:
    """The response shape of a PO."""
    return PurchaseOrderRead(
        id=po.id,
        number=po.number,
        supplier_id=po.supplier_id,
        status=po.status,
        source=po.source,
        proposal_key=po.proposal_key,
        total_cost=po.total_cost,
        requires_admin_approval=po.total_cost > threshold,
        expected_date=po.expected_date,
        notes=po.notes,
        created_at=po.created_at,
        approved_at=po.approved_at,
        sent_at=po.sent_at,
        received_at=po.received_at,
        cancelled_at=po.cancelled_at,
        supplier_standing=po.supplier_standing,
        standing_override_reason=po.standing_override_reason,
        lines=[PurchaseOrderLineRead.model_validate(li) for li in lines],
    )


async def create(
    uow: UnitOfWork,
    *,
    body: PurchaseOrderCreate,
    created_by: UUID | None,
    at: datetime,
    threshold: int,
    principal: Principal | None = None,
    source: str = "manual",
    proposal_key: str | None = None,
) -> PurchaseOrderRead:
    """Draft a PO from whole bundles of house products; everything is validated first.

    The supplier's catalogue offer of a product (learnt from its events) sets the bundle shape,
    unit cost, minimum and lead time; without one the product's bundle config does.
    """
    seen: list[UUID] = []
    configs: dict[UUID, BundleConfig] = {}
    for index, item in enumerate(body.products):
        field = f"products.{index}"
        if item.product_id in seen:
            raise Unprocessable("A product appears twice", field=f"{field}.product_id")
        seen.append(item.product_id)
        config = await uow.session.get(BundleConfig, item.product_id)
        if config is None:
            raise Unprocessable(
                f"Product {item.product_id} has no grosir bundle config",
                field=f"{field}.product_id",
            )
        configs[item.product_id] = config
    choice = await suppliers.choose(uow, supplier_id=body.supplier_id, product_ids=seen)
    named: set[UUID | None]
    if body.supplier_id is not None:
        named = {body.supplier_id}
    elif choice.supplier is not None:
        named = {choice.supplier.id}
    else:
        named = {c.supplier_id for c in configs.values()}
    if len(named) != 1 or None in named:
        raise Unprocessable(
            "Name the supplier (the bundle configs do not agree on one)", field="supplier_id"
        )
    supplier_id = named.pop()
    assert supplier_id is not None
    warnings: list[str] = []
    if choice.supplier is not None:
        warnings = suppliers.vet(
            choice.supplier, principal=principal, override=body.standing_override_reason
        )
    elif body.standing_override_reason is not None:
        raise Unprocessable(
            "The warehouse knows no standing of this supplier to override",
            field="standing_override_reason",
        )
    for index, item in enumerate(body.products):
        offer = choice.offers.get(item.product_id)
        minimum = offer.min_bundles if offer else configs[item.product_id].min_bundles_per_po
        if item.bundles < minimum:
            raise Unprocessable(
                f"At least {minimum} bundles per PO", field=f"products.{index}.bundles"
            )
    po_id = uuid4()
    bundles = {i.product_id: i.bundles for i in body.products}
    lines, total = await _lines(uow, po_id, bundles, configs, choice.offers)
    lead_days = [o.lead_time_days for o in choice.offers.values()] or [
        choice.supplier.lead_time_days if choice.supplier else DEFAULT_LEAD_TIME_DAYS
    ]
    expected = body.expected_date or at.astimezone(WIB).date() + timedelta(days=max(lead_days))
    (number,) = await next_numbers(uow.session, po_numbers, "PO", at, 1)
    po = PurchaseOrder(
        id=po_id,
        number=number,
        supplier_id=supplier_id,
        location_id=await location_for(uow, None),
        status="draft",
        source=source,
        proposal_key=proposal_key,
        total_cost=total,
        expected_date=expected,
        notes=body.notes,
        created_by=created_by,
        created_at=at,
        supplier_standing=choice.supplier.standing if choice.supplier else None,
        standing_override_by=principal.user_id
        if body.standing_override_reason and principal
        else None,
        standing_override_reason=body.standing_override_reason,
    )
    uow.session.add(po)
    await uow.session.flush()
    uow.session.add_all(lines)
    await uow.session.flush()
    lines.sort(key=lambda li: li.sku)
    await uow.outbox.add(
        PurchaseOrderCreated(
            **event_fields(po, lines),
            status="draft",
            source=source,
            requires_admin_approval=total > threshold,
            created_by=created_by,
        ),
        aggregate_id=po.id,
    )
    return read(po, lines, threshold).model_copy(update={"warnings": warnings})


async def _lines(
    uow: UnitOfWork,
    po_id: UUID,
    bundles: dict[UUID, int],
    configs: dict[UUID, BundleConfig],
    offers: dict[UUID, SupplierOffer],
) -> tuple[list[PurchaseOrderLine], int]:
    """The PO's lines and total: ``b`` bundles of a product order ``b × units[v]`` of each size,
    at the offer's unit cost and bundle cost (else the config's and the variants' costs)."""
    shapes: dict[UUID, list[tuple[UUID, int]]] = {
        product: [(UUID(s["variant_id"]), int(s["units"])) for s in offer.units_per_bundle]
        for product, offer in offers.items()
    }
    items = await uow.session.scalars(
        select(BundleItem)
        .where(BundleItem.product_id.in_(set(bundles) - set(offers)))
        .order_by(BundleItem.position)
    )
    for item in items:
        shapes.setdefault(item.product_id, []).append((item.variant_id, item.units_per_bundle))
    wanted = {variant for shape in shapes.values() for variant, _ in shape}
    variants = {
        v.id: v for v in await uow.session.scalars(select(Variant).where(Variant.id.in_(wanted)))
    }
    lines: list[PurchaseOrderLine] = []
    total = 0
    for index, (product_id, b) in enumerate(bundles.items()):
        offer, per_bundle = offers.get(product_id), 0
        for variant_id, units in shapes.get(product_id, []):
            variant = variants.get(variant_id)
            if variant is None:
                raise Unprocessable(
                    f"Variant {variant_id} of the offer is not known to the warehouse yet",
                    field=f"products.{index}.product_id",
                )
            cost = offer.unit_cost if offer else variant.cost
            per_bundle += units * cost
            lines.append(
                PurchaseOrderLine(
                    po_id=po_id,
                    variant_id=variant_id,
                    product_id=product_id,
                    sku=variant.sku,
                    bundles=b,
                    units_ordered=b * units,
                    unit_cost=cost,
                    units_received=0,
                    units_damaged=0,
                )
            )
        bundle_cost = offer.bundle_cost if offer else configs[product_id].bundle_cost
        total += b * (per_bundle if bundle_cost is None else bundle_cost)
    return lines, total


async def create_from_proposal(
    uow: UnitOfWork,
    *,
    body: PurchaseOrderCreate,
    proposal_key: str,
    at: datetime,
    threshold: int,
) -> tuple[PurchaseOrderRead, bool]:
    """A draft PO from a data-platform proposal, once per key; returns (PO, created now)."""
    # serialise concurrent deliveries of the same proposal without a unique-violation error
    await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(proposal_key))))
    existing = await uow.session.scalar(
        select(PurchaseOrder).where(PurchaseOrder.proposal_key == proposal_key)
    )
    if existing is not None:
        return read(existing, await get_lines(uow, existing.id), threshold), False
    po = await create(
        uow,
        body=body,
        created_by=None,
        at=at,
        threshold=threshold,
        source="proposal",
        proposal_key=proposal_key,
    )
    return po, True


async def load(uow: UnitOfWork, po_id: UUID, *, lock: bool = False) -> PurchaseOrder:
    """A PO or 404 (locked for a transition when asked)."""
    po = await uow.session.get(PurchaseOrder, po_id, with_for_update=lock)
    if po is None:
        raise PurchaseOrderNotFound(po_id)
    return po


async def list_pos(
    uow: UnitOfWork, *, paging: PageParams, status: str | None, threshold: int
) -> Page[PurchaseOrderRead]:
    """POs, newest first."""
    query = select(PurchaseOrder)
    if status:
        query = query.where(PurchaseOrder.status == status)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    pos = list(
        await uow.session.scalars(
            query.order_by(PurchaseOrder.created_at.desc(), PurchaseOrder.number)
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    )
    items = [read(po, await get_lines(uow, po.id), threshold) for po in pos]
    return Page(items=items, total=total or 0, page=paging.page, page_size=paging.page_size)
