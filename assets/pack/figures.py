"""One closed settlement week as the pack shows it, read from the finance marts only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

Rows = Callable[[str, tuple[object, ...]], tuple[list[str], list[tuple]]]
Row = dict[str, Any]

MONEY = (
    "gross",
    "refunds",
    "gateway_fees",
    "commission",
    "carried_over_in",
    "net",
    "payout",
    "carried_over_out",
)
RECONCILED = (
    "mart_payout",
    "payment_payout",
    "wallet_credit",
    "seller_payout",
    "withdrawn_requested",
    "withdrawn_completed",
)
HISTORY_WEEKS = 12

_SHOP = """
coalesce(h.shop_name, 'Seller ' || left(x.seller_id::text, 8)) as shop_name,
h.seller_number, h.bank_code, h.account_number_last4
"""
_SELLERS = f"""
select x.*, {_SHOP}
from finance.seller_settlements as x
left join finance.seller_shops as h on h.seller_id = x.seller_id
where x.settlement_week = %s::date and x.is_closed
order by shop_name, x.seller_id
"""
_LINES = f"""
select x.*, {_SHOP}
from finance.statement_lines as x
left join finance.seller_shops as h on h.seller_id = x.seller_id
where x.settlement_week = %s::date
order by x.is_house, shop_name, x.is_late desc, x.business_date, x.order_number, x.line_type
"""
_HOUSE = "select * from finance.house_settlements where settlement_week = %s::date"
_RECONCILIATION = f"""
select x.*, {_SHOP}
from finance.payout_reconciliation as x
left join finance.seller_shops as h on h.seller_id = x.seller_id
where x.settlement_week = %s::date
order by shop_name, x.seller_id
"""
_HISTORY = """
select settlement_week, sum(gross)::bigint as gross, sum(refunds)::bigint as refunds,
       sum(payout)::bigint as payout
from finance.seller_settlements
where is_closed and settlement_week between %s::date and %s::date
group by settlement_week
"""


def _dicts(rows: Rows, query: str, params: tuple[object, ...]) -> list[Row]:
    names, values = rows(query, params)
    return [dict(zip(names, row, strict=True)) for row in values]


@dataclass
class WeekPack:
    """The week's figures: seller weeks, lines, house brands, reconciliation, last 12 weeks."""

    week: date
    sellers: list[Row]
    lines: list[Row]
    house: Row | None
    reconciliation: list[Row]
    history: list[Row]
    totals: dict[str, int] = field(default_factory=dict)
    reconciled: dict[str, int] = field(default_factory=dict)

    @property
    def week_end(self) -> date:
        return self.week + timedelta(days=6)

    @property
    def is_empty(self) -> bool:
        return not self.sellers and not self.lines and self.house is None

    @property
    def late_lines(self) -> list[Row]:
        return [line for line in self.lines if line["is_late"]]

    @property
    def earlier_refunds(self) -> list[Row]:
        """Refund lines of orders placed before this week (refunds of earlier weeks' orders)."""
        return [line for line in self.lines if is_earlier_refund(line, self.week)]

    @property
    def carried(self) -> list[Row]:
        """Seller weeks that carried money in or out."""
        return [s for s in self.sellers if s["carried_over_in"] or s["carried_over_out"]]

    def lines_of(self, seller_id: object) -> list[Row]:
        return [line for line in self.lines if line["seller_id"] == seller_id]


def is_earlier_refund(line: Row, week: date) -> bool:
    """A refund line whose order was placed before the week it settles in."""
    placed = line.get("order_date")
    return line["line_type"] == "refund" and placed is not None and placed < week


def load_week(rows: Rows, week: date) -> WeekPack:
    """Read the closed week from the marts and add up its totals."""
    start = week - timedelta(weeks=HISTORY_WEEKS - 1)
    house = _dicts(rows, _HOUSE, (week,))
    by_week = {r["settlement_week"]: r for r in _dicts(rows, _HISTORY, (start, week))}
    history = [
        by_week.get(start + timedelta(weeks=n))
        or {"settlement_week": start + timedelta(weeks=n), "gross": 0, "refunds": 0, "payout": 0}
        for n in range(HISTORY_WEEKS)
    ]
    pack = WeekPack(
        week=week,
        sellers=_dicts(rows, _SELLERS, (week,)),
        lines=_dicts(rows, _LINES, (week,)),
        house=house[0] if house else None,
        reconciliation=_dicts(rows, _RECONCILIATION, (week,)),
        history=history,
    )
    pack.totals = {name: sum(int(s[name]) for s in pack.sellers) for name in MONEY}
    pack.totals.update(
        sellers=len(pack.sellers),
        sellers_paid=sum(1 for s in pack.sellers if s["payout"] > 0),
        lines=sum(1 for line in pack.lines if not line["is_house"]),
        late_lines=sum(1 for line in pack.lines if line["is_late"] and not line["is_house"]),
        house_gross=int(pack.house["gross"]) if pack.house else 0,
        house_refunds=int(pack.house["refunds"]) if pack.house else 0,
        house_gateway_fees=int(pack.house["gateway_fees"]) if pack.house else 0,
        house_net=int(pack.house["net"]) if pack.house else 0,
    )
    pack.reconciled = {
        name: sum(int(r[name] or 0) for r in pack.reconciliation) for name in RECONCILED
    }
    pack.reconciled["different"] = sum(1 for r in pack.reconciliation if r["status"] == "different")
    pack.reconciled["awaiting"] = sum(
        1 for r in pack.reconciliation if r["status"].startswith("awaiting")
    )
    return pack
