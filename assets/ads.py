"""GX checks on the ad billing mart (publishing charges belongs to the advertisement issue)."""

import dagster as dg

from assets.quality import check_result
from assets.resources import AnalyticsDatabase

AD_BILLING = dg.AssetKey(["marketing", "ad_billing"])


@dg.asset_check(asset=AD_BILLING, description="GX: charges within daily and total budgets.")
def ad_billing_within_budgets(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """No day above its daily budget; no campaign's charges above its total budget."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="ad_billing",
        query="""
            select charge_key, amount,
                   amount <= daily_budget as within_daily,
                   sum(amount) over (partition by campaign_id) <= total_budget as within_total
            from marketing.ad_billing
        """,
        expectations=[
            gx.expectations.ExpectColumnValuesToBeUnique(column="charge_key"),
            gx.expectations.ExpectColumnValuesToBeInSet(column="within_daily", value_set=[True]),
            gx.expectations.ExpectColumnValuesToBeInSet(column="within_total", value_set=[True]),
        ],
    )
