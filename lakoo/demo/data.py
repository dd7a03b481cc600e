"""The demo's last act: materialize the asset graph, then show the settlement figures.

Settlements are weekly (Monday–Sunday WIB) and a week settles once it has ended, so a demo's
fresh trades show as the running week's *settlement lines* (what Monday 01:00 will settle), while
the finance assets (report, payouts to the payment service) run for the last ended week.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Weeks:
    running: date  # Monday of the week in progress
    last_ended: date  # Monday of the week that settled last

    @classmethod
    def now(cls) -> Weeks:
        today = datetime.now(WIB).date()
        monday = today - timedelta(days=today.weekday())
        return cls(running=monday, last_ended=monday - timedelta(days=7))


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
    url = f"{StackSettings().postgres_url.rstrip('/')}/{ANALYTICS_DATABASE}"
    with psycopg.connect(libpq_url(url)) as conn:
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
