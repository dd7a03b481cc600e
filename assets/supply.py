"""Supply assets: draft purchase orders pushed to the warehouse, and GX checks on the marts."""

from collections import defaultdict
from datetime import timedelta
from typing import Any

import dagster as dg

from assets.pushing import post_all
from assets.quality import check_result
from assets.resources import AnalyticsDatabase, ServiceEndpoints

PROPOSALS = dg.AssetKey(["supply", "purchase_order_proposals"])
LOW_STOCK = dg.AssetKey(["supply", "low_stock_alerts"])

_PROPOSED = """
select p.supplier_id, p.product_id, max(p.bundles) as bundles, max(p.computed_at) as computed_at,
       max(p.lead_time_days) as lead_time_days
from supply.purchase_order_proposals as p
where p.status = 'proposed' and p.bundles > 0
group by p.supplier_id, p.product_id
order by p.supplier_id, p.product_id
"""


@dg.asset(deps=[PROPOSALS, LOW_STOCK], group_name="supply", owners=["team:supply"])
def warehouse_draft_purchase_orders(
    analytics: AnalyticsDatabase, services: ServiceEndpoints
) -> dg.MaterializeResult:
    """One draft PO per supplier per WIB day to the warehouse (idempotent by proposal key)."""
    names, rows = analytics.rows(_PROPOSED)
    by_supplier: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_supplier[str(row[0])].append(dict(zip(names, row, strict=True)))
    if not services.deployed("warehouse"):
        return dg.MaterializeResult(
            metadata={"status": "service not deployed", "proposals": len(by_supplier)}
        )
    bodies = []
    for supplier_id, products in by_supplier.items():
        day = products[0]["computed_at"].date()
        key = f"po-proposal:{supplier_id}:{day.isoformat()}"
        bodies.append(
            (
                key,
                {
                    "proposal_key": key,
                    "supplier_id": supplier_id,
                    "expected_date": (
                        day + timedelta(days=max(int(p["lead_time_days"]) for p in products))
                    ).isoformat(),
                    "products": [
                        {"product_id": str(p["product_id"]), "bundles": int(p["bundles"])}
                        for p in products
                    ],
                    "notes": "proposed by the data platform (purchase_order_proposals)",
                },
            )
        )
    counts = post_all(
        services.warehouse_url,
        services.internal_api_key,
        "/internal/purchase-orders/proposals",
        bodies,
        "warehouse",
    )
    return dg.MaterializeResult(metadata={"proposals": len(bodies), **counts})


@dg.asset_check(asset=PROPOSALS, description="GX: no size's projected surplus above tolerance.")
def proposals_respect_tolerance(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """Every proposed line keeps its projected surplus within the size's tolerance."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="purchase_order_proposals",
        query="""
            select proposal_key, bundles, bundles >= min_bundles or bundles = 0 as minimum_ok,
                   projected_surplus <= max_excess_units or bundles = 0 as within_tolerance
            from supply.purchase_order_proposals
        """,
        expectations=[
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="within_tolerance", value_set=[True]
            ),
            gx.expectations.ExpectColumnValuesToBeInSet(column="minimum_ok", value_set=[True]),
        ],
    )
