"""``raw_events``: drain Kafka into ``raw.events`` up to the high watermark (or a time budget)."""

import dagster as dg
from dagster import AssetExecutionContext

from assets.resources import AnalyticsDatabase, KafkaLanding
from ingestion.landing import LanderBusy, drain


@dg.asset(
    group_name="landing",
    owners=["team:landing"],
    description="Catalog events landed from Kafka into raw.events (COPY, exactly once).",
    kinds={"kafka", "postgres"},
)
def raw_events(
    context: AssetExecutionContext, analytics: AnalyticsDatabase, kafka: KafkaLanding
) -> dg.MaterializeResult:
    """Land every event produced so far; a running ``lakoo land`` makes this a no-op."""
    try:
        result = drain(
            database_url=analytics.url,
            bootstrap=kafka.bootstrap,
            topics=kafka.topics or None,
            group=kafka.group,
            batch_size=kafka.batch_size,
            time_budget=kafka.time_budget_seconds,
        )
    except LanderBusy:
        # the long-running lander owns the group and keeps raw.events current already
        context.log.info("another lander holds the group; nothing to drain")
        return dg.MaterializeResult(metadata={"status": "lander already running"})
    return dg.MaterializeResult(
        metadata={
            "landed": result.landed,
            "duplicates_skipped": result.duplicates,
            "rejected": result.rejected,
            "batches": result.batches,
            "caught_up": result.caught_up,
        }
    )
