"""Grosir bundles in the database: configs, availability, and the persisted lock state.

The maths live in ``api.warehouse.grosir`` (pure); this module feeds it the stock and publishes
``inventory.variant_locked`` / ``_unlocked``, and ``inventory.bundle_configured`` whenever a config
is stored (the data platform's marts read bundle terms from it). The last published state of
every variant is stored (``grosir_states``) and compared inside the transaction that changed the
stock, while the product's stock rows are locked, so each transition is announced exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select

from api.events import (
    BundleVariantTerms,
    InventoryBundleConfigured,
    InventoryVariantLocked,
    InventoryVariantUnlocked,
)
from api.kit.catalog import VariantSource
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork
from api.warehouse import grosir
from api.warehouse.errors import VariantNotFound
from api.warehouse.models import BundleConfig, BundleItem, GrosirState, Stock, Variant
from api.warehouse.schemas import (
    BundleConfigPut,
    BundleRead,
    BundleVariantRead,
    GrosirAvailability,
)
from api.warehouse.service.learning import learn, learn_product
from api.warehouse.service.stock import Locked, lock_stock


async def load_configs(
    uow: UnitOfWork, product_ids: Iterable[UUID]
) -> dict[UUID, grosir.BundleConfig[UUID]]:
    """The bundle configs of ``product_ids`` (products without one are absent)."""
    rows = await uow.session.scalars(
        select(BundleItem)
        .where(BundleItem.product_id.in_(set(product_ids)))
        .order_by(BundleItem.product_id, BundleItem.position)
    )
    units: dict[UUID, dict[UUID, int]] = {}
    tolerances: dict[UUID, dict[UUID, int]] = {}
    for item in rows:
        units.setdefault(item.product_id, {})[item.variant_id] = item.units_per_bundle
        tolerances.setdefault(item.product_id, {})[item.variant_id] = item.max_excess_units
    return {p: grosir.BundleConfig(units[p], tolerances[p]) for p in units}


def demand_of(config: grosir.BundleConfig[UUID], rows: dict[UUID, Locked]) -> dict[UUID, int]:
    """Backorder demand per variant of a bundle, from locked rows."""
    return {v: rows[v].stock.backordered for v in config.units if v in rows}


async def refresh_lock_states(
    uow: UnitOfWork,
    rows: dict[UUID, Locked],
    *,
    at: datetime,
    extra: Iterable[UUID] = (),
    configs: dict[UUID, grosir.BundleConfig[UUID]] | None = None,
) -> None:
    """Recompute the lock state of every bundle variant among ``rows``; announce transitions.

    ``extra`` names variants that left a bundle (a config change): they are unlocked if locked.
    ``configs``: the bundle configs of the rows' products, when the caller read them already
    under the same locks (saves a query while the rows are locked).
    """
    if configs is None:
        configs = await load_configs(uow, {r.variant.product_id for r in rows.values()})
    current: dict[UUID, grosir.Availability[UUID]] = {}
    for config in configs.values():
        demand = demand_of(config, rows)
        for variant_id in config.units:
            if variant_id in rows:
                current[variant_id] = grosir.availability(
                    config, variant_id, available=rows[variant_id].available, demand=demand
                )
    for variant_id in extra:
        if variant_id in rows and variant_id not in current:
            current[variant_id] = grosir.availability(
                None, variant_id, available=rows[variant_id].available, demand={}
            )
    if not current:
        return
    states = {
        s.variant_id: s
        for s in await uow.session.scalars(
            select(GrosirState).where(GrosirState.variant_id.in_(sorted(current)))
        )
    }
    for variant_id, now in current.items():
        state = states.get(variant_id)
        was_locked = state is not None and state.locked
        if state is None:
            state = GrosirState(variant_id=variant_id, locked=False, max_orderable=0)
            uow.session.add(state)
        state.locked, state.max_orderable = now.locked, now.max_orderable
        state.constraining_variant_id, state.updated_at = now.constraining_variant, at
        if now.locked != was_locked:
            await _announce(uow, rows[variant_id], now, at)


async def _announce(
    uow: UnitOfWork, row: Locked, now: grosir.Availability[UUID], at: datetime
) -> None:
    common = {
        "variant_id": row.variant.id,
        "product_id": row.variant.product_id,
        # an unlock by config removal has no constraint left: the variant names itself
        "constraining_variant_id": now.constraining_variant or row.variant.id,
        "max_orderable": now.max_orderable,
        "available": row.available,
        "backordered": row.stock.backordered,
    }
    event: InventoryVariantLocked | InventoryVariantUnlocked
    if now.locked:
        event = InventoryVariantLocked(**common, locked_at=at)
    else:
        event = InventoryVariantUnlocked(**common, unlocked_at=at)
    await uow.outbox.add(event, aggregate_id=row.variant.id)


async def put_bundle(
    uow: UnitOfWork,
    *,
    catalog: VariantSource,
    product_id: UUID,
    body: BundleConfigPut,
    by: UUID,
    at: datetime,
    default_reorder_point: int,
) -> BundleRead:
    """Replace a house product's bundle config and tolerances; validate before writing.

    Publishes ``inventory.bundle_configured`` with the whole configuration, each variant's
    effective reorder point included (its own, else ``default_reorder_point``). A product the
    registry does not know yet (its event is on the way) is read from the product service.
    """
    named = set(body.units_per_bundle) | set(body.max_excess_units)
    registered = set(await uow.session.scalars(select(Variant.id).where(Variant.id.in_(named))))
    if named - registered:
        await learn_product(uow, catalog, product_id, at=at)
        await learn(uow, catalog, named, at=at)  # named variants of other products, if any
    variants = {
        v.id: v
        for v in await uow.session.scalars(
            select(Variant).where(Variant.id.in_(set(body.units_per_bundle)))
        )
    }
    for variant_id in body.units_per_bundle:
        field = f"units_per_bundle.{variant_id}"
        variant = variants.get(variant_id)
        if variant is None:
            raise Unprocessable(
                f"Variant {variant_id} is not stocked by the warehouse", field=field
            )
        if variant.product_id != product_id:
            raise Unprocessable(
                f"Variant {variant_id} belongs to product {variant.product_id}, not {product_id}",
                field=field,
            )
        if variant.seller_id is not None:
            raise Unprocessable("Grosir bundles are for house products only", field=field)
    for variant_id in body.max_excess_units:
        if variant_id not in body.units_per_bundle:
            raise Unprocessable(
                f"Variant {variant_id} has a tolerance but is not in the bundle",
                field=f"max_excess_units.{variant_id}",
            )
    old = set(
        await uow.session.scalars(
            select(BundleItem.variant_id).where(BundleItem.product_id == product_id)
        )
    )
    rows = await lock_stock(uow, old | set(body.units_per_bundle))
    config = await uow.session.get(BundleConfig, product_id, with_for_update=True)
    if config is None:
        config = BundleConfig(product_id=product_id)
        uow.session.add(config)
    config.bundle_cost, config.supplier_id = body.bundle_cost, body.supplier_id
    config.min_bundles_per_po, config.updated_by, config.updated_at = (
        body.min_bundles_per_po,
        by,
        at,
    )
    await uow.session.flush()
    await uow.session.execute(delete(BundleItem).where(BundleItem.product_id == product_id))
    uow.session.add_all(
        BundleItem(
            variant_id=variant_id,
            product_id=product_id,
            position=position,
            units_per_bundle=units,
            max_excess_units=body.max_excess_units.get(variant_id, 0),
        )
        for position, (variant_id, units) in enumerate(body.units_per_bundle.items())
    )
    await uow.session.flush()
    await refresh_lock_states(uow, rows, at=at, extra=old - set(body.units_per_bundle))
    await _announce_config(uow, product_id, body, variants, by, at, default_reorder_point)
    view = await bundle_view(uow, product_id=product_id)
    assert view is not None
    return view


async def _announce_config(
    uow: UnitOfWork,
    product_id: UUID,
    body: BundleConfigPut,
    variants: dict[UUID, Variant],
    by: UUID,
    at: datetime,
    default_reorder_point: int,
) -> None:
    """``inventory.bundle_configured``: the stored config, in bundle order."""
    terms = []
    for variant_id, units in body.units_per_bundle.items():
        point = variants[variant_id].reorder_point
        terms.append(
            BundleVariantTerms(
                variant_id=variant_id,
                units_per_bundle=units,
                max_excess_units=body.max_excess_units.get(variant_id, 0),
                reorder_point=default_reorder_point if point is None else point,
            )
        )
    event = InventoryBundleConfigured(
        product_id=product_id,
        supplier_id=body.supplier_id,
        bundle_cost=body.bundle_cost,
        min_bundles_per_po=body.min_bundles_per_po,
        variants=terms,
        configured_by=by,
        configured_at=at,
    )
    await uow.outbox.add(event, aggregate_id=product_id)


async def _stock_rows(uow: UnitOfWork, variant_ids: Iterable[UUID]) -> dict[UUID, Locked]:
    """Unlocked reads of stock rows, shaped like locked ones (for views)."""
    rows = await uow.session.execute(
        select(Stock, Variant)
        .join(Variant, Variant.id == Stock.variant_id)
        .where(Stock.variant_id.in_(set(variant_ids)))
    )
    return {s.variant_id: Locked(s, v, s.on_hand - s.reserved) for s, v in rows}


async def availability(uow: UnitOfWork, *, variant_id: UUID) -> GrosirAvailability:
    """``GET /api/grosir/availability/{variant_id}``."""
    variant = await uow.session.get(Variant, variant_id)
    if variant is None:
        raise VariantNotFound(variant_id)
    config = (await load_configs(uow, [variant.product_id])).get(variant.product_id)
    rows = await _stock_rows(uow, config.units if config else [variant_id])
    demand = demand_of(config, rows) if config else {}
    result = grosir.availability(
        config, variant_id, available=rows[variant_id].available, demand=demand
    )
    return GrosirAvailability(
        variant_id=variant_id,
        locked=result.locked,
        max_orderable=result.max_orderable,
        constraining_variant_id=result.constraining_variant,
    )


async def bundle_view(uow: UnitOfWork, *, product_id: UUID) -> BundleRead | None:
    """Every variant of a product's bundle: stock, backorders, surplus, lock state."""
    config_row = await uow.session.get(BundleConfig, product_id)
    config = (await load_configs(uow, [product_id])).get(product_id)
    if config_row is None or config is None:
        return None
    rows = await _stock_rows(uow, config.units)
    demand = demand_of(config, rows)
    surplus = grosir.excess(config, demand)
    variants = []
    for variant_id, units in config.units.items():
        row = rows[variant_id]
        result = grosir.availability(config, variant_id, available=row.available, demand=demand)
        variants.append(
            BundleVariantRead(
                variant_id=variant_id,
                sku=row.variant.sku,
                units_per_bundle=units,
                max_excess_units=config.tolerance(variant_id),
                available=row.available,
                backordered=row.stock.backordered,
                excess=surplus[variant_id],
                locked=result.locked,
                max_orderable=result.max_orderable,
                constraining_variant_id=result.constraining_variant,
            )
        )
    return BundleRead(
        product_id=product_id,
        bundle_cost=config_row.bundle_cost,
        supplier_id=config_row.supplier_id,
        min_bundles_per_po=config_row.min_bundles_per_po,
        bundles_needed=grosir.bundles_needed(config, demand),
        variants=variants,
    )
