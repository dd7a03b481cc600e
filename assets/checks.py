"""Great Expectations suite on ``raw_events``: envelopes the marts can trust."""

import dagster as dg

from api.events.base import registry
from assets.quality import check_result
from assets.resources import AnalyticsDatabase

RAW_EVENTS_QUERY = """
select event_id, event_type, event_version, aggregate_id, occurred_at, payload
from raw.events
"""


@dg.asset_check(asset="raw_events", description="GX: envelope fields present, types in catalog.")
def raw_events_envelopes_are_valid(analytics: AnalyticsDatabase) -> dg.AssetCheckResult:
    """Every landed row has an id, a catalog event type, a sane version and a payload."""
    import great_expectations as gx  # slow to import: only when the check runs

    return check_result(
        analytics.url,
        name="raw_events",
        query=RAW_EVENTS_QUERY,
        expectations=[
            gx.expectations.ExpectColumnValuesToNotBeNull(column="event_id"),
            gx.expectations.ExpectColumnValuesToBeUnique(column="event_id"),
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="event_type", value_set=sorted(registry())
            ),
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="event_version", min_value=1, max_value=100
            ),
            gx.expectations.ExpectColumnValuesToNotBeNull(column="aggregate_id"),
            gx.expectations.ExpectColumnValuesToNotBeNull(column="occurred_at"),
            gx.expectations.ExpectColumnValuesToNotBeNull(column="payload"),
        ],
    )
