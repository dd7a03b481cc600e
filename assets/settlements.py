"""Weekly settlement assets (Asia/Jakarta): finance reports and the push to payment."""

from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext

from assets.pushing import post_all
from assets.quality import check_result
from assets.reports import frame, write_week
from assets.resources import AnalyticsDatabase, ReportsLocation, ServiceEndpoints

SELLER_SETTLEMENTS = dg.AssetKey(["finance", "seller_settlements"])
SETTLEMENT_LINES = dg.AssetKey(["finance", "settlement_lines"])
HOUSE_SETTLEMENTS = dg.AssetKey(["finance", "house_settlements"])

# Weeks start Monday 00:00 WIB; a partition exists once its week has ended.
settlement_weeks = dg.WeeklyPartitionsDefinition(
    start_date="2026-01-05", timezone="Asia/Jakarta", day_offset=1
)

_QUERIES = {
    "seller_settlements": "select * from finance.seller_settlements "
    "where settlement_week = %s::date order by seller_id",
    "settlement_lines": "select * from finance.settlement_lines "
    "where settlement_week = %s::date order by party, line_type, order_id",
    "house_settlements": "select * from finance.house_settlements where settlement_week = %s::date",
}


@dg.asset(
    partitions_def=settlement_weeks,
    deps=[SELLER_SETTLEMENTS, SETTLEMENT_LINES, HOUSE_SETTLEMENTS],
    group_name="finance",
    kinds={"polars", "html"},
)
def settlement_report(
    context: AssetExecutionContext, analytics: AnalyticsDatabase, reports: ReportsLocation
) -> dg.MaterializeResult:
    """``reports/settlements/<week>/``: CSV + Parquet per mart and an HTML summary."""
    week = context.partition_key
    frames = {name: frame(*analytics.rows(query, (week,))) for name, query in _QUERIES.items()}
    written = write_week(Path(reports.root) / week, frames, week)
    sellers, house = frames["seller_settlements"], frames["house_settlements"]
    totals = {
        f"total_{c}": int(sellers[c].sum()) if sellers.height else 0
        for c in ("gross", "refunds", "gateway_fees", "commission", "net", "payout")
    }
    return dg.MaterializeResult(
        metadata={
            "week": week,
            "sellers": sellers.height,
            "lines": frames["settlement_lines"].height,
            "house_gross": int(house["gross"].sum()) if house.height else 0,
            **totals,
            "directory": dg.MetadataValue.path(str(written[0].parent)),
        }
    )


@dg.asset(partitions_def=settlement_weeks, deps=[SELLER_SETTLEMENTS], group_name="finance")
def settlement_payouts(
    context: AssetExecutionContext, analytics: AnalyticsDatabase, services: ServiceEndpoints
) -> dg.MaterializeResult:
    """POST each seller's settlement of the week to payment ``/internal/settlements``."""
    if not services.deployed("payment"):
        return dg.MaterializeResult(metadata={"status": "service not deployed"})
    names, rows = analytics.rows(_QUERIES["seller_settlements"], (context.partition_key,))
    bodies = []
    for row in rows:
        r = dict(zip(names, row, strict=True))
        body = {
            "settlement_key": r["settlement_key"],
            "seller_id": str(r["seller_id"]),
            "period_start": r["settlement_week"].isoformat(),
            "period_end": r["settlement_week_end"].isoformat(),
            "currency": "IDR",
            **{
                k: int(r[k])
                for k in (
                    "gross",
                    "refunds",
                    "gateway_fees",
                    "commission",
                    "carried_over_in",
                    "net",
                    "payout",
                    "carried_over_out",
                    "line_count",
                )
            },
        }
        bodies.append((r["settlement_key"], body))
    counts = post_all(
        services.payment_url, services.internal_api_key, "/internal/settlements", bodies, "payment"
    )
    return dg.MaterializeResult(metadata={"posted": len(bodies), **counts})


@dg.asset_check(asset=SELLER_SETTLEMENTS, description="GX: settlement arithmetic and minimum.")
def seller_settlements_add_up(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """net = its parts to the rupiah; paid only at or above Rp 50,000, else carried."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="seller_settlements",
        query="""
            select settlement_key,
                   gross - refunds - gateway_fees - commission + carried_over_in - net as drift,
                   (payout = 0 and carried_over_out = net)
                       or (payout = net and net >= 50000 and carried_over_out = 0) as rule_ok
            from finance.seller_settlements
        """,
        expectations=[
            gx.expectations.ExpectColumnValuesToBeUnique(column="settlement_key"),
            gx.expectations.ExpectColumnValuesToBeBetween(column="drift", min_value=0, max_value=0),
            gx.expectations.ExpectColumnValuesToBeInSet(column="rule_ok", value_set=[True]),
        ],
    )
