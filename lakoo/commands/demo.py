"""``lakoo demo``: the platform from nothing to a running system and back, narrated."""

from __future__ import annotations

import asyncio
import os

import typer
from rich.console import Console
from rich.panel import Panel

from api.kit.topology import DAGSTER_UI_PORT, DBT_DOCS_PORT, GATEWAY_PORT
from lakoo.commands import platform, seed
from lakoo.runtime import stack as local_stack
from lakoo.runtime.secrets import use_local_development

console = Console(highlight=False)

SIMULATION_RATE_LIMITS = {
    "GATEWAY_RATE_LIMIT_PER_SECOND": "500",
    "GATEWAY_RATE_LIMIT_BURST": "5000",
    "GATEWAY_AUTH_RATE_LIMIT_PER_SECOND": "100",
    "GATEWAY_AUTH_RATE_LIMIT_BURST": "1000",
}


def demo(
    keep_running: bool = typer.Option(False, help="Leave the platform running at the end."),
    shoppers: int = typer.Option(20, help="Shoppers in the simulated trading period."),
) -> None:
    """Start the platform, sign a shopper up, seed, simulate a trading period, stop."""
    from lakoo.demo import data, first_journey
    from lakoo.simulate.run import simulate

    console.rule("[bold]LAKOO demo")
    use_local_development()  # generated secrets (once), LAKOO_ENV=development
    info = local_stack.up()
    console.print(f"PostgreSQL {info.postgres_url} · Kafka {info.kafka_bootstrap}")
    # Every simulated shopper comes from 127.0.0.1: per-IP limits meant for one person would
    # throttle the whole crowd, so the demo's platform gets limits sized for it.
    os.environ.update(SIMULATION_RATE_LIMITS)
    platform.up(detach=True)
    try:
        console.rule("health")
        platform.health()
        console.rule("a shopper signs up through the gateway")
        journey = first_journey.sign_up_and_watch_the_event()
        console.print(
            f"registered {journey.email} (id {journey.user_id}, role {journey.role}); "
            f"logged in; /api/auth/me answered; user.registered reached Kafka "
            f"{journey.event_seconds * 1000:.0f} ms after login began"
        )
        console.rule("the catalogue (lakoo seed)")
        seed.seed(products=120, random_seed=7)
        console.rule(f"a trading period: {shoppers} shoppers (lakoo simulate)")
        asyncio.run(simulate(shoppers_count=shoppers, seed=7, console=console))
        console.rule("the data platform (lakoo pipelines materialize)")
        weeks = data.Weeks.now()
        with console.status("landing events, running dbt, checks, reports…"):
            data.materialize_everything(weeks)
        console.print(data.closed_week_table(weeks))
        console.print(data.week_to_date_table(weeks))
        report = f"reports/settlements/{weeks.last_ended.isoformat()}/summary.html"
        console.print(
            Panel.fit(
                "\n".join(
                    [
                        f"API gateway      http://127.0.0.1:{GATEWAY_PORT}/docs",
                        f"Dagster UI       http://127.0.0.1:{DAGSTER_UI_PORT}  (lakoo up)",
                        f"dbt docs         lakoo docs → http://127.0.0.1:{DBT_DOCS_PORT}",
                        f"finance report   {report}",
                        "platform logs    .lakoo/logs/platform.log",
                        "events           lakoo events schema → docs/events/",
                    ]
                ),
                title="where to look next",
            )
        )
    finally:
        if not keep_running:
            console.rule("tearing down")
            platform.down(keep_stack=False)


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the ``lakoo`` app."""
    app.command()(demo)
