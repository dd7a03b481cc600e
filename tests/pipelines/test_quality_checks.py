"""The checks can fail: a corrupted raw row fails the GX suite, a duplicated key fails dbt."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import psycopg
import pytest

from assets.checks import raw_events_envelopes_are_valid
from assets.resources import AnalyticsDatabase
from ingestion.landing import drain
from ingestion.landing_schema import ensure_landing_schema
from tests.pipelines.conftest import Platform
from tests.pipelines.dbt_cli import dbt
from tests.support.databases import create_database, drop_database


@pytest.fixture(scope="module")
def spoiled_database(platform: Platform, postgres_url: str, kafka_bootstrap: str) -> Iterator[str]:
    """A second database landed from the same topic, free to be corrupted."""
    url = create_database(postgres_url, prefix="spoiled")
    with psycopg.connect(url) as conn:
        ensure_landing_schema(conn)
    drain(database_url=url, bootstrap=kafka_bootstrap, topics=[platform.topic])
    yield url
    drop_database(postgres_url, url)


def _dbt(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return dbt(database_url, *args, target="test-quality")


def test_great_expectations_check_fails_on_a_corrupted_raw_row(spoiled_database: str) -> None:
    analytics = AnalyticsDatabase(url=spoiled_database)
    assert raw_events_envelopes_are_valid(analytics).passed
    with psycopg.connect(spoiled_database) as conn:
        conn.execute(
            "update raw.events set event_type = 'order.craeted' "
            "where landing_id = (select min(landing_id) from raw.events)"
        )
    result = raw_events_envelopes_are_valid(analytics)
    assert not result.passed
    assert "failed (1 unexpected)" in str(result.metadata)


def test_dbt_tests_fail_on_a_duplicated_key(spoiled_database: str) -> None:
    built = _dbt(spoiled_database, "run", "--select", "+payments")
    assert built.returncode == 0, built.stdout[-2000:]
    assert _dbt(spoiled_database, "test", "--select", "payments").returncode == 0
    with psycopg.connect(spoiled_database) as conn:
        conn.execute("insert into core.payments select * from core.payments limit 1")
    failed = _dbt(spoiled_database, "test", "--select", "payments")
    assert failed.returncode != 0
    assert "unique_payments_payment_id" in failed.stdout
