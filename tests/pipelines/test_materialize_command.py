"""``lakoo pipelines materialize``: no arguments does the sensible thing; a wrong selection is
one clear line, not a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from lakoo.cli import app
from tests.pipelines.conftest import Platform
from tests.pipelines.trading import WEEK

if TYPE_CHECKING:
    import dagster as dg

# Dagster and its neighbours are imported inside the tests: importing them while collecting
# would raise their deprecation warnings before the pipelines' warning filters apply.


@pytest.fixture(scope="module")
def defs(
    platform: Platform,
    payment_service: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dg.Definitions:
    """The code location on the session's database, topic and payment service."""
    from pipelines.definitions import build_definitions

    return build_definitions(
        database_url=platform.database_url,
        topics=[platform.topic],
        reports_root=str(tmp_path_factory.mktemp("reports")),
        service_urls={"payment": payment_service[0], "warehouse": "http://127.0.0.1:9"},
    )


def test_no_arguments_means_every_asset_and_the_partitioned_ones_for_the_last_ended_week(
    defs: dg.Definitions,
) -> None:
    import dagster as dg

    from assets.settlements import settlement_weeks
    from pipelines.runs import plan

    everything = plan(defs, None, None)
    graph = defs.resolve_asset_graph()
    keys: set[Any] = set(graph.get_all_asset_keys())
    assert everything.keys == {k for k in keys if graph.get(k).is_materializable}
    finance = {
        dg.AssetKey("settlement_close"),
        dg.AssetKey("settlement_report"),
        dg.AssetKey("settlement_payouts"),
    }
    assert everything.partitioned == finance
    assert everything.partition == settlement_weeks.get_last_partition_key()
    assert plan(defs, "group:finance", None).partition == everything.partition
    unpartitioned = plan(defs, "not group:finance", None)
    assert unpartitioned.partition is None and not unpartitioned.keys & finance


@pytest.mark.parametrize(
    ("select", "partition", "says"),
    [
        ("no_such_asset", None, "--select 'no_such_asset': "),
        ("group:nope", None, "--select 'group:nope' matches no asset"),
        ("foo bar(", None, "--select 'foo bar(': "),
        ("raw_events", "2026-11-09", "--partition 2026-11-09: no selected asset is partitioned"),
        ("group:finance", "2025-01-06", "--partition 2025-01-06: not a partition"),
    ],
)
def test_a_wrong_selection_or_partition_is_one_line_that_says_why(
    defs: dg.Definitions, select: str, partition: str | None, says: str
) -> None:
    from pipelines.runs import SelectionError, plan

    with pytest.raises(SelectionError) as refused:
        plan(defs, select, partition)
    assert str(refused.value).startswith(says)
    assert "\n" not in str(refused.value)


def test_the_command_answers_a_wrong_selection_with_one_line_and_exit_2(
    platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAKOO_HOME", str(tmp_path))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    result = CliRunner().invoke(app, ["pipelines", "materialize", "--select", "nope_not_here"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("lakoo pipelines materialize: --select")
    assert "Traceback" not in result.output and "CheckError" not in result.output


def test_a_partitioned_selection_runs_in_one_in_process_run(defs: dg.Definitions) -> None:
    import dagster as dg

    from pipelines.runs import materialize, plan, summary

    chosen = plan(defs, "group:finance", WEEK.isoformat())
    with dg.DagsterInstance.ephemeral() as instance:
        result = materialize(defs, chosen, instance=instance)
    assert result.success
    lines = summary(result)
    assert "✓ settlement_report" in lines and "✓ settlement_payouts" in lines
    assert not [line for line in lines if line.startswith("✗")]
