"""DOMAIN's settlement rules written again in plain Python, from the events alone — the
independent recomputation the settlement tests compare the marts and payment against.

The platform is run in *epochs*: the events landed so far, a dbt run, then the close of every
week up to a given Monday. ``settle`` replays the same epochs: a line is placed when it first
becomes derivable (its business week, or the first open week if that one has closed: a late
line), and each close freezes the weeks' figures as the rules compute them then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
MINIMUM = 50_000
CARRY_WEEKS = 4

Event = tuple[str, dict[str, Any]]  # (event_type, payload as JSON)


def week_of(moment: str) -> date:
    day = datetime.fromisoformat(moment).astimezone(WIB).date()
    return day - timedelta(days=day.weekday())


def monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


@dataclass(frozen=True)
class Line:
    line_id: str  # (type, order or refund id): stable across epochs
    line_type: str
    party: str  # seller id, or "house"
    business_week: date
    business_date: date
    amount: int


@dataclass
class Row:
    """One seller week, as the rules compute it."""

    seller_id: str
    settlement_week: date
    gross: int = 0
    refunds: int = 0
    gateway_fees: int = 0
    commission: int = 0
    carried_over_in: int = 0
    net: int = 0
    payout: int = 0
    carried_over_out: int = 0
    carry_since: date | None = None
    previous_week: date | None = None
    line_count: int = 0
    late_line_count: int = 0

    def values(self, columns: str) -> tuple[Any, ...]:
        """The row's values of ``columns`` ("gross, refunds, ..."), as a mart query lists them."""
        return tuple(getattr(self, name.strip()) for name in columns.split(","))

    def is_closed(self, outcome: Outcome) -> bool:
        return (self.seller_id, self.settlement_week) in outcome.closed


@dataclass
class Outcome:
    """Every line with the week it settled in, closed rows (frozen at their close), open rows."""

    placed: dict[str, tuple[Line, date]] = field(default_factory=dict)
    closed: dict[tuple[str, date], Row] = field(default_factory=dict)
    house_closed: dict[date, dict[str, int]] = field(default_factory=dict)
    open_rows: list[Row] = field(default_factory=list)
    closed_through: date | None = None

    def rows(self) -> list[Row]:
        return sorted(
            [*self.closed.values(), *self.open_rows],
            key=lambda r: (r.seller_id, r.settlement_week),
        )


