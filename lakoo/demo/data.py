"""The demo's last act: materialize the asset graph, then show the settlement figures.

Settlements are weekly (Monday–Sunday WIB) and a week settles once it has ended, so a demo's
fresh trades show as the running week's *settlement lines* (what Monday 01:00 will settle), while
the finance assets run for the last ended week: it is closed (its figures recorded, never to
change), reported and pushed to the payment service — the closed week is shown as recorded.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
from rich.table import Table

from api.kit.db import libpq_url
from api.kit.settings import StackSettings
from api.kit.topology import ANALYTICS_DATABASE
from lakoo.runtime import repo_root

WIB = ZoneInfo("Asia/Jakarta")

_WEEK_TO_DATE = """
SELECT party, count(DISTINCT order_id) FILTER (WHERE line_type = 'sale'),
       coalesce(sum(amount) FILTER (WHERE line_type = 'sale'), 0),
       coalesce(-sum(amount) FILTER (WHERE line_type = 'refund'), 0),
       coalesce(-sum(amount) FILTER (WHERE line_type = 'gateway_fee'), 0),
       coalesce(sum(amount), 0)
FROM finance.settlement_lines
WHERE settlement_week = %s
GROUP BY party
ORDER BY party = 'house' DESC, 3 DESC
"""

_CLOSED_WEEK = "SELECT closed_at, lines, late_lines FROM closing.weeks WHERE settlement_week = %s"
# the week's seller figures as recorded when it closed, and what payment accepted for each
_CLOSED_SELLERS = """
SELECT s.seller_id::text, s.gross, s.refunds, s.gateway_fees, s.commission, s.carried_over_in,
       s.net, s.payout, s.carried_over_out, s.late_line_count, p.payment_number
FROM closing.seller_settlements AS s
LEFT JOIN closing.settlement_pushes AS p USING (settlement_key)
WHERE s.settlement_week = %s
ORDER BY s.net DESC, s.seller_id
"""


@dataclass(frozen=True)
class Weeks:
    running: date  # Monday of the week in progress
    last_ended: date  # Monday of the week that settled last

    @classmethod
    def now(cls) -> Weeks:
        today = datetime.now(WIB).date()
        monday = today - timedelta(days=today.weekday())
        return cls(running=monday, last_ended=monday - timedelta(days=7))


@dataclass
class ClosedWeek:
    """A closed settlement week as recorded (``closing.*``): what finance reads for it."""

    week: date
    closed_at: datetime | None = None  # None: the week is not closed
    lines: int = 0
    late_lines: int = 0
    # seller, gross, refunds, fees, commission, carried in, net, payout, carried out,
    # late lines, payment's settlement number (None: payment has not accepted it)
    sellers: list[tuple] = field(default_factory=list)

    @classmethod
    def read(cls, conn: psycopg.Connection, week: date) -> ClosedWeek:
        row = conn.execute(_CLOSED_WEEK, (week,)).fetchone()
        if row is None:
            return cls(week)
        sellers = conn.execute(_CLOSED_SELLERS, (week,)).fetchall()
        return cls(week, row[0], row[1], row[2], [tuple(r) for r in sellers])


def _analytics_url() -> str:
    return libpq_url(f"{StackSettings().postgres_url.rstrip('/')}/{ANALYTICS_DATABASE}")


def _materialize(*args: str) -> None:
    command = [sys.executable, "-m", "lakoo.cli", "pipelines", "materialize", *args]
    done = subprocess.run(command, cwd=repo_root(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"materialize {args} failed:\n{done.stderr[-3000:]}")


def materialize_everything(weeks: Weeks) -> None:
    """Every asset and check: the unpartitioned graph, then finance for the last ended week."""
    _materialize("--select", "not group:finance")
    _materialize("--select", "group:finance", "--partition", weeks.last_ended.isoformat())


def week_to_date_table(weeks: Weeks) -> Table:
    """The running week's settlement lines per party (house apart), in rupiah."""
    with psycopg.connect(_analytics_url()) as conn:
        rows = conn.execute(_WEEK_TO_DATE, (weeks.running,)).fetchall()
    table = Table(
        "party",
        "orders",
        "gross",
        "refunds",
        "gateway fees",
        "net so far",
        title=f"settlement lines, week of {weeks.running:%d %b %Y} (settles Monday 01:00 WIB)",
    )
    for party, orders, gross, refunds, fees, net in rows:
        name = "LAKOO house brands" if party == "house" else f"seller {str(party)[:8]}…"
        table.add_row(name, str(orders), *(f"Rp {v:,}" for v in (gross, refunds, fees, net)))
    return table


def closed_week_table(weeks: Weeks) -> Table:
    """The last ended week's seller figures as recorded when it closed, and payment's numbers."""
    with psycopg.connect(_analytics_url()) as conn:
        closed = ClosedWeek.read(conn, weeks.last_ended)
    return table_of(closed)


def table_of(closed: ClosedWeek) -> Table:
    status = (
        f"closed {closed.closed_at.astimezone(WIB):%d %b %H:%M} WIB, {closed.lines} lines"
        f" ({closed.late_lines} late)"
        if closed.closed_at
        else "not closed"
    )
    table = Table(
        "seller",
        "gross",
        "refunds",
        "gateway fees",
        "commission",
        "carried in",
        "net",
        "payout",
        "carried out",
        "late lines",
        "payment",
        title=f"settlement week of {closed.week:%d %b %Y}: {status}",
    )
    for seller, *money, late, number in closed.sellers:
        table.add_row(
            f"{seller[:8]}…", *(f"Rp {v:,}" for v in money), str(late), number or "not accepted"
        )
    return table
