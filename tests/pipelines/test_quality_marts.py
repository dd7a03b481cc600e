"""The quality group's models on the materialized trading fortnight: event freshness counts
every landed event once, per type; the reconciliation scorecard and its findings say what
finance.payout_reconciliation says, per week and per seller week, with the shops named."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest

from tests.pipelines.closed_weeks import dbt
from tests.pipelines.conftest import Platform


@pytest.fixture(scope="module", autouse=True)
def quality_built(platform: Platform) -> Iterator[None]:
    # The session's platform is shared: a test before this module may have rebuilt a table
    # upstream of the quality views (dbt drops a replaced table with CASCADE, its views with it)
    # without selecting them. Build the quality models on the platform's data as they stand.
    dbt(platform.database_url, "--select", "marts.quality")
    yield


def test_event_freshness_counts_every_landed_event_once_per_type(platform: Platform) -> None:
    expected = {
        row[0]: row[1:]
        for row in platform.query(
            "select event_type, max(producer), count(*), min(occurred_at), max(occurred_at),"
            " max(ingested_at), max(landing_id) from raw.events group by event_type"
        )
    }
    freshness = {
        row[0]: row[1:]
        for row in platform.query(
            "select event_type, producer, events, first_occurred_at, last_occurred_at,"
            " last_ingested_at, landing_id from quality.event_freshness"
        )
    }
    assert freshness == expected
    assert sum(row[1] for row in freshness.values()) == len(platform.trading.envelopes)
    delays = platform.query(
        "select bool_and(mean_landing_delay_seconds <= max_landing_delay_seconds),"
        " sum(future_dated_events) from quality.event_freshness"
    )[0]
    # the generated events happened in the fortnight before they were landed
    assert delays == (True, 0)


def test_the_weekly_scorecard_adds_up_the_payout_reconciliation(platform: Platform) -> None:
    rows = platform.query(
        "select settlement_week, status, coalesce(mart_payout, 0), coalesce(payment_payout, 0)"
        " from finance.payout_reconciliation where status <> 'withdrawals_only'"
    )
    assert rows
    statuses: dict[object, Counter[str]] = defaultdict(Counter)
    payouts: dict[object, list[int]] = defaultdict(lambda: [0, 0])
    for week, status, mart, payment in rows:
        statuses[week][status] += 1
        payouts[week][0] += mart
        payouts[week][1] += payment
    scorecard = platform.query(
        "select settlement_week, seller_weeks, matched, awaiting_payment, awaiting_wallet,"
        " different, mart_payout, payment_payout, status from quality.settlement_reconciliation"
    )
    assert {row[0] for row in scorecard} == set(statuses)
    for week, seller_weeks, matched, awaiting_pay, awaiting_wallet, different, *rest in scorecard:
        counted = statuses[week]
        assert seller_weeks == sum(counted.values())
        assert (matched, awaiting_pay, awaiting_wallet, different) == (
            counted["matched"],
            counted["awaiting_payment"],
            counted["awaiting_wallet"],
            counted["different"],
        )
        assert rest[:2] == payouts[week]
        assert rest[2] == ("reconciled" if matched == seller_weeks else "awaiting")


def test_findings_list_the_seller_weeks_not_matched_with_their_shops(platform: Platform) -> None:
    unmatched = platform.query(
        "select r.seller_id, r.settlement_week, r.status, s.shop_name"
        " from finance.payout_reconciliation as r"
        " left join finance.seller_shops as s using (seller_id)"
        " where r.status not in ('matched', 'withdrawals_only')"
    )
    findings = platform.query(
        "select seller_id, settlement_week, finding, shop_name from quality.reconciliation_findings"
    )
    # nothing here lands payment's settlement.completed: the closed weeks await payment
    assert unmatched and {row[2] for row in unmatched} == {"awaiting_payment"}
    assert sorted(findings, key=repr) == sorted(unmatched, key=repr)
    severities = platform.query("select distinct severity from quality.reconciliation_findings")
    assert severities == [("waiting",)]
