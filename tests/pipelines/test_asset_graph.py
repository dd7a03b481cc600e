"""The whole asset graph materializes in-process, and the code location validates."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import psycopg

from tests.pipelines.conftest import Platform
from tests.pipelines.trading import WEEK

ROOT = Path(__file__).resolve().parents[2]


def test_whole_asset_graph_materializes_in_process(platform: Platform) -> None:
    result = platform.result
    assert result.success, [  # type: ignore[attr-defined]
        e.message
        for e in result.all_events
        if e.is_failure  # type: ignore[attr-defined]
    ]
    checks = result.get_asset_check_evaluations()  # type: ignore[attr-defined]
    failed = [c.check_name for c in checks if not c.passed]
    assert len(checks) > 50 and failed == []
    raw = platform.query("select count(*), count(distinct event_id) from raw.events")[0]
    assert raw == (len(platform.trading.envelopes),) * 2


def test_settlement_report_files_are_written_with_totals(platform: Platform) -> None:
    week_dir = platform.reports_root / "2026-11-09"
    names = sorted(p.name for p in week_dir.iterdir())
    assert "summary.html" in names and "seller_settlements.parquet" in names
    assert "seller_settlements.csv" in names and "settlement_lines.parquet" in names


def test_settlements_flow_back_to_the_payment_service(platform: Platform) -> None:
    # closing WEEK closed the week before it too: both reached payment, in order
    mart = platform.query(
        "select seller_id::text, settlement_week, net, payout from finance.seller_settlements"
        " where settlement_week <= %s::date order by 1, 2",
        (WEEK.isoformat(),),
    )
    sellers = ", ".join(f"'{seller}'" for seller in platform.trading.sellers.values())
    stored = platform.payment_query(
        "select seller_id::text, period_start, net, payout from settlements"
        f" where seller_id in ({sellers}) order by 1, 2"
    )
    announced = platform.payment_query(
        "select count(*) from outbox where event_type = 'settlement.completed'"
        f" and payload->>'seller_id' in ({sellers})"
    )
    (materialization,) = platform.result.asset_materializations_for_node(  # type: ignore[attr-defined]
        "settlement_payouts"
    )
    assert mart and stored == mart, "every seller's week reached payment with the mart's figures"
    assert announced == [(len(mart),)]
    assert materialization.metadata["created"].value == len(mart)
    assert materialization.metadata["refused"].value == 0


def test_the_demo_shows_the_closed_week_as_recorded_with_payments_numbers(
    platform: Platform,
) -> None:
    from lakoo.demo.data import ClosedWeek, table_of

    with psycopg.connect(platform.database_url) as conn:
        closed = ClosedWeek.read(conn, WEEK)
        running = ClosedWeek.read(conn, WEEK + timedelta(weeks=1))
    sellers = ", ".join(f"'{seller}'" for seller in platform.trading.sellers.values())
    stored = platform.payment_query(
        "select seller_id::text, net, payout, number from settlements"
        f" where period_start = '{WEEK.isoformat()}' and seller_id in ({sellers})"
    )
    shown = [(row[0], row[6], row[7], row[10]) for row in closed.sellers]
    assert closed.closed_at is not None and closed.lines > 0
    assert stored and sorted(shown) == sorted(stored)
    assert table_of(closed).row_count == len(stored)
    assert running.closed_at is None and "not closed" in str(table_of(running).title)


def test_a_push_to_an_unreachable_service_is_reported_not_failed(platform: Platform) -> None:
    (materialization,) = platform.result.asset_materializations_for_node(  # type: ignore[attr-defined]
        "warehouse_draft_purchase_orders"
    )
    assert materialization.metadata["status"].value == "service unreachable"


def test_dagster_definitions_validate_on_the_workspace() -> None:
    dagster = str(Path(sys.executable).with_name("dagster"))
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(
        [dagster, "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
