"""A generated trading fortnight → the settlement mart equals an independent recomputation over
the raw events (plain Python, tests/pipelines/settlement_model.py), to the rupiah, and
reconciles with the payments."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import orjson

from tests.pipelines.conftest import Platform
from tests.pipelines.settlement_model import last_ended_week, settle
from tests.pipelines.trading import WEEK

MINIMUM = 50_000
COLUMNS = (
    "gross, refunds, gateway_fees, commission, carried_over_in, net, payout, carried_over_out,"
    " carry_since, previous_week, line_count"
)


def test_seller_settlements_equal_an_independent_recomputation(platform: Platform) -> None:
    rows = platform.query("select event_type, payload::text from raw.events order by landing_id")
    events = [(kind, orjson.loads(doc)) for kind, doc in rows]
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    # one epoch: everything landed, then the run that closed WEEK (and the week before it)
    model = settle([(events, WEEK)], last_ended=last_ended_week(today))
    expected = [r.values(f"seller_id, settlement_week, {COLUMNS}") for r in model.rows()]
    recorded = platform.query(
        f"select seller_id::text, settlement_week, {COLUMNS}"
        " from closing.seller_settlements order by 1, 2"
    )
    assert recorded == expected and len(expected) >= 5
    mart = platform.query(
        f"select seller_id::text, settlement_week, {COLUMNS}"
        " from finance.seller_settlements order by 1, 2"
    )
    assert mart == expected


def test_the_small_seller_is_carried_and_the_refund_of_a_settled_order_is_deducted(
    platform: Platform,
) -> None:
    sellers = platform.trading.sellers
    c = platform.query(
        "select payout, carried_over_out from finance.seller_settlements where seller_id = %s",
        (sellers["c"],),
    )
    assert len(c) == 1 and c[0][0] == 0 and 0 < c[0][1] < MINIMUM
    a = platform.query(
        "select settlement_week, refunds from finance.seller_settlements "
        "where seller_id = %s order by 1",
        (sellers["a"],),
    )
    assert [r[1] for r in a] == [0, 35001]


def test_settlements_reconcile_with_payments_to_the_rupiah(platform: Platform) -> None:
    # every completed order's fee shares add up to its payment's fee, house orders included
    drift = platform.query(
        """
        select p.payment_id, p.gateway_fee, sum(-l.amount)
        from core.payments as p
        join finance.settlement_lines as l
            on l.payment_id = p.payment_id and l.line_type = 'gateway_fee'
        group by p.payment_id, p.gateway_fee
        having sum(-l.amount) <> p.gateway_fee
        """
    )
    assert drift == []
    # sale lines + house = item totals of completed orders; refunds = refund.completed amounts
    sales, refunds = platform.query(
        "select sum(amount) filter (where line_type = 'sale'), "
        "-sum(amount) filter (where line_type = 'refund') from finance.settlement_lines"
    )[0]
    assert (
        sales
        == platform.query(
            "select sum(i.line_total) from core.order_items i join core.orders o using (order_id) "
            "where o.completed_at is not null"
        )[0][0]
    )
    assert refunds == 35001 + 10000
    sellers_and_house = platform.query(
        "select (select sum(gross - refunds - gateway_fees) from finance.seller_settlements) "
        "+ (select sum(net) from finance.house_settlements)"
    )[0][0]
    assert (
        sellers_and_house
        == platform.query("select sum(amount) from finance.settlement_lines")[0][0]
    )
