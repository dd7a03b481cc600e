"""Supplier scores from the real PO events, pushed to a real supplier service: hand-computed
figures (partial receipts, damaged units, late by the promised date), a supplier without POs in a
month not scored for it, and a second push with no second effect."""

from __future__ import annotations

from decimal import Decimal

from tests.pipelines.conftest import Platform

ROWS = (
    "select supplier_id::text, scoring_window, period_start::text, po_count, score, stars "
    "from {table} order by 1, 2, 3"
)


def _main_score() -> Decimal:
    # PO1 on time, 100/100 received, 5 damaged; PO2 late (its last delivery after the promised
    # date), 50 ordered, 30 + 10 received: on-time ½, fill 135/150, quality 1 − 5/140
    on_time, fill, quality = Decimal("0.5"), Decimal(135) / 150, 1 - Decimal(5) / 140
    return round(Decimal("0.4") * on_time + Decimal("0.3") * quality + Decimal("0.3") * fill, 4)


def test_a_supplier_without_pos_in_a_month_has_no_score_for_it(platform: Platform) -> None:
    other = str(platform.trading.other_supplier_id)
    rows = platform.query(
        "select scoring_window, period_start::text, po_count, score, stars "
        "from supply.supplier_performance where supplier_id = %s order by 1, 2",
        (other,),
    )
    # October's delivery only: no November row, though the main supplier has one
    assert [r[:3] for r in rows] == [("monthly", "2026-10-01", 1), ("rolling_90d", rows[1][1], 1)]
    assert {(r[3], r[4]) for r in rows} == {(Decimal("1.0000"), 5)}


def test_scores_reach_the_supplier_service_and_set_the_standing(platform: Platform) -> None:
    mart = platform.query(ROWS.format(table="supply.supplier_performance"))
    stored = platform.supplier_query(ROWS.format(table="performance_periods"))
    assert stored == mart and len(stored) == 4
    standings = dict(
        platform.supplier_query("select id::text, standing || ':' || stars from suppliers")
    )
    main, other = str(platform.trading.supplier_id), str(platform.trading.other_supplier_id)
    score = _main_score()
    assert [r[4] for r in stored if r[0] == main] == [score, score]
    assert standings == {main: "average:4", other: "excellent:5"}
    announced = platform.supplier_query(
        "select count(*) from outbox where event_type = 'supplier.performance_updated'"
    )
    assert announced == [(4,)]


def test_pushing_the_same_periods_again_has_no_second_effect(platform: Platform) -> None:
    import dagster as dg

    from assets.suppliers import supplier_performance_pushed
    from pipelines.definitions import default_resources

    before = platform.supplier_query("select count(*), max(recorded_at) from performance_periods")
    resources = default_resources(
        database_url=platform.database_url, service_urls={"supplier": platform.supplier_url}
    )
    with dg.DagsterInstance.ephemeral() as instance:  # disposed: no temporary directory left
        result = dg.materialize(
            [supplier_performance_pushed], resources=resources, instance=instance
        )
    (materialization,) = result.asset_materializations_for_node("supplier_performance_pushed")
    assert materialization.metadata["2xx"].value == 4
    assert (
        platform.supplier_query("select count(*), max(recorded_at) from performance_periods")
        == before
    )
    announced = platform.supplier_query(
        "select count(*) from outbox where event_type = 'supplier.performance_updated'"
    )
    assert announced == [(4,)]
