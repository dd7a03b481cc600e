"""Dagster's own instance keeps runs and events in PostgreSQL (``dagster_db`` in a real stack)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.instance import write_instance_yaml


@dg.asset
def two_plus_two() -> int:
    return 4


def test_runs_and_their_events_are_stored_in_postgres(
    fresh_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    write_instance_yaml(fresh_database)

    with dg.DagsterInstance.get() as instance:
        result = dg.materialize([two_plus_two], instance=instance)
        assert result.success
        assert instance.get_runs_count() == 1
        # the event log (written with NOTIFY by dagster-postgres) has the materialization
        latest = instance.get_latest_materialization_event(dg.AssetKey("two_plus_two"))
        assert latest is not None
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
