"""The data platform on the ended week: every event landed, every asset materialized, and the
week's settlement headline read back from the marts and from the payment service.

``lakoo pipelines materialize`` with no arguments is the command: every unpartitioned asset (the
landing, the dbt models, supply and ads) and the partitioned ones — the settlement report and the
push to payment — for the last ended week, which is the week the demo traded in.
The last ended week is then closed (its figures recorded, never to change), reported and pushed
to the payment service; the demo shows the closed week as recorded.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import psycopg
from rich.table import Table

from api.kit.db import libpq_url
from api.kit.settings import StackSettings, load_service_settings
from api.kit.topology import ANALYTICS_DATABASE
from lakoo.demo.context import Demo
from lakoo.runtime import repo_root

_SELLERS = """
SELECT count(*), count(*) FILTER (WHERE payout > 0), count(*) FILTER (WHERE payout = 0),
       coalesce(sum(gross), 0), coalesce(sum(refunds), 0), coalesce(sum(payout), 0),
       coalesce(sum(carried_over_out) FILTER (WHERE payout = 0), 0)
FROM finance.seller_settlements WHERE settlement_week = %s
"""
_HOUSE = "SELECT coalesce(sum(gross), 0) FROM finance.house_settlements WHERE settlement_week = %s"
_PUSHED = "SELECT count(*), coalesce(sum(payout), 0) FROM settlements WHERE period_start = %s"

WIB = ZoneInfo("Asia/Jakarta")

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
class Headline:
    """The ended week's settlement in a few figures."""

    sellers: int
    paid: int
    carried_over: int
    gross: int
    refunds: int
    payouts: int
    carried: int
    house_gross: int
    pushed: int
    pushed_payouts: int

    def lines(self) -> list[str]:
        return [
            f"{self.sellers} sellers settled: Rp {self.gross:,} gross, Rp {self.refunds:,} "
            f"refunded, Rp {self.payouts:,} paid out to {self.paid}",
            f"{self.carried_over} under the Rp 50,000 minimum: Rp {self.carried:,} carried over "
            "to next week",
            f"house brands apart: Rp {self.house_gross:,} gross",
            f"pushed to payment: {self.pushed} settlements, Rp {self.pushed_payouts:,} to pay out",
        ]


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


def wait_until_landed(timeout: float = 120.0) -> int:
    """Until every outbox row is on Kafka and every Kafka event in ``raw.events``; the count."""
    from ingestion.landing import DEFAULT_GROUP, default_topics
    from ingestion.landing_lag import landing_lag
    from lakoo.simulate.summary import platform_counts

    deadline = time.monotonic() + timeout
    settings = StackSettings()
    while True:
        _, published, pending = platform_counts()
        lag = landing_lag(
            database_url=_analytics_url(),
            bootstrap=settings.kafka_bootstrap_servers,
            topics=default_topics(),
            group=DEFAULT_GROUP,
        )
        if pending == 0 and sum(lag.values()) == 0:
            return published
        if time.monotonic() > deadline:
            raise TimeoutError(f"{pending} events unpublished, {sum(lag.values())} not landed")
        time.sleep(0.5)


def materialize() -> list[str]:
    """``lakoo pipelines materialize``: its report lines (raises with its errors if it failed)."""
    command = [sys.executable, "-m", "lakoo.cli", "pipelines", "materialize"]
    done = subprocess.run(command, cwd=repo_root(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"materialize failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()


def headline(demo: Demo) -> Headline:
    """The week's figures from the marts, and what the payment service recorded of them."""
    week = demo.week.monday
    with psycopg.connect(_analytics_url()) as conn:
        sellers = conn.execute(_SELLERS, (week,)).fetchone()
        house = conn.execute(_HOUSE, (week,)).fetchone()
    payment_db = libpq_url(load_service_settings("payment").resolved_database_url)
    with psycopg.connect(payment_db) as conn:
        pushed = conn.execute(_PUSHED, (week,)).fetchone()
    assert sellers is not None and house is not None and pushed is not None
    return Headline(*(int(v) for v in (*sellers, house[0], *pushed)))


def run(demo: Demo) -> None:
    """Land, materialize, and keep the week's headline for the last screen."""
    with demo.console.status("waiting for every event to reach raw.events…"):
        events = wait_until_landed()
    demo.console.print(f"{events:,} events published and landed")
    with demo.console.status("lakoo pipelines materialize: landing, dbt, checks, reports…"):
        report = materialize()
    assets = [line for line in report if line.startswith("✓ ")]
    demo.console.print(
        f"{len(assets)} assets materialized ({', '.join(a[2:] for a in assets[-3:])}, …); "
        + next((line for line in report if line.startswith("run ")), "")
    )
    with psycopg.connect(_analytics_url()) as conn:
        closed = ClosedWeek.read(conn, demo.week.monday)
    demo.console.print(table_of(closed))
    demo.results["closed_week"] = closed  # the wallets' step checks the payouts against it
    result = headline(demo)
    if result.sellers == 0:
        raise RuntimeError(f"the week of {demo.week.label} settled no seller")
    demo.results["settlement"] = result
    # the pack's paths (summary, workbook, statements) are the next step's (lakoo.demo.pack)


def week_key(demo: Demo) -> str:
    return demo.week.monday.isoformat()


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
