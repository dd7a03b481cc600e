"""Supplier scores: GX checks on the mart, and the push of each scored period to the supplier
service (``POST /internal/suppliers/{id}/performance`` → ``supplier.performance_updated``).

Only finished months are pushed: the supplier service locks a month once written, so the month in
progress would be frozen half-counted. The rolling 90 days are pushed every run; the service keeps
the latest computation and answers 200 with no second effect for a period it already has.
"""

import dagster as dg

from assets.pushing import post_all
from assets.quality import check_result
from assets.resources import AnalyticsDatabase, ServiceEndpoints

SUPPLIER_PERFORMANCE = dg.AssetKey(["supply", "supplier_performance"])

_SCORED = """
select supplier_id, scoring_window, period_start, period_end, po_count, on_time_rate, fill_rate,
       quality_rate, avg_lead_time_days, promised_lead_time_days, score, stars, computed_at
from supply.supplier_performance
where scoring_window = 'rolling_90d'
   or period_end < (computed_at at time zone 'Asia/Jakarta')::date
order by supplier_id, scoring_window, period_start
"""


@dg.asset(deps=[SUPPLIER_PERFORMANCE], group_name="supply", owners=["team:supply"])
def supplier_performance_pushed(
    analytics: AnalyticsDatabase, services: ServiceEndpoints
) -> dg.MaterializeResult:
    """Every finished month and the rolling 90 days, per supplier, to the supplier service."""
    names, rows = analytics.rows(_SCORED)
    if not services.deployed("supplier"):
        return dg.MaterializeResult(
            metadata={"status": "service not deployed", "periods": len(rows)}
        )
    by_supplier: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for row in rows:
        r = dict(zip(names, row, strict=True))
        key = f"supplier-performance:{r['supplier_id']}:{r['scoring_window']}:{r['period_end']}"
        body = {
            "window": r["scoring_window"],
            "period_start": r["period_start"].isoformat(),
            "period_end": r["period_end"].isoformat(),
            "po_count": int(r["po_count"]),
            **{
                name: float(r[name])
                for name in (
                    "on_time_rate",
                    "fill_rate",
                    "quality_rate",
                    "avg_lead_time_days",
                    "promised_lead_time_days",
                    "score",
                )
            },
            "stars": int(r["stars"]),
            "computed_at": r["computed_at"].isoformat(),
        }
        by_supplier.setdefault(str(r["supplier_id"]), []).append((key, body))
    counts: dict[str, int | str] = {}
    for supplier_id, bodies in by_supplier.items():
        answered = post_all(
            services.supplier_url,
            services.internal_api_key,
            f"/internal/suppliers/{supplier_id}/performance",
            bodies,
            "supplier",
        )
        for label, value in answered.items():
            counts[label] = value if isinstance(value, str) else int(counts.get(label, 0)) + value
    return dg.MaterializeResult(metadata={"periods": len(rows), **counts})


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
