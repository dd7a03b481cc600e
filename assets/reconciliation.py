"""Great Expectations check on ``finance.payout_reconciliation``: every party that recorded a
seller week's payout (the closed settlement, payment, the wallet, the seller service) agrees to
the rupiah. A figure that has not landed yet is awaited, not a difference."""

import dagster as dg

from assets.quality import check_result
from assets.resources import AnalyticsDatabase

PAYOUT_RECONCILIATION = dg.AssetKey(["finance", "payout_reconciliation"])

RECONCILIATION_QUERY = """
select seller_id::text || ':' || settlement_week::text as seller_week, status,
       payment_difference, wallet_difference, seller_difference, withdrawn_completed,
       withdrawn_requested
from finance.payout_reconciliation
"""


@dg.asset_check(
    asset=PAYOUT_RECONCILIATION,
    description="GX: settlement payout = payment = wallet credit = payout record, per seller week.",
)
def payout_reconciliation_agrees(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """No seller week where two recorded payouts differ; withdrawals never complete more than
    was requested."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="payout_reconciliation",
        query=RECONCILIATION_QUERY,
        expectations=[
            gx.expectations.ExpectColumnValuesToBeUnique(column="seller_week"),
            gx.expectations.ExpectColumnValuesToNotBeInSet(
                column="status", value_set=["different"]
            ),
            *(
                gx.expectations.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=0)
                for c in ("payment_difference", "wallet_difference", "seller_difference")
            ),
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="withdrawn_requested", column_B="withdrawn_completed", or_equal=True
            ),
        ],
    )
