"""The demo's after-sale act: the support desk's SLA headline and the best-rated products,
read from the marts the data platform just built (``core.support_sla``,
``marketing.product_ratings``)."""

from __future__ import annotations

from decimal import Decimal

import psycopg
from rich.table import Table

from api.kit.db import libpq_url
from api.kit.settings import CommonSettings
from api.kit.topology import ANALYTICS_DATABASE

_SLA = """
SELECT coalesce(sum(tickets_opened), 0), coalesce(sum(tickets_responded), 0),
       sum(avg_first_response_hours * tickets_responded) / nullif(sum(tickets_responded), 0),
       coalesce(sum(tickets_resolved), 0),
       sum(avg_resolution_hours * tickets_resolved) / nullif(sum(tickets_resolved), 0),
       coalesce(sum(tickets_breached), 0), coalesce(sum(tickets_escalated), 0),
       coalesce(sum(csat_responses), 0),
       sum(csat_average * csat_responses) / nullif(sum(csat_responses), 0)
FROM core.support_sla
"""

_BEST = """
SELECT product_name, approved_reviews, average_rating, bayesian_average
FROM marketing.product_ratings
WHERE approved_reviews > 0
ORDER BY bayesian_average DESC, approved_reviews DESC, product_id
LIMIT %s
"""


def analytics_url() -> str:
    """The local stack's analytics database."""
    return f"{CommonSettings().postgres_url.rstrip('/')}/{ANALYTICS_DATABASE}"


def _query(url: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return list(conn.execute(sql, params).fetchall())


def _hours(value: object) -> str:
    """Business hours as people read them (the simulated desk answers within seconds)."""
    if value is None:
        return "—"
    hours = Decimal(str(value))
    return (
        "under a minute"
        if hours < Decimal("0.02")
        else (f"{hours * 60:.0f} min" if hours < 1 else f"{hours:.1f} h")
    )


def sla_headline(database_url: str | None = None) -> Table:
    """Tickets opened, answered and resolved, mean times in business hours, breaches, CSAT."""
    row = _query(database_url or analytics_url(), _SLA)[0]
    opened, responded, first, resolved, resolution, breached, escalated, rated, csat = row
    table = Table(title="support desk (core.support_sla, business hours)", show_header=False)
    table.add_row("tickets opened", str(opened))
    table.add_row("answered · mean first response", f"{responded} · {_hours(first)}")
    table.add_row("resolved · mean resolution", f"{resolved} · {_hours(resolution)}")
    share = f"{int(str(breached)) / int(str(opened)):.0%}" if int(str(opened)) else "—"
    table.add_row("SLA breached · escalated", f"{breached} ({share}) · {escalated}")
    table.add_row("CSAT", f"{Decimal(str(csat)):.2f} / 5 over {rated}" if csat is not None else "—")
    return table


def best_rated(database_url: str | None = None, limit: int = 5) -> list[tuple[object, ...]]:
    """(name, approved reviews, average, Bayesian average) of the best-ranked products."""
    return _query(database_url or analytics_url(), _BEST, (limit,))


def best_rated_products(rows: list[tuple[object, ...]]) -> Table:
    """The best-ranked products as a table."""
    table = Table(
        "product",
        "reviews",
        "average",
        "ranking score",
        title="best rated (marketing.product_ratings)",
    )
    for name, reviews, average, bayesian in rows:
        table.add_row(str(name), str(reviews), f"{average}", f"{bayesian}")
    return table