def lines_of(events: list[Event]) -> list[Line]:
    """Sale and fee lines of completed orders, refund lines of refunds on completed orders."""
    items: dict[str, int] = defaultdict(int)
    completed: dict[str, tuple[str, str]] = {}  # order → (party, completed_at), first completion
    fees: dict[str, int] = {}
    refunds = []
    for kind, p in events:
        if kind == "order.created":
            items[p["order_id"]] += sum(item["line_total"] for item in p["items"])
        elif kind == "order.completed":
            party = p["seller_id"] if p["fulfilment"] == "seller" and p["seller_id"] else "house"
            first = completed.get(p["order_id"])
            if first is None or p["completed_at"] < first[1]:
                completed[p["order_id"]] = (party, p["completed_at"])
        elif kind == "payment.paid":
            shares = sorted(p["orders"], key=lambda o: (-o["total"], o["order_id"]))
            whole = sum(o["total"] for o in shares)
            split = [p["gateway_fee"] * o["total"] // whole if whole else 0 for o in shares]
            split[0] += p["gateway_fee"] - sum(split)
            fees.update({o["order_id"]: s for o, s in zip(shares, split, strict=True)})
        elif kind == "refund.completed":
            refunds.append(p)
    out = []
    for order_id, (party, at) in completed.items():
        day = datetime.fromisoformat(at).astimezone(WIB).date()
        out.append(Line(f"sale:{order_id}", "sale", party, week_of(at), day, items[order_id]))
        if fees.get(order_id):
            out.append(
                Line(f"fee:{order_id}", "gateway_fee", party, week_of(at), day, -fees[order_id])
            )
    for r in refunds:
        if r["order_id"] not in completed:
            continue  # a refund of an order that never completed is never settled
        party, completed_at = completed[r["order_id"]]
        day = datetime.fromisoformat(r["completed_at"]).astimezone(WIB).date()
        business = max(week_of(r["completed_at"]), week_of(completed_at))
        out.append(Line(f"refund:{r['refund_id']}", "refund", party, business, day, -r["amount"]))
    return out


def rates_of(events: list[Event]) -> dict[str, list[tuple[date, str, int]]]:
    """Per seller: (first week it applies, decided at, bps) for every rate decision."""
    rates: dict[str, list[tuple[date, str, int]]] = defaultdict(list)
    for kind, p in events:
        if kind == "seller.verified":
            rates[p["seller_id"]].append(
                (week_of(p["verified_at"]), p["verified_at"], p["commission_rate_bps"])
            )
        elif kind == "seller.commission_changed":
            # from effective_from's Monday, never before the week after the decision
            start = max(
                monday_on_or_after(date.fromisoformat(p["effective_from"])),
                week_of(p["changed_at"]) + timedelta(days=7),
            )
            rates[p["seller_id"]].append((start, p["changed_at"], p["commission_rate_bps"]))
    return rates


def rate_in(rates: dict[str, list[tuple[date, str, int]]], seller: str, week: date) -> int:
    in_force = [r for r in rates.get(seller, []) if r[0] <= week]
    return max(in_force, key=lambda r: (r[0], r[1]))[2] if in_force else 0


def half_up(value_times_10000: int) -> int:
    """round(x / 10000) half up, like PostgreSQL's round(numeric), for x ≥ 0."""
    return (value_times_10000 * 2 + 10_000) // 20_000


class Settler:
    def __init__(self) -> None:
        self.out = Outcome()

    def place(self, events: list[Event]) -> None:
        for line in lines_of(events):
            if line.line_id in self.out.placed:
                continue  # placed once, when it first appeared
            week = line.business_week
            if self.out.closed_through is not None:
                week = max(week, self.out.closed_through + timedelta(weeks=1))
            self.out.placed[line.line_id] = (line, week)

    def rows_through(self, events: list[Event], limit: date) -> list[Row]:
        """Seller rows of the open weeks up to ``limit``, chained on from the closed ones."""
        lower = self.out.closed_through
        rates = rates_of(events)
        parts: dict[str, dict[date, list[tuple[Line, date]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for line, week in self.out.placed.values():
            if line.party != "house" and (lower is None or week > lower) and week <= limit:
                parts[line.party][week].append((line, week))
        last: dict[str, Row] = {}
        for row in sorted(self.out.closed.values(), key=lambda r: r.settlement_week):
            last[row.seller_id] = row
        sellers = set(parts) | {s for s, r in last.items() if r.carried_over_out > 0}
        rows = []
        for seller in sorted(sellers):
            before = last.get(seller)
            carry = before.carried_over_out if before else 0
            since = before.carry_since if before else None
            previous = before.settlement_week if before else None
            active = sorted(parts[seller])
            while True:
                upcoming = [w for w in active if previous is None or w > previous]
                due = since + timedelta(weeks=CARRY_WEEKS) if carry > 0 and since else None
                if due is not None and lower is not None:
                    due = max(due, lower + timedelta(weeks=1))
                week = (
                    due if due and (not upcoming or due < upcoming[0]) else (upcoming or [None])[0]
                )
                if week is None or week > limit:
                    break
                row = Row(seller, week, carried_over_in=carry, previous_week=previous)
                by_business: dict[date, int] = defaultdict(int)
                for line, _ in parts[seller].get(week, []) if week in active else []:
                    row.line_count += 1
                    row.late_line_count += line.business_week < week
                    if line.line_type == "sale":
                        row.gross += line.amount
                        by_business[line.business_week] += line.amount
                    elif line.line_type == "refund":
                        row.refunds -= line.amount
                    else:
                        row.gateway_fees -= line.amount
                row.commission = sum(
                    half_up(gross * rate_in(rates, seller, b)) for b, gross in by_business.items()
                )
                row.net = row.gross - row.refunds - row.gateway_fees - row.commission + carry
                is_due = carry > 0 and due is not None and week >= due
                row.payout = row.net if row.net >= MINIMUM or (is_due and row.net > 0) else 0
                row.carried_over_out = row.net - row.payout
                if row.carried_over_out > 0:
                    row.carry_since = since if carry > 0 else week
                carry, since, previous = row.carried_over_out, row.carry_since, week
                rows.append(row)
        return rows

    def house_through(self, limit: date) -> dict[date, dict[str, int]]:
        lower = self.out.closed_through
        weeks: dict[date, dict[str, int]] = defaultdict(
            lambda: {"gross": 0, "refunds": 0, "gateway_fees": 0, "line_count": 0}
        )
        for line, week in self.out.placed.values():
            if line.party == "house" and (lower is None or week > lower) and week <= limit:
                figures = weeks[week]
                figures["line_count"] += 1
                key = {"sale": "gross", "refund": "refunds", "gateway_fee": "gateway_fees"}
                figures[key[line.line_type]] += abs(line.amount)
        return dict(weeks)

    def close(self, events: list[Event], through: date) -> None:
        if self.out.closed_through is not None and through <= self.out.closed_through:
            return
        for row in self.rows_through(events, through):
            self.out.closed[(row.seller_id, row.settlement_week)] = row
        self.out.house_closed.update(self.house_through(through))
        self.out.closed_through = through


def settle(epochs: list[tuple[list[Event], date | None]], *, last_ended: date) -> Outcome:
    """Replay ``epochs`` (events landed so far, week closed after the run or None)."""
    settler = Settler()
    events: list[Event] = []
    for events, through in epochs:
        settler.place(events)
        if through is not None:
            settler.close(events, through)
    settler.out.open_rows = settler.rows_through(events, last_ended)
    return settler.out


def last_ended_week(today: date) -> date:
    return today - timedelta(days=today.weekday()) - timedelta(weeks=1)
