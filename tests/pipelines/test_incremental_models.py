"""Incremental dbt runs after new events give exactly what a full rebuild gives."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from ingestion.landing import drain
from ingestion.landing_schema import ensure_landing_schema
from pipelines.dbt_env import DBT_PROJECT_DIR, dbt_env
from tests.pipelines.conftest import Platform
from tests.pipelines.trading import WEEK, Trading, _checkout, _refund, at, produce
from tests.support.databases import create_database, drop_database
from tests.support.kafka import unique_topic

MARTS = [
    "finance.seller_settlements",
    "finance.settlement_lines",
    "finance.house_settlements",
    "core.orders",
    "core.order_items",
    "core.payments",
    "marketing.ad_billing",
]


def _dbt(database_url: str, *args: str) -> None:
    dbt = str(Path(sys.executable).with_name("dbt"))
    done = subprocess.run(
        [
            dbt,
            "run",
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            "target/test-incremental",
        ],
        env={**os.environ, **dbt_env(database_url)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def _snapshot(database_url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(database_url) as conn:
        return {
            table: sorted(map(repr, conn.execute(f"select * from {table}").fetchall()))
            for table in MARTS
        }


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    url = create_database(postgres_url, prefix="incremental")
    with psycopg.connect(url) as conn:
        ensure_landing_schema(conn)
    yield url
    drop_database(postgres_url, url)


def test_incremental_run_after_new_events_equals_a_full_rebuild(
    platform: Platform, database: str, kafka_bootstrap: str
) -> None:
    drain(database_url=database, bootstrap=kafka_bootstrap, topics=[platform.topic])
    _dbt(database)
    # a later checkout completing in WEEK, and a refund of one of its orders in the same week
    later, sellers = Trading(), platform.trading.sellers
    orders = _checkout(
        later,
        [(sellers["a"], [61000]), (sellers["c"], [5000])],
        2222,
        WEEK + timedelta(days=2),
        WEEK + timedelta(days=5),
    )
    _refund(later, orders[1][0], sellers["c"], orders[1][2], 5000, at(WEEK + timedelta(days=6)))
    topic = unique_topic(kafka_bootstrap, prefix="incremental")
    produce(kafka_bootstrap, topic, later.envelopes)
    drain(database_url=database, bootstrap=kafka_bootstrap, topics=[platform.topic, topic])

    _dbt(database)
    incremental = _snapshot(database)
    _dbt(database, "--full-refresh")
    assert incremental == _snapshot(database)
    assert incremental != {}
