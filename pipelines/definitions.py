"""The LAKOO Dagster code location: assets, checks, resources, jobs, schedules, sensor.

``dagster dev -w workspace.yaml`` (or ``lakoo up``) loads it; tests call ``build_definitions``
with their own database and topics.
"""

import os

import dagster as dg
from dagster_dbt import DbtCliResource

from api.kit.settings import CommonSettings
from api.kit.topology import ANALYTICS_DATABASE, SERVICES
from assets import ads, checks, reconciliation, settlements, suppliers, supply
from assets.dbt import DBT_EXECUTABLE, lakoo_dbt_models, project
from assets.landing import raw_events
from assets.resources import AnalyticsDatabase, KafkaLanding, ReportsLocation, ServiceEndpoints
from lakoo.runtime import repo_root
from pipelines import automation
from pipelines.dbt_env import analytics_url_from_env, dbt_env

ASSETS = [
    raw_events,
    lakoo_dbt_models,
    settlements.settlement_close,
    settlements.settlement_report,
    settlements.settlement_payouts,
    supply.warehouse_draft_purchase_orders,
    suppliers.supplier_performance_pushed,
    ads.ad_charges_pushed,
    ads.campaign_performance_pushed,
]
CHECKS = [
    checks.raw_events_envelopes_are_valid,
    settlements.seller_settlements_add_up,
    reconciliation.payout_reconciliation_agrees,
    supply.proposals_respect_tolerance,
    ads.ad_billing_within_budgets,
    suppliers.supplier_scores_in_range,
]


def default_resources(
    *,
    database_url: str | None = None,
    topics: list[str] | None = None,
    reports_root: str | None = None,
    service_urls: dict[str, str] | None = None,
) -> dict[str, object]:
    """Resources from the settings (or the given database, topics, reports and service URLs)."""
    urls = service_urls or {}
    settings = CommonSettings()
    analytics_url = database_url or (
        analytics_url_from_env()
        if _env_points_elsewhere()
        else f"{settings.postgres_url.rstrip('/')}/{ANALYTICS_DATABASE}"
    )
    # dbt runs as a subprocess and connects through profiles.yml's variables: point them at the
    # very database the other assets read, so both always agree (a stack on another port too).
    os.environ.update(dbt_env(analytics_url))
    return {
        "analytics": AnalyticsDatabase(url=analytics_url),
        "kafka": KafkaLanding(bootstrap=settings.kafka_bootstrap_servers, topics=topics or []),
        "dbt": DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE),
        "services": ServiceEndpoints(
            payment_url=urls.get("payment") or service_url("payment"),
            warehouse_url=urls.get("warehouse") or service_url("warehouse"),
            supplier_url=urls.get("supplier") or service_url("supplier"),
            advertisement_url=urls.get("advertisement") or service_url("advertisement"),
            internal_api_key=settings.internal_api_key.get_secret_value(),
        ),
        "reports": ReportsLocation(
            root=reports_root or str(repo_root() / "reports" / "settlements")
        ),
    }


def service_url(service: str) -> str:
    """Where ``service`` answers: ``<SERVICE>_SERVICE_URL``, else its port on this machine."""
    return (
        os.environ.get(f"{service.upper()}_SERVICE_URL")
        or f"http://127.0.0.1:{SERVICES[service].port}"
    )


def _env_points_elsewhere() -> bool:
    return "LAKOO_ANALYTICS_DBNAME" in os.environ


def build_definitions(**resource_overrides: object) -> dg.Definitions:
    """The code location's definitions (resources overridable for tests and tools)."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        resources=default_resources(**resource_overrides),  # type: ignore[arg-type]
        jobs=[
            automation.landing_job,
            automation.settlement_job,
            automation.finance_models_job,
            automation.ad_billing_job,
            automation.low_stock_job,
            automation.supplier_scores_job,
            automation.quality_job,
        ],
        schedules=[
            automation.finance_models_schedule,
            automation.weekly_settlement_schedule,
            automation.daily_ad_billing_schedule,
            automation.hourly_low_stock_schedule,
            automation.daily_supplier_scores_schedule,
            automation.hourly_quality_schedule,
        ],
        sensors=[automation.landing_lag_sensor],
    )


defs = build_definitions()
