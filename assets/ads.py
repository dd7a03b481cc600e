"""Ad billing: the push of each finished WIB day's charge to the advertisement service
(``POST /internal/charges`` → wallet debit → ``ad.charged``), and GX checks on the mart.

Only final days are pushed (``is_final``: the WIB day is over), as settlements push only closed
weeks: the service records a day's charge once, so a day in progress would be frozen half-counted.
Every run pushes every final day; the service answers a day it already has with 200 and no second
debit (the key is the campaign and the day, the same key the wallet debit carries).
"""

import dagster as dg

from assets.pushing import post_all, put_all
from assets.quality import check_result
from assets.resources import AnalyticsDatabase, ServiceEndpoints

AD_BILLING = dg.AssetKey(["marketing", "ad_billing"])

_FINAL_DAYS = """
select campaign_id, billing_date, amount, computed_amount, capped_by, billable_clicks, impressions
from marketing.ad_billing
where is_final
order by billing_date, campaign_id
"""


@dg.asset(deps=[AD_BILLING], group_name="marketing", owners=["team:marketing"])
def ad_charges_pushed(
    analytics: AnalyticsDatabase, services: ServiceEndpoints
) -> dg.MaterializeResult:
    """Every finished day's charge per campaign, to the advertisement service."""
    names, rows = analytics.rows(_FINAL_DAYS)
    if not services.deployed("advertisement"):
        return dg.MaterializeResult(metadata={"status": "service not deployed", "days": len(rows)})
    bodies = []
    for row in rows:
        r = dict(zip(names, row, strict=True))
        day = r["billing_date"].isoformat()
        body = {
            "campaign_id": str(r["campaign_id"]),
            "charge_date": day,
            "amount": int(r["amount"]),
            "computed_amount": int(r["computed_amount"]),
            "capped_by": r["capped_by"],
            "billable_clicks": int(r["billable_clicks"]),
            "impressions": int(r["impressions"]),
        }
        bodies.append((f"ad-charge:{r['campaign_id']}:{day}", body))
    answered = post_all(
        services.advertisement_url,
        services.internal_api_key,
        "/internal/charges",
        bodies,
        "advertisement",
    )
    return dg.MaterializeResult(metadata={"days": len(rows), **answered})


CAMPAIGN_PERFORMANCE = dg.AssetKey(["marketing", "campaign_performance"])

_PERFORMANCE = """
select campaign_id, activity_date, impressions, clicks, billable_clicks, spend,
       attributed_orders, attributed_revenue
from marketing.campaign_performance
order by campaign_id, activity_date
"""


@dg.asset(deps=[CAMPAIGN_PERFORMANCE], group_name="marketing", owners=["team:marketing"])
def campaign_performance_pushed(
    analytics: AnalyticsDatabase, services: ServiceEndpoints
) -> dg.MaterializeResult:
    """Each campaign's days to the advertisement service (``PUT`` replaces them: idempotent),
    where the seller reads them (``GET /api/ads/campaigns/{id}/performance``)."""
    names, rows = analytics.rows(_PERFORMANCE)
    if not services.deployed("advertisement"):
        return dg.MaterializeResult(metadata={"status": "service not deployed", "days": len(rows)})
    by_campaign: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        r = dict(zip(names, row, strict=True))
        by_campaign.setdefault(str(r["campaign_id"]), []).append(
            {
                "date": r["activity_date"].isoformat(),
                **{
                    name: int(r[name])
                    for name in (
                        "impressions",
                        "clicks",
                        "billable_clicks",
                        "spend",
                        "attributed_orders",
                        "attributed_revenue",
                    )
                },
            }
        )
    counts: dict[str, int | str] = {}
    for campaign_id, days in by_campaign.items():
        answered = put_all(
            services.advertisement_url,
            services.internal_api_key,
            f"/internal/campaigns/{campaign_id}/performance",
            {"days": days},
            "advertisement",
        )
        for label, value in answered.items():
            counts[label] = value if isinstance(value, str) else int(counts.get(label, 0)) + value
    return dg.MaterializeResult(metadata={"campaigns": len(by_campaign), **counts})


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
