"""Settlement weeks close (DOMAIN): late events after a week closed leave its figures unchanged
and settle in the next open week as late lines; the marts, the closing record and payment equal
an independent recomputation to the rupiah; the carry chain holds; a refused push fails the run;
a small carry is paid after four weeks; commission uses the rate in force that week."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest

from assets.closing import CloseRefused, close_through
from assets.resources import ServiceEndpoints
from ingestion.landing_schema import ensure_landing_schema
from tests.pipelines.closed_weeks import Ran, failures, lines_and_figures, run
from tests.pipelines.settlement_model import last_ended_week, settle
from tests.pipelines.trading_weeks import W, build
from tests.support.databases import create_database, drop_database
from tests.support.kafka import unique_topic
from tests.support.processes import free_port

TODAY = datetime.now(ZoneInfo("Asia/Jakarta")).date()
FIGURES = (
    "gross, refunds, gateway_fees, commission, carried_over_in, net, payout, carried_over_out, "
    "carry_since, previous_week, line_count, late_line_count"
)


@pytest.fixture(scope="module")
def ran(
    postgres_url: str,
    kafka_bootstrap: str,
    payment_service: tuple[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Ran]:
    import dagster as dg

    from pipelines.definitions import default_resources

    database = create_database(postgres_url, prefix="closing")
    with psycopg.connect(database) as conn:
        ensure_landing_schema(conn)
    saved = dict(os.environ)  # default_resources points dbt's variables at this database
    payment_url, payment_database = payment_service
    resources = default_resources(
        database_url=database,
        reports_root=str(tmp_path_factory.mktemp("closing-reports")),
        service_urls={"payment": payment_url, "warehouse": f"http://127.0.0.1:{free_port()}"},
    )
    instance = dg.DagsterInstance.ephemeral()
    ran = Ran(build(), database, payment_url, payment_database, resources, instance)
    try:
        run(ran, bootstrap=kafka_bootstrap, topic=unique_topic(kafka_bootstrap, prefix="closing"))
        yield ran
    finally:
        instance.dispose()
        os.environ.clear()
        os.environ.update(saved)
        drop_database(postgres_url, database)


def _mart(ran: Ran, seller: str) -> list[tuple]:
    return ran.query(
        f"select settlement_week, {FIGURES}, is_closed from finance.seller_settlements"
        " where seller_id = %s order by settlement_week",
        (ran.scenario.sellers[seller],),
    )


def test_closed_weeks_never_change_and_late_events_settle_as_late_lines_of_the_next_week(
    ran: Ran,
) -> None:
    first, second, third = ran.closed_after
    assert sorted({row[3] for row in first.values()}) == [W[0], W[1]]
    # weeks closed in an epoch are exactly as recorded after every later epoch
    assert {k: second[k] for k in first} == first
    assert {k: third[k] for k in second} == second
    # ... in the mart too, and the late events did not move the closed weeks' figures
    closed = ran.query(
        f"select settlement_key, {FIGURES} from finance.seller_settlements where is_closed"
    )
    recorded = ran.query(f"select settlement_key, {FIGURES} from closing.seller_settlements")
    assert sorted(closed) == sorted(recorded)

    late = ran.query(
        "select settlement_week, business_week, business_date, party, line_type, amount"
        " from finance.settlement_lines where is_late order by 1, 4, 5, 6"
    )
    a, b = (str(ran.scenario.sellers[k]) for k in "ab")
    day = lambda week, n: W[week] + timedelta(days=n)  # noqa: E731
    assert sorted(late) == sorted(
        [
            (W[2], W[1], day(1, 5), a, "sale", 70_000),  # completed Saturday of W1, landed after
            (W[2], W[1], day(1, 5), a, "gateway_fee", -1_000),
            (W[2], W[1], day(1, 6), a, "refund", -40_000),  # refund after completion, W1
            (W[2], W[1], day(1, 6), b, "sale", 100_001),
            (W[2], W[1], day(1, 6), b, "gateway_fee", -1_200),
            (W[2], W[0], day(0, 6), "house", "refund", -10_000),
            (W[3], W[2], day(2, 5), a, "refund", -5_000),
        ]
    )
    assert ran.query("select count(*) from closing.weeks") == [(5,)]
    # the record refuses any change, even in SQL
    for statement in (
        "update closing.seller_settlements set payout = 0",
        "delete from closing.weeks",
    ):
        with pytest.raises(psycopg.errors.RaiseException, match="immutable record"):
            ran.query(statement)


def test_marts_and_payment_equal_an_independent_recomputation_to_the_rupiah(ran: Ran) -> None:
    epochs = [
        (events, epoch.close)
        for events, epoch in zip(ran.epochs(), ran.scenario.epochs, strict=True)
    ]
    model = settle(epochs, last_ended=last_ended_week(TODAY))
    expected = [
        (*r.values(f"seller_id, settlement_week, {FIGURES}"), r.is_closed(model))
        for r in model.rows()
    ]
    mart = ran.query(
        f"select seller_id::text, settlement_week, {FIGURES}, is_closed"
        " from finance.seller_settlements order by 1, 2"
    )
    assert mart == expected
    house = ran.query(
        "select settlement_week, gross, refunds, gateway_fees, line_count"
        " from finance.house_settlements where is_closed order by 1"
    )
    assert house == [
        (week, f["gross"], f["refunds"], f["gateway_fees"], f["line_count"])
        for week, f in sorted(model.house_closed.items())
    ]
    # every line of the events is there, in the week the rules place it
    lines = ran.query(
        "select line_type, amount::bigint, settlement_week from finance.settlement_lines"
    )
    assert sorted(lines) == sorted(
        (line.line_type, line.amount, week) for line, week in model.placed.values()
    )

    # payment holds exactly the closed weeks it accepted, to the rupiah (h's was refused)
    h = str(ran.scenario.sellers["h"])
    accepted = [row for row in expected if row[-1] and row[0] != h]
    stored = ran.payment_query(
        "select seller_id::text, period_start, gross, refunds, gateway_fees, commission,"
        " carried_over_in, net, payout, carried_over_out, carry_since, line_count"
        " from settlements where seller_id = any(%s) order by 1, 2",
        ([r[0] for r in accepted],),
    )
    assert stored == [(*row[:11], row[12]) for row in accepted]


def test_the_carry_chain_is_intact_in_payment_and_the_mart(ran: Ran) -> None:
    for seller in "abcde":
        weeks = ran.payment_query(
            "select id, previous_settlement_id, carried_over_in, carried_over_out"
            " from settlements where seller_id = %s order by period_start",
            (ran.scenario.sellers[seller],),
        )
        assert weeks and weeks[0][1] is None and weeks[0][2] == 0
        for before, after in zip(weeks, weeks[1:], strict=False):
            assert after[1] == before[0] and after[2] == before[3]
        mart = _mart(ran, seller)
        for before, after in zip(mart, mart[1:], strict=False):
            assert after[5] == before[8] and after[10] == before[0]  # carried in, previous week


def test_commission_uses_the_rate_in_force_during_each_week(ran: Ran) -> None:
    rows = ran.query(
        "select settlement_week, commission_rate_bps, commission, late_line_count"
        " from finance.seller_settlements where seller_id = %s order by 1",
        (ran.scenario.sellers["b"],),
    )
    # W1 at 2.5%; from W2 at 5% — but W1's late sale of 100,001 keeps 2.5% (2,500, not 5,000)
    assert rows == [(W[1], 250, 5_000, 0), (W[2], 500, 2_500 + 15_000, 2)]


def test_a_small_carry_is_paid_after_four_weeks_with_or_without_new_sales(ran: Ran) -> None:
    c = _mart(ran, "c")  # one sale in W0, nothing after: paid in W4 whatever its size
    assert [(r[0], r[1], r[7], r[8], r[9], r[11]) for r in c] == [
        (W[0], 30_000, 0, 29_400, W[0], 2),  # week, gross, payout, carried out, since, lines
        (W[4], 0, 29_400, 0, None, 0),
    ]
    e = _mart(ran, "e")  # topped up by small sales in W2 and W3, the carry still began in W0
    assert [(r[0], r[6], r[7], r[8]) for r in e] == [
        (W[0], 19_600, 0, 19_600),
        (W[2], 29_400, 0, 29_400),
        (W[3], 34_300, 0, 34_300),
        (W[4], 34_300, 34_300, 0),
    ]
    assert [r[9] for r in e] == [W[0], W[0], W[0], None]
    paid = ran.payment_query(
        "select seller_id, payout from settlements where seller_id = any(%s)"
        " and period_start = %s order by payout",
        ([ran.scenario.sellers["c"], ran.scenario.sellers["e"]], W[4]),
    )
    assert [p[1] for p in paid] == [29_400, 34_300]


def test_a_partial_return_and_a_negative_week_settle_as_the_rules_say(ran: Ran) -> None:
    a_w1 = ran.query(
        "select gross, refunds, gateway_fees, net, payout from finance.seller_settlements"
        " where seller_id = %s and settlement_week = %s",
        (ran.scenario.sellers["a"], W[1]),
    )
    # the kept item (80,000) is paid: 100,000 of sales, the returned 20,000 refunded
    assert a_w1 == [(100_000, 20_000, 1_500, 78_500, 78_500)]
    d = _mart(ran, "d")
    assert [(r[0], r[5], r[6], r[7], r[8]) for r in d] == [
        (W[0], 0, 59_100, 59_100, 0),
        (W[1], 0, -60_000, 0, -60_000),  # refunds above sales: carried, negative
        (W[2], -60_000, 88_500, 88_500, 0),  # ...and offset against the next payout
    ]


def test_a_refused_push_fails_the_run_with_the_reason_and_is_never_skipped(ran: Ran) -> None:
    first, second, third = ran.results
    assert first.success and second.success
    assert not third.success
    h = ran.scenario.sellers["h"]
    failure = failures(third)
    assert f"payment refused {h}:{W[3]} (409): carry_chain_broken" in failure
    assert "12345" in failure  # payment's reason: what it holds for the week before
    # the close itself succeeded (the weeks are closed); only h's week is not in payment
    pushed = {key for (key,) in ran.query("select settlement_key from closing.settlement_pushes")}
    closed = {key for (key,) in ran.query("select settlement_key from closing.seller_settlements")}
    assert closed - pushed == {f"{h}:{W[3]}"}

    again = ran.settlement_runs(W[4], selection=["settlement_payouts"])
    assert not again.success, "a refused week is pushed again, and fails again"
    services = ran.resources["services"]
    nowhere = ServiceEndpoints(
        payment_url=f"http://127.0.0.1:{free_port()}",
        warehouse_url=services.warehouse_url,
        supplier_url=services.supplier_url,
        internal_api_key=services.internal_api_key,
    )
    unreachable = ran.settlement_runs(
        W[4], selection=["settlement_payouts"], resources={"services": nowhere}
    )
    assert not unreachable.success
    assert "payment did not take" in failures(unreachable)


def test_a_week_is_not_closed_before_it_ends_or_from_stale_marts(
    ran: Ran, postgres_url: str
) -> None:
    untouched = create_database(postgres_url, prefix="unmodelled")
    try:
        with (
            psycopg.connect(untouched, autocommit=True) as conn,
            pytest.raises(CloseRefused, match="finance models have not run"),
        ):
            close_through(conn, W[4], today=TODAY, closed_by="test")
    finally:
        drop_database(postgres_url, untouched)
    running = TODAY - timedelta(days=TODAY.weekday())
    with psycopg.connect(ran.database_url, autocommit=True) as conn:
        with pytest.raises(CloseRefused, match="has not ended"):
            close_through(conn, running, today=TODAY, closed_by="test")
        week = W[4] + timedelta(weeks=1)
        conn.execute(
            "insert into finance.settlement_lines (line_id, line_type, settlement_week, party,"
            " amount, is_late, business_week) values ('stale', 'sale', %s, 'house', 1, false, %s)",
            (week, week),
        )
        try:
            with pytest.raises(CloseRefused, match="do not match their lines"):
                close_through(conn, week, today=TODAY, closed_by="test")
        finally:
            conn.execute("delete from finance.settlement_lines where line_id = 'stale'")
    assert ran.query("select max(settlement_week) from closing.weeks") == [(W[4],)]


def test_a_full_rebuild_gives_every_line_and_closed_week_what_it_had(ran: Ran) -> None:
    # the last epoch's incremental run, then a --full-refresh: the same lines in the same weeks
    # (late ones late), the same figures — the weeks closed since now shown from the record
    assert lines_and_figures(ran) == ran.before_rebuild
    assert ran.query("select bool_and(is_closed) from finance.seller_settlements") == [(True,)]
