"""One generated trading fortnight, landed from Kafka and materialized through the whole asset
graph once per session; the pipeline tests read the marts it produced.

Every run uses its own database (never the shared analytics_db) and its own topic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx
import psycopg
import pytest

from api.kit.auth import Role
from api.kit.db import libpq_url
from ingestion.landing_schema import ensure_landing_schema
from pipelines.dbt_env import dbt_env
from tests.pipelines.trading import WEEK, Trading, produce
from tests.pipelines.trading_supply import generate
from tests.support.databases import create_database, drop_database
from tests.support.kafka import unique_topic
from tests.support.processes import free_port, running, serve
from tests.support.services import as_user, migrated_database

# Dagster, dbt and GX emit their own (non-deprecation) warnings: preview APIs, supersessions.
_THIRD_PARTY_WARNINGS = [
    "ignore::UserWarning",
    "ignore::FutureWarning",
    "ignore::DeprecationWarning",
    "ignore::ResourceWarning",
    "ignore::pytest.PytestUnraisableExceptionWarning",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            for spec in _THIRD_PARTY_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(spec))


@dataclass
class Platform:
    """The materialized platform: where it is, what went in, what Dagster reported."""

    database_url: str
    topic: str
    trading: Trading
    result: object
    reports_root: Path
    payment_database_url: str
    supplier_url: str
    supplier_database_url: str

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def payment_query(self, sql: str) -> list[tuple]:
        with psycopg.connect(libpq_url(self.payment_database_url)) as conn:
            return conn.execute(sql).fetchall()  # type: ignore[arg-type]

    def supplier_query(self, sql: str) -> list[tuple]:
        with psycopg.connect(libpq_url(self.supplier_database_url)) as conn:
            return conn.execute(sql).fetchall()  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def payment_service(postgres_url: str) -> Iterator[tuple[str, str]]:
    """(URL, database) of a real payment service: where settlement payouts flow back to."""
    database = migrated_database("payment", create_database(postgres_url, prefix="payment"))
    service = serve("payment", env={"PAYMENT_DATABASE_URL": database})
    # a process starting on a machine shared by many test runs: as long as a loaded one needs
    with running(service, timeout=120):
        yield str(service.url), database
    drop_database(postgres_url, database)


@pytest.fixture(scope="session")
def supplier_service(postgres_url: str) -> Iterator[tuple[str, str]]:
    """(URL, database) of a real supplier service: where supplier scores flow back to."""
    database = migrated_database("supplier", create_database(postgres_url, prefix="supplier"))
    service = serve("supplier", env={"SUPPLIER_DATABASE_URL": database})
    with running(service, timeout=120):  # a loaded machine starts a process slowly
        yield str(service.url), database
    drop_database(postgres_url, database)


def _register_suppliers(url: str) -> list[UUID]:
    """The generated trading's two suppliers, registered with the supplier service."""
    ids = []
    for code in ("SUP-1", "SUP-2"):
        answer = httpx.post(
            f"{url}/api/suppliers",
            json={"code": code, "name": f"Pabrik {code}"},
            headers=as_user(Role.warehouse_staff),
            timeout=30,
        )
        answer.raise_for_status()
        ids.append(UUID(answer.json()["id"]))
    return ids


@pytest.fixture(scope="session")
def dbt_database(postgres_url: str) -> Iterator[str]:
    """A fresh analytics database that dbt (a subprocess) is pointed at through env vars."""
    url = create_database(postgres_url, prefix="analytics")
    with psycopg.connect(url) as conn:
        ensure_landing_schema(conn)
    saved = dict(os.environ)
    os.environ.update(dbt_env(url))
    yield url
    os.environ.clear()
    os.environ.update(saved)
    drop_database(postgres_url, url)


@pytest.fixture(scope="session")
def platform(
    dbt_database: str,
    kafka_bootstrap: str,
    payment_service: tuple[str, str],
    supplier_service: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Platform:
    """Generate, produce, then materialize every asset (and check) in-process."""
    import dagster as dg

    from pipelines.definitions import ASSETS, CHECKS, default_resources

    supplier_url, supplier_database = supplier_service
    main, other = _register_suppliers(supplier_url)
    trading = generate(supplier_id=main, other_supplier_id=other)
    topic = unique_topic(kafka_bootstrap, prefix="pipelines")
    produce(kafka_bootstrap, topic, trading.envelopes)
    reports_root = tmp_path_factory.mktemp("reports")
    payment_url, payment_database = payment_service
    # no warehouse runs here: its push must report the service unreachable, not fail the run
    nowhere = f"http://127.0.0.1:{free_port()}"
    resources = default_resources(
        database_url=dbt_database,
        topics=[topic],
        reports_root=str(reports_root),
        service_urls={"payment": payment_url, "warehouse": nowhere, "supplier": supplier_url},
    )
    with dg.DagsterInstance.ephemeral() as instance:  # disposed: no temporary directory left
        result = dg.materialize(
            [*ASSETS, *CHECKS],
            resources=resources,
            partition_key=WEEK.isoformat(),
            instance=instance,
            raise_on_error=False,
        )
    return Platform(
        dbt_database,
        topic,
        trading,
        result,
        reports_root,
        payment_database,
        supplier_url,
        supplier_database,
    )
