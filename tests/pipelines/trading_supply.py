"""Supply and advertising parts of the generated trading data (hand-checkable cases)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from api.events.advertisement import AdClicked, AdImpression, CampaignCreated
from api.events.inventory import (
    BundleVariantTerms,
    InventoryAdjusted,
    InventoryBundleConfigured,
    InventoryLowStock,
)
from api.events.purchase_order import PurchaseOrderCreated, PurchaseOrderReceived, PurchaseOrderSent
from api.events.supplier import (
    BundleShare,
    CatalogueOffer,
    SupplierCreated,
    SupplierPerformanceUpdated,
    SupplierUpdated,
)
from api.events.values import PurchaseOrderLine, PurchaseOrderReceiptLine
from tests.pipelines import trading_aftersale as aftersale
from tests.pipelines.trading import CENTRAL, EARLIER, WEEK, Trading, at, settlement_events


def _stock(t: Trading, product: UUID, variant: UUID, available: int, backordered: int) -> None:
    when = at(WEEK + timedelta(days=5))
    t.add(
        InventoryAdjusted(
            variant_id=variant,
            product_id=product,
            location_id=CENTRAL,
            location_type="central",
            on_hand=available,
            reserved=0,
            available=available,
            backordered=backordered,
            movement_id=uuid4(),
            movement_number="MOV-x",
            movement_type="count",
            quantity_change=0,
            before=available,
            after=available,
            reason="count",
            reference_type=None,
            reference_id=None,
            adjusted_by=None,
            adjusted_at=when,
        ),
        variant,
        when,
    )


# product → (min bundles, {size: (units per bundle, tolerance, available, backordered)})
BUNDLES: dict[str, tuple[int, dict[str, tuple[int, int, int, int]]]] = {
    # DOMAIN's worked example: M48 backordered → 10 bundles, S and L exactly at tolerance
    "p": (1, {"S": (2, 20, 0, 0), "M": (5, 50, 0, 48), "L": (4, 40, 0, 0), "XL": (1, 30, 0, 0)}),
    # the need is far above what S tolerates: capped at 1 bundle
    "r": (1, {"S": (2, 3, 0, 0), "M": (5, 3, 0, 40)}),
    # even one bundle overflows S: blocked, nothing bought
    "q": (1, {"S": (1, 0, 0, 0), "M": (1, 0, 0, 1)}),
    # nothing needed; low stock by the configured reorder points (REORDER_POINTS)
    "k": (1, {"S": (1, 10, 4, 0), "M": (1, 10, 6, 0), "L": (1, 10, 6, 0)}),
}
# configured reorder points (else DEFAULT_REORDER_POINT): k/S 4 ≤ 5 and k/L 6 ≤ 6 alert, k/M doesn't
DEFAULT_REORDER_POINT = 5
REORDER_POINTS = {"k": {"S": 5, "M": 3, "L": 6}}
CONFIGURED_AT = at(WEEK + timedelta(days=4))


def _configure(
    t: Trading,
    product: UUID,
    terms: list[BundleVariantTerms],
    *,
    minimum: int,
    when: datetime,
    supplier: UUID | None,
) -> None:
    """What the warehouse publishes when staff store a bundle config."""
    t.add(
        InventoryBundleConfigured(
            product_id=product,
            supplier_id=supplier,
            bundle_cost=None if supplier is None else 1_000_000,
            min_bundles_per_po=minimum,
            variants=terms,
            configured_by=uuid4(),
            configured_at=when,
        ),
        product,
        when,
    )


def _bundle_products(t: Trading) -> None:
    """BUNDLES configured (latest config per product) with their central stock."""
    s = t.supplier_id
    for name, (minimum, sizes) in BUNDLES.items():
        product = t.products[name] = uuid4()
        t.variants[name] = {}
        terms = []
        for size, (units, tolerance, available, backordered) in sizes.items():
            variant = t.variants[name][size] = uuid4()
            point = REORDER_POINTS.get(name, {}).get(size, DEFAULT_REORDER_POINT)
            terms.append(
                BundleVariantTerms(
                    variant_id=variant,
                    units_per_bundle=units,
                    max_excess_units=tolerance,
                    reorder_point=point,
                )
            )
            _stock(t, product, variant, available, backordered)
        _configure(t, product, terms, minimum=minimum, when=CONFIGURED_AT, supplier=s)
    # p's earlier config, landed after the current one: the marts must take the newest by time
    # (it would block p with its minimum of 99, and adds a size p no longer has)
    stale = [
        BundleVariantTerms(variant_id=v, units_per_bundle=1, max_excess_units=0, reorder_point=0)
        for v in [*t.variants["p"].values(), uuid4()]
    ]
    _configure(t, t.products["p"], stale, minimum=99, when=at(EARLIER), supplier=s)
    # an older low-stock event's reorder point (10) is superseded by the config's (3)
    m = t.variants["k"]["M"]
    t.add(
        InventoryLowStock(
            variant_id=m,
            product_id=t.products["k"],
            location_id=CENTRAL,
            location_type="central",
            on_hand=6,
            reserved=0,
            available=6,
            backordered=0,
            alert_id=uuid4(),
            reorder_point=10,
            days_of_cover=None,
            source="realtime",
            detected_at=at(EARLIER),
        ),
        m,
        at(EARLIER),
    )
    # backorders but no supplier configured: nothing can be proposed
    product = t.products["unsourced"] = uuid4()
    variant = uuid4()
    t.variants["unsourced"] = {"S": variant}
    _stock(t, product, variant, 0, 5)
    terms = [
        BundleVariantTerms(
            variant_id=variant,
            units_per_bundle=1,
            max_excess_units=10,
            reorder_point=DEFAULT_REORDER_POINT,
        )
    ]
    _configure(t, product, terms, minimum=1, when=CONFIGURED_AT, supplier=None)


def _supplier(t: Trading, supplier: UUID, code: str) -> None:
    t.add(
        SupplierCreated(
            supplier_id=supplier,
            code=code,
            name=f"Pabrik {code}",
            type="factory",
            status="active",
            payment_terms_days=30,
            lead_time_days=7,
            created_at=at(EARLIER - timedelta(days=30)),
        ),
        supplier,
        at(EARLIER, 0),
    )


# supplier → [(ordered, [(received, damaged, arrived, final)…], sent, expected)]: the main
# supplier's PO1 on time, 100 ordered, 100 received, 5 damaged; PO2 late, 50 ordered, 40
# received in two deliveries (30, then 10 two days after the promised date). The other supplier
# only delivered in October: November has no row of its own (not scored).
POS: dict[str, list[tuple[int, list[tuple[int, int, date, bool]], date, date]]] = {
    "main": [
        (100, [(100, 5, date(2026, 11, 9), True)], date(2026, 11, 3), date(2026, 11, 10)),
        (
            50,
            [(30, 0, date(2026, 11, 12), False), (10, 0, date(2026, 11, 14), True)],
            date(2026, 11, 5),
            date(2026, 11, 12),
        ),
    ],
    "other": [(20, [(20, 0, date(2026, 10, 8), True)], date(2026, 10, 1), date(2026, 10, 8))],
}


# Both factories offer p in its configured shape; SUP-2's offer: minimum 2 bundles, 9 days
OFFERED = {"main": (1, 7), "other": (2, 9)}


def _offers_of_p(t: Trading) -> None:
    """Both suppliers offer p; SUP-1 was excellent, then its score fell to poor: p's proposal
    goes to SUP-2 (average), on SUP-2's minimum and lead time, though p's config names SUP-1."""
    shape = [
        BundleShare(variant_id=t.variants["p"][size], units=units)
        for size, (units, *_) in BUNDLES["p"][1].items()
    ]
    when = CONFIGURED_AT + timedelta(hours=1)
    for name, standing, score, stars in (
        ("main", "excellent", 0.9, 5),
        ("other", "average", 0.6, 3),
    ):
        supplier = t.supplier_id if name == "main" else t.other_supplier_id
        minimum, lead = OFFERED[name]
        t.add(
            SupplierUpdated(
                supplier_id=supplier,
                code="SUP-1" if name == "main" else "SUP-2",
                name="Pabrik",
                type="factory",
                status="active",
                payment_terms_days=30,
                lead_time_days=7,
                standing=standing,
                score=score,
                stars=stars,
                catalogue=[
                    CatalogueOffer(
                        product_id=t.products["p"],
                        unit_cost=100_000,
                        bundle_cost=100_000 * sum(b.units for b in shape),
                        units_per_bundle=shape,
                        min_bundles=minimum,
                        lead_time_days=lead,
                    )
                ],
                changed_fields=["catalogue"],
                updated_at=when,
            ),
            supplier,
            when,
        )
    fell = when + timedelta(hours=1)
    t.add(
        SupplierPerformanceUpdated(
            supplier_id=t.supplier_id,
            window="rolling_90d",
            period_start=fell.date() - timedelta(days=89),
            period_end=fell.date(),
            po_count=2,
            on_time_rate=0.0,
            fill_rate=0.8,
            quality_rate=0.8,
            avg_lead_time_days=12.0,
            promised_lead_time_days=7.0,
            score=0.48,
            stars=3,
            computed_at=fell,
            standing="poor",
            recorded_at=fell,
        ),
        t.supplier_id,
        fell,
    )


def supply_events(t: Trading) -> None:
    """Configured bundle products with stock, two suppliers with received POs."""
    _supplier(t, t.supplier_id, "SUP-1")
    _supplier(t, t.other_supplier_id, "SUP-2")
    _bundle_products(t)
    _offers_of_p(t)
    for name, orders in POS.items():
        supplier = t.supplier_id if name == "main" else t.other_supplier_id
        for ordered, receipts, sent, expected in orders:
            _purchase_order(t, supplier, ordered, receipts, sent, expected)


def _purchase_order(
    t: Trading,
    s: UUID,
    ordered: int,
    receipts: list[tuple[int, int, date, bool]],
    sent: date,
    expected: date,
) -> None:
    """What the warehouse publishes for a PO drafted, sent and received in deliveries."""
    po, product, variant = uuid4(), uuid4(), uuid4()
    head = dict(
        po_id=po,
        po_number="PO-x",
        supplier_id=s,
        location_id=CENTRAL,
        lines=[
            PurchaseOrderLine(
                product_id=product,
                variant_id=variant,
                sku="S",
                bundles=1,
                units_ordered=ordered,
                unit_cost=1000,
            )
        ],
        total_cost=ordered * 1000,
        currency="IDR",
        expected_date=expected,
        ordered_at=at(sent),
    )
    t.add(
        PurchaseOrderCreated(
            **head,
            status="draft",
            source="manual",
            requires_admin_approval=False,
            created_by=None,
        ),
        po,
        at(sent),
    )
    t.add(PurchaseOrderSent(**head, sent_at=at(sent)), po, at(sent))
    for received, damaged, arrived, final in receipts:
        line = PurchaseOrderReceiptLine(
            product_id=product,
            variant_id=variant,
            units_ordered=ordered,
            units_received=received,
            units_damaged=damaged,
            units_good=received - damaged,
            backorders_filled=0,
            stock_added=received - damaged,
        )
        t.add(
            PurchaseOrderReceived(
                **head,
                receipt_id=uuid4(),
                receipt_lines=[line],
                is_final=final,
                received_by=None,
                received_at=at(arrived),
            ),
            po,
            at(arrived),
        )


def ad_events(t: Trading) -> None:
    """CPC campaign: bid 1,000, daily 5,000, total 12,000; CPM campaign: 1,500 impressions."""
    seller = t.sellers.get("a", uuid4())
    for name, model, bid, daily, total in (
        ("cpc", "cpc", 1000, 5000, 12000),
        ("cpm", "cpm", 20000, 100000, 1000000),
    ):
        campaign = t.campaigns[name] = uuid4()
        t.add(
            CampaignCreated(
                campaign_id=campaign,
                seller_id=seller,
                name=name,
                type="sponsored_search",
                pricing_model=model,
                bid=bid,
                daily_budget=daily,
                total_budget=total,
                currency="IDR",
                starts_at=at(EARLIER),
                ends_at=None,
                keywords=[],
                product_ids=[],
                category_id=None,
                created_at=at(EARLIER),
            ),
            campaign,
            at(EARLIER),
        )
    serving = dict(
        seller_id=seller,
        product_id=None,
        placement="search",
        position=1,
        user_id=None,
        session_id=None,
        query=None,
    )
    for offset, billable, flagged in ((0, 8, 2), (1, 4, 0), (2, 6, 1)):
        day = WEEK + timedelta(days=offset)
        for i in range(billable + flagged):
            when = at(day, 12) + timedelta(minutes=i)
            t.add(
                AdClicked(
                    **serving,
                    campaign_id=t.campaigns["cpc"],
                    pricing_model="cpc",
                    bid=1000,
                    price=1000,
                    occurred_at=when,
                    click_id=uuid4(),
                    impression_id=None,
                    billable=i < billable,
                    flag_reason=None if i < billable else "duplicate",
                ),
                t.campaigns["cpc"],
                when,
            )
    for i in range(1500):
        when = at(WEEK, 9) + timedelta(seconds=i)
        t.add(
            AdImpression(
                **serving,
                campaign_id=t.campaigns["cpm"],
                pricing_model="cpm",
                bid=20000,
                price=20000,
                occurred_at=when,
                impression_id=uuid4(),
            ),
            t.campaigns["cpm"],
            when,
        )


def generate(*, supplier_id: UUID | None = None, other_supplier_id: UUID | None = None) -> Trading:
    """The whole generated data set (its suppliers' ids given when a real service knows them)."""
    t = Trading()
    t.supplier_id = supplier_id or t.supplier_id
    t.other_supplier_id = other_supplier_id or t.other_supplier_id
    settlement_events(t)
    supply_events(t)
    ad_events(t)
    aftersale.ticket_events(t)
    aftersale.review_events(t)
    return t
