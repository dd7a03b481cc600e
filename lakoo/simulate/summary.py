"""The simulation's summary: orders by status, GMV, stock movements, events published.

Orders and GMV are this run's own (the simulator knows every order it placed and reads each
one's final status through the gateway). Stock movements and published events are platform-wide
counts read from the service databases' own tables (the warehouse ledger and every outbox), the
one place a read-only look behind the gateway is the point: what the run left in the system.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import psycopg
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from api.kit.db import libpq_url
from api.kit.settings import load_service_settings
from api.kit.topology import SERVICES
from lakoo.simulate.shoppers import Journey


@dataclass
class Totals:
    shoppers: int
    checkouts: int
    refused: int
    orders_by_status: Counter[str]
    gmv: int
    stock_movements: dict[str, int]
    events_published: int
    events_pending: int
    seconds: float
    supply: Any = None  # lakoo.simulate.supply.SupplyRun: the factories' POs (None if it failed)
    ads: Any = None  # lakoo.simulate.ads.AdTotals: campaigns, impressions, clicks
    cast: Any = None  # lakoo.simulate.cast.Cast: the staff and the shops that traded


def _scalar(service: str, query: str) -> list[tuple[object, ...]]:
    """Rows of a read-only query on ``service``'s database ([] when it does not exist yet)."""
    try:
        url = libpq_url(load_service_settings(service).resolved_database_url)
        with psycopg.connect(url, connect_timeout=5) as conn:
            return list(conn.execute(query).fetchall())
    except psycopg.Error:
        return []


def platform_counts() -> tuple[dict[str, int], int, int]:
    """(stock movements by type, outbox rows published, outbox rows still pending)."""
    movements = {
        str(kind): int(str(count))
        for kind, count in _scalar(
            "warehouse", "SELECT type, count(*) FROM stock_movements GROUP BY 1"
        )
    }
    published = pending = 0
    for service in SERVICES:
        for done, count in _scalar(
            service, "SELECT published_at IS NOT NULL, count(*) FROM outbox GROUP BY 1"
        ):
            if done:
                published += int(str(count))
            else:
                pending += int(str(count))
    return movements, published, pending


def totals(journeys: list[Journey], seconds: float) -> Totals:
    """Fold the journeys (with their orders' final statuses) and the platform counts."""
    orders = [order for journey in journeys for order in journey.orders]
    movements, published, pending = platform_counts()
    return Totals(
        shoppers=len(journeys),
        checkouts=sum(journey.checked_out for journey in journeys),
        refused=sum(journey.refused is not None for journey in journeys),
        orders_by_status=Counter(order.status for order in orders),
        gmv=sum(order.total for order in orders if order.paid),
        stock_movements=movements,
        events_published=published,
        events_pending=pending,
        seconds=seconds,
    )


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def render(result: Totals, console: Console, *, gateway: str, where_to_look: bool = True) -> None:
    """The summary tables and (unless a caller shows its own) where to look next."""
    head = Table(title="simulated trading period", show_header=False)
    head.add_row("shoppers", str(result.shoppers))
    head.add_row("checkouts", str(result.checkouts))
    head.add_row("refused (sold out, 409)", str(result.refused))
    head.add_row("GMV (paid orders' totals)", rupiah(result.gmv))
    head.add_row("events published (all outboxes)", f"{result.events_published:,}")
    head.add_row("events not yet relayed", f"{result.events_pending:,}")
    head.add_row("took", f"{result.seconds:.1f} s")
    console.print(head)
    statuses = Table(title="orders by status")
    statuses.add_column("status")
    statuses.add_column("orders", justify="right")
    for status, count in sorted(result.orders_by_status.items()):
        statuses.add_row(status, str(count))
    console.print(statuses)
    stock = Table(title="stock movements (warehouse ledger)")
    stock.add_column("type")
    stock.add_column("movements", justify="right")
    for kind, count in sorted(result.stock_movements.items()):
        stock.add_row(kind, str(count))
    console.print(stock)
    if not where_to_look:
        return
    console.print(
        Panel.fit(
            "\n".join(
                [
                    f"API and Swagger UI   {gateway}/docs",
                    f"your orders          GET {gateway}/api/orders (admin: every order)",
                    "events on Kafka      lakoo events schema → docs/events/",
                    "platform logs        .lakoo/logs/platform.log",
                    "unpaid invoices      expire after PAYMENT_INVOICE_DURATION_SECONDS",
                    "auto-completion      7 days after delivery (ORDER_CLOCK_OFFSET_SECONDS)",
                ]
            ),
            title="where to look next",
        )
    )
