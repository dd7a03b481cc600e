"""Jobs, schedules (Asia/Jakarta) and the landing lag sensor."""

import dagster as dg

from assets.resources import AnalyticsDatabase, KafkaLanding
from assets.settlements import settlement_weeks
from ingestion.landing import default_topics
from ingestion.landing_lag import landing_lag

TIMEZONE = "Asia/Jakarta"
RAW = dg.AssetSelection.assets("raw_events")

landing_job = dg.define_asset_job("landing_job", selection=RAW)

settlement_job = dg.define_asset_job(
    "settlement_job",
    selection=dg.AssetSelection.assets(
        "settlement_close", "settlement_report", "settlement_payouts"
    ),
    partitions_def=settlement_weeks,
)
finance_models_job = dg.define_asset_job(
    "finance_models_job",
    selection=dg.AssetSelection.assets(
        ["finance", "seller_settlements"],
        ["finance", "house_settlements"],
        # the finance pack's views (shop names, statement lines, payout reconciliation)
        ["finance", "seller_shops"],
        ["finance", "statement_lines"],
        ["finance", "payout_reconciliation"],
    ).upstream()
    - RAW,
)
ad_billing_job = dg.define_asset_job(
    "ad_billing_job",
    selection=dg.AssetSelection.assets(["marketing", "ad_billing"]).upstream() - RAW,
)
low_stock_job = dg.define_asset_job(
    "low_stock_job",
    selection=dg.AssetSelection.assets("warehouse_draft_purchase_orders").upstream() - RAW,
)
supplier_scores_job = dg.define_asset_job(
    "supplier_scores_job",
    selection=dg.AssetSelection.assets("supplier_performance_pushed").upstream() - RAW,
)
# The quality group's models alone (event freshness adds the newly landed events; the
# reconciliation views read the finance marts as the other jobs left them) and their dbt tests.
quality_job = dg.define_asset_job("quality_job", selection=dg.AssetSelection.groups("quality"))

# The dbt models refresh at 00:45; at 01:00 the week that ended at Sunday 24:00 WIB closes
# (its figures recorded, never to change), then its report is written and it is pushed.
finance_models_schedule = dg.ScheduleDefinition(
    job=finance_models_job, cron_schedule="45 0 * * 1", execution_timezone=TIMEZONE
)
weekly_settlement_schedule = dg.build_schedule_from_partitioned_job(
    settlement_job, hour_of_day=1, minute_of_hour=0
)
daily_ad_billing_schedule = dg.ScheduleDefinition(
    job=ad_billing_job, cron_schedule="30 0 * * *", execution_timezone=TIMEZONE
)
hourly_low_stock_schedule = dg.ScheduleDefinition(
    job=low_stock_job, cron_schedule="5 * * * *", execution_timezone=TIMEZONE
)

# Daily after midnight WIB, so a month's snapshot is pushed on its first finished day.
daily_supplier_scores_schedule = dg.ScheduleDefinition(
    job=supplier_scores_job, cron_schedule="15 1 * * *", execution_timezone=TIMEZONE
)
hourly_quality_schedule = dg.ScheduleDefinition(
    job=quality_job, cron_schedule="20 * * * *", execution_timezone=TIMEZONE
)


@dg.sensor(
    job=landing_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING
)
def landing_lag_sensor(
    context: dg.SensorEvaluationContext, analytics: AnalyticsDatabase, kafka: KafkaLanding
) -> dg.SensorResult:
    """Measure landing lag (never consume) and request a drain run when events are waiting."""
    lag = landing_lag(
        database_url=analytics.url,
        bootstrap=kafka.bootstrap,
        topics=kafka.topics or default_topics(),
        group=kafka.group,
    )
    total = sum(lag.values())
    observation = dg.AssetObservation(asset_key="raw_events", metadata={"consumer_lag": total})
    if total == 0:
        return dg.SensorResult(skip_reason="no lag", asset_events=[observation])
    in_flight = context.instance.get_run_records(
        dg.RunsFilter(job_name=landing_job.name, statuses=list(dg.IN_PROGRESS_RUN_STATUSES)),
        limit=1,
    )
    if in_flight:
        return dg.SensorResult(skip_reason="a drain is already running", asset_events=[observation])
    return dg.SensorResult(run_requests=[dg.RunRequest()], asset_events=[observation])
