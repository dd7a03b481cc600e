"""Resources the assets are given by type: the analytics database, Kafka, services, reports."""

from __future__ import annotations

import importlib.util

import dagster as dg
import psycopg
from pydantic import Field

from api.kit.db import libpq_url
from ingestion.landing import DEFAULT_GROUP


class AnalyticsDatabase(dg.ConfigurableResource):
    """``analytics_db`` (or a test's own database)."""

    url: str

    def connect(self) -> psycopg.Connection:
        """A new autocommit connection (assets only read, or write idempotently)."""
        return psycopg.connect(libpq_url(self.url), autocommit=True)

    def rows(self, query: str, params: tuple[object, ...] = ()) -> tuple[list[str], list[tuple]]:
        """Column names and rows of one query."""
        with self.connect() as conn, conn.cursor() as cur:
            cur.execute(query, params)
            names = [column.name for column in cur.description or []]
            return names, cur.fetchall()


class KafkaLanding(dg.ConfigurableResource):
    """Which topics the landing drains, as which consumer group, for how long at most."""

    bootstrap: str
    topics: list[str] = Field(default_factory=list, description="empty: every catalog topic")
    group: str = DEFAULT_GROUP
    time_budget_seconds: float = 240.0
    batch_size: int = 10_000


class ServiceEndpoints(dg.ConfigurableResource):
    """Base URLs of the services results flow back to, and the internal key they expect."""

    payment_url: str
    warehouse_url: str
    supplier_url: str
    internal_api_key: str
    advertisement_url: str = "http://127.0.0.1:3013"

    @staticmethod
    def deployed(service: str) -> bool:
        """Whether the service's package exists in this checkout (else pushes are skipped)."""
        return importlib.util.find_spec(f"api.{service}") is not None


class ReportsLocation(dg.ConfigurableResource):
    """Root directory of the finance reports (``reports/settlements/<week>/`` below it)."""

    root: str
