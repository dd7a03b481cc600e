"""GX checks on supplier performance (publishing scores belongs to the supplier issue)."""

import dagster as dg

from assets.quality import check_result
from assets.resources import AnalyticsDatabase

SUPPLIER_PERFORMANCE = dg.AssetKey(["supply", "supplier_performance"])


@dg.asset_check(asset=SUPPLIER_PERFORMANCE, description="GX: rates in [0, 1], stars 1–5.")
def supplier_scores_in_range(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """Rates and scores are fractions; stars are 1 to 5."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="supplier_performance",
        query="select * from supply.supplier_performance",
        expectations=[
            *(
                gx.expectations.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1)
                for c in ("on_time_rate", "fill_rate", "quality_rate", "score")
            ),
            gx.expectations.ExpectColumnValuesToBeBetween(column="stars", min_value=1, max_value=5),
        ],
    )
