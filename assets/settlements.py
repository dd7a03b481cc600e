"""Weekly settlement assets (Asia/Jakarta): closing the week, its finance report, and the push
of its closed figures to payment (DOMAIN "Settlement weeks close")."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
from dagster import AssetExecutionContext

from assets.closing import CloseRefused, close_through
from assets.pack.figures import load_week
from assets.payouts import push_closed_weeks
from assets.quality import check_result
from assets.reports import frame, write_week
from assets.resources import AnalyticsDatabase, ReportsLocation, ServiceEndpoints

SELLER_SETTLEMENTS = dg.AssetKey(["finance", "seller_settlements"])
SETTLEMENT_LINES = dg.AssetKey(["finance", "settlement_lines"])
HOUSE_SETTLEMENTS = dg.AssetKey(["finance", "house_settlements"])
PAYOUT_RECONCILIATION = dg.AssetKey(["finance", "payout_reconciliation"])
SELLER_SHOPS = dg.AssetKey(["finance", "seller_shops"])
STATEMENT_LINES = dg.AssetKey(["finance", "statement_lines"])
WIB = ZoneInfo("Asia/Jakarta")

# Weeks start Monday 00:00 WIB; a partition exists once its week has ended.
settlement_weeks = dg.WeeklyPartitionsDefinition(
    start_date="2026-01-05", timezone="Asia/Jakarta", day_offset=1
)

# a closed week as recorded (never the marts' recomputation), and the lines it is made of
_QUERIES = {
    "seller_settlements": "select * from closing.seller_settlements "
    "where settlement_week = %s::date order by seller_id",
    "settlement_lines": "select * from finance.settlement_lines "
    "where settlement_week = %s::date order by party, is_late, line_type, order_id",
    "house_settlements": "select * from closing.house_settlements where settlement_week = %s::date",
    "payout_reconciliation": "select * from finance.payout_reconciliation "
    "where settlement_week = %s::date order by seller_id",
}


@dg.asset(
    partitions_def=settlement_weeks,
    deps=[SELLER_SETTLEMENTS, SETTLEMENT_LINES, HOUSE_SETTLEMENTS],
    group_name="finance",
    owners=["team:finance"],
    kinds={"postgres"},
)
def settlement_close(
    context: AssetExecutionContext, analytics: AnalyticsDatabase
) -> dg.MaterializeResult:
    """Close the week (and any open week before it): its figures recorded in ``closing.*``,
    never to change; what arrives for it later settles in the next open week as late lines."""
    week = date.fromisoformat(context.partition_key)
    with analytics.connect() as conn:
        try:
            closed = close_through(
                conn, week, today=datetime.now(WIB).date(), closed_by=context.run_id
            )
        except CloseRefused as exc:
            context.log.error(f"settlement week {week} not closed: {exc}")
            raise dg.Failure(description=f"settlement week {week} not closed: {exc}") from exc
    return dg.MaterializeResult(
        metadata={
            "week": week.isoformat(),
            "status": "closed" if closed.weeks else "closed before",
            "weeks_closed": [w.isoformat() for w in closed.weeks],
            "seller_weeks": closed.sellers,
            "lines": closed.lines,
            "late_lines": closed.late_lines,
        }
    )


@dg.asset(
    partitions_def=settlement_weeks,
    deps=[settlement_close, PAYOUT_RECONCILIATION, SELLER_SHOPS, STATEMENT_LINES],
    group_name="finance",
    owners=["team:finance"],
    kinds={"polars", "html", "excel", "pdf"},
)
def settlement_report(
    context: AssetExecutionContext, analytics: AnalyticsDatabase, reports: ReportsLocation
) -> dg.MaterializeResult:
    """``reports/settlements/<week>/``: the finance pack (HTML summary, Excel workbook, a PDF
    statement per seller) and CSV + Parquet per mart for analysts."""
    week = context.partition_key
    frames = {name: frame(*analytics.rows(query, (week,))) for name, query in _QUERIES.items()}
    pack = load_week(analytics.rows, date.fromisoformat(week))
    written = write_week(Path(reports.root) / week, frames, pack)
    sellers, house = frames["seller_settlements"], frames["house_settlements"]
    lines = frames["settlement_lines"]
    totals = {
        f"total_{c}": int(sellers[c].sum()) if sellers.height else 0
        for c in ("gross", "refunds", "gateway_fees", "commission", "net", "payout")
    }
    return dg.MaterializeResult(
        metadata={
            "week": week,
            "sellers": sellers.height,
            "lines": lines.height,
            "late_lines": int(lines["is_late"].sum()) if lines.height else 0,
            "house_gross": int(house["gross"].sum()) if house.height else 0,
            **totals,
            "statements": len(pack.sellers),
            "reconciliation_differences": pack.reconciled["different"],
            "directory": dg.MetadataValue.path(str(written[0].parent)),
        }
    )


@dg.asset(
    partitions_def=settlement_weeks,
    deps=[settlement_close],
    group_name="finance",
    owners=["team:finance"],
)
def settlement_payouts(
    context: AssetExecutionContext, analytics: AnalyticsDatabase, services: ServiceEndpoints
) -> dg.MaterializeResult:
    """POST every closed seller week up to this one that payment has not accepted yet; a
    refusal (or payment out of reach) fails the run with payment's reason."""
    if not services.deployed("payment"):
        return dg.MaterializeResult(metadata={"status": "service not deployed"})
    with analytics.connect() as conn:
        pushed = push_closed_weeks(
            conn,
            through=date.fromisoformat(context.partition_key),
            base_url=services.payment_url,
            api_key=services.internal_api_key,
        )
    metadata = {
        "posted": len(pushed.created) + len(pushed.repeated) + len(pushed.refused),
        "created": len(pushed.created),
        "repeated": len(pushed.repeated),
        "refused": len(pushed.refused),
        "waiting": len(pushed.waiting),
    }
    if (failure := pushed.failure()) is not None:
        context.log.error(failure)
        raise dg.Failure(description=failure, metadata=metadata)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset_check(asset=SELLER_SETTLEMENTS, description="GX: settlement arithmetic and minimum.")
def seller_settlements_add_up(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """net = its parts to the rupiah; paid at or above Rp 50,000 or when the carry is due,
    else carried."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="seller_settlements",
        query="""
            select settlement_key,
                   gross - refunds - gateway_fees - commission + carried_over_in - net as drift,
                   (payout = 0 and carried_over_out = net
                        and net < 50000 and not (carry_due and net > 0))
                       or (payout = net and carried_over_out = 0
                           and (net >= 50000 or (carry_due and net > 0))) as rule_ok
            from finance.seller_settlements
        """,
        expectations=[
            gx.expectations.ExpectColumnValuesToBeUnique(column="settlement_key"),
            gx.expectations.ExpectColumnValuesToBeBetween(column="drift", min_value=0, max_value=0),
            gx.expectations.ExpectColumnValuesToBeInSet(column="rule_ok", value_set=[True]),
        ],
    )
