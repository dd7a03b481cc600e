"""Incremental dbt runs after new events give exactly what a full rebuild gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest

from ingestion.landing import drain
from ingestion.landing_schema import ensure_landing_schema
from tests.pipelines.conftest import Platform
from tests.pipelines.dbt_cli import dbt_run
from tests.pipelines.trading import WEEK, Trading, _checkout, _refund, at, produce
from tests.support.databases import create_database, drop_database
from tests.support.kafka import unique_topic

MARTS = [
    "intermediate.int_settlement_weeks",
    "finance.seller_settlements",
    "finance.settlement_lines",
    "finance.house_settlements",
    "core.orders",
    "core.order_items",
    "core.payments",
    "marketing.ad_billing",
    "quality.event_freshness",
]


def _dbt(database_url: str, *args: str) -> None:
    dbt_run(database_url, *args, target="test-incremental")


# When a row was computed differs between an incremental run and a rebuild, by design.
RUN_METADATA = {"computed_at"}


def _snapshot(database_url: str) -> dict[str, list[str]]:
    with psycopg.connect(database_url) as conn:
        snapshot = {}
        for table in MARTS:
            cursor = conn.execute(f"select * from {table}")
            keep = [
                i
                for i, column in enumerate(cursor.description or [])
                if column.name not in RUN_METADATA
            ]
            rows = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
            snapshot[table] = sorted(map(repr, rows))
        return snapshot


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


def _view_oids(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "select c.relname, c.oid::int from pg_class c"
            " join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = 'staging' and c.relkind = 'v'"
        ).fetchall()
    return dict(rows)


def test_a_view_is_rebuilt_only_when_its_sql_changed_or_a_full_refresh_asks(
    database: str,
) -> None:
    _dbt(database, "--select", "staging")
    built = _view_oids(database)
    assert len(built) >= 10

    _dbt(database, "--select", "staging")
    assert _view_oids(database) == built, "unchanged views were replaced"

    # A view whose recorded fingerprint differs (as after its SQL changed) is rebuilt, alone.
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("comment on view staging.stg_order__events is 'lakoo:sql-md5=older'")
    _dbt(database, "--select", "staging")
    rebuilt = _view_oids(database)
    changed = {name for name in built if rebuilt[name] != built[name]}
    assert changed == {"stg_order__events"}
    with psycopg.connect(database) as conn:
        (comment,) = conn.execute(
            "select obj_description('staging.stg_order__events'::regclass, 'pg_class')"
        ).fetchone() or (None,)
    assert comment is not None and comment.startswith("lakoo:sql-md5=")
    assert comment != "lakoo:sql-md5=older"

    _dbt(database, "--select", "staging", "--full-refresh")
    assert all(oid != rebuilt[name] for name, oid in _view_oids(database).items())
