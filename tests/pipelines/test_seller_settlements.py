"""A generated trading fortnight → the settlement mart equals an independent polars
recomputation over the raw events, to the rupiah, and reconciles with the payments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
import polars as pl

from tests.pipelines.conftest import Platform

WIB = ZoneInfo("Asia/Jakarta")
MINIMUM = 50_000


def _week(moment: str) -> date:
    day = datetime.fromisoformat(moment).astimezone(WIB).date()
    return day - timedelta(days=day.weekday())


def recompute(platform: Platform) -> pl.DataFrame:
    """DOMAIN's settlement rules written again, in Python and polars, from raw events only."""
    rows = platform.query("select event_type, payload::text from raw.events")
    events = [(kind, orjson.loads(doc)) for kind, doc in rows]
    items = (
        pl.DataFrame(
            [
                {"order_id": p["order_id"], "line_total": item["line_total"]}
                for kind, p in events
                if kind == "order.created"
                for item in p["items"]
            ]
        )
        .group_by("order_id")
        .agg(pl.col("line_total").sum().alias("gross"))
    )
    completed = pl.DataFrame(
        [
            {
                "order_id": p["order_id"],
                "seller_id": p["seller_id"],
                "week": _week(p["completed_at"]),
            }
            for kind, p in events
            if kind == "order.completed"
        ]
    )
    fee_rows = []
    for kind, p in events:
        if kind != "payment.paid":
            continue
        orders = sorted(p["orders"], key=lambda o: (-o["total"], o["order_id"]))
        whole = sum(o["total"] for o in orders)
        shares = [p["gateway_fee"] * o["total"] // whole for o in orders]
        shares[0] += p["gateway_fee"] - sum(shares)
        fee_rows += [
            {"order_id": o["order_id"], "fee": s} for o, s in zip(orders, shares, strict=True)
        ]
    orders = completed.join(items, on="order_id").join(
        pl.DataFrame(fee_rows), on="order_id", how="left"
    )
    week_of = dict(zip(orders["order_id"], orders["week"], strict=True))
    refunds = pl.DataFrame(
        [
            {
                "seller_id": p["seller_id"],
                "order_id": p["order_id"],
                "refund": p["amount"],
                "week": max(_week(p["completed_at"]), week_of[p["order_id"]]),
            }
            for kind, p in events
            if kind == "refund.completed" and p["order_id"] in week_of
        ]
    )
    rates = {
        p["seller_id"]: p["commission_rate_bps"] for kind, p in events if kind == "seller.verified"
    }
    weekly = (
        orders.filter(pl.col("seller_id").is_not_null())
        .group_by("seller_id", "week")
        .agg(pl.col("gross").sum(), pl.col("fee").sum())
        .join(
            refunds.filter(pl.col("seller_id").is_not_null())
            .group_by("seller_id", "week")
            .agg(pl.col("refund").sum()),
            on=["seller_id", "week"],
            how="full",
            coalesce=True,
        )
        .fill_null(0)
        .sort("seller_id", "week")
    )
    out, carry = [], {}
    for r in weekly.iter_rows(named=True):
        # half-up like PostgreSQL's round(numeric), not Python's banker's rounding
        commission = (r["gross"] * rates.get(r["seller_id"], 0) * 2 + 10_000) // 20_000
        carried_in = carry.get(r["seller_id"], 0)
        net = r["gross"] - r["refund"] - r["fee"] - commission + carried_in
        payout = net if net >= MINIMUM else 0
        carry[r["seller_id"]] = net - payout
        out.append(
            {
                "seller_id": r["seller_id"],
                "settlement_week": r["week"],
                "gross": r["gross"],
                "refunds": r["refund"],
                "gateway_fees": r["fee"],
                "commission": commission,
                "carried_over_in": carried_in,
                "net": net,
                "payout": payout,
                "carried_over_out": net - payout,
            }
        )
    return pl.DataFrame(out).sort("seller_id", "settlement_week")


def test_seller_settlements_equal_an_independent_recomputation(platform: Platform) -> None:
    columns = [
        "seller_id",
        "settlement_week",
        "gross",
        "refunds",
        "gateway_fees",
        "commission",
        "carried_over_in",
        "net",
        "payout",
        "carried_over_out",
    ]
    rows = platform.query(f"select {', '.join(columns)} from finance.seller_settlements")
    mart = pl.DataFrame([dict(zip(columns, (str(r[0]), *r[1:]), strict=True)) for r in rows])
    expected = recompute(platform)
    assert mart.sort("seller_id", "settlement_week").to_dicts() == expected.to_dicts()


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
