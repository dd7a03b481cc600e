"""``lakoo demo``: from nothing to an ended trading week settled, and back, narrated.

The platform starts (``lakoo up --detach``) with the services' clocks in the last ended week;
the steps of ``lakoo.demo.STEPS`` run in order; the last screen shows the week's settlement
headline and where each part can be looked at. Whatever happens — a part that does not come up,
a step that fails, Ctrl-C — the demo stops everything it started and says which step failed.
"""

from __future__ import annotations

import os

import typer
from rich.console import Console
from rich.panel import Panel

from api.kit.topology import DAGSTER_UI_PORT, DBT_DOCS_PORT, GATEWAY_PORT
from lakoo.runtime.secrets import use_local_development

console = Console(highlight=False)

SIMULATION_RATE_LIMITS = {
    "GATEWAY_RATE_LIMIT_PER_SECOND": "500",
    "GATEWAY_RATE_LIMIT_BURST": "5000",
    "GATEWAY_AUTH_RATE_LIMIT_PER_SECOND": "100",
    "GATEWAY_AUTH_RATE_LIMIT_BURST": "1000",
}
# the simulator stands in for the load balancer in front of the gateway: it says which shopper
# (or bot) each ad request comes from in X-Forwarded-For, believed from the local hop only
SIMULATION_CLIENT_ADDRESSES = {"GATEWAY_TRUSTED_PROXIES": '["127.0.0.1/32", "::1/128"]'}
# the demo waits for these jobs (refunds paid out, orders' deadlines), so they run often
# (and withdrawals dispatched to the bank); the weekly auto-payout runs once, at start: its run
# for the ended week belongs to the Monday after it, which the demo's clocks never reach, and a
# run inside the trading week would withdraw the payouts the demo shows in the sellers' wallets
DEMO_JOB_INTERVALS = {
    "PAYMENT_REFUND_INTERVAL_SECONDS": "1",
    "ORDER_JOB_INTERVAL_SECONDS": "5",
    "WALLET_DISBURSEMENT_INTERVAL_SECONDS": "1",
    "SELLER_AUTO_PAYOUT_INTERVAL_SECONDS": str(7 * 86400),
}


def _where_to_look(extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        ("API gateway", f"http://127.0.0.1:{GATEWAY_PORT}/docs"),
        ("Dagster UI", f"http://127.0.0.1:{DAGSTER_UI_PORT}"),
        ("dbt docs", f"lakoo docs → http://127.0.0.1:{DBT_DOCS_PORT}"),
        *extra,
        ("platform logs", ".lakoo/logs/platform.log"),
        ("events", "lakoo events schema → docs/events/"),
    ]


def demo(
    keep_running: bool = typer.Option(False, help="Leave the platform running at the end."),
    shoppers: int = typer.Option(20, help="Shoppers in the simulated trading period."),
) -> None:
    """Start the platform, trade through an ended week, settle it, show it, stop."""
    from lakoo.commands import platform
    from lakoo.demo import STEPS
    from lakoo.demo.context import Demo
    from lakoo.demo.week import TradingWeek

    week = TradingWeek.last_ended()
    run = Demo(console=console, week=week, shoppers=shoppers)
    console.rule("[bold]LAKOO demo")
    use_local_development()  # generated secrets (once), LAKOO_ENV=development
    console.print(
        f"trading week: {week.label} (ended; the services' clocks move "
        f"{-week.offset_seconds / 86400:.1f} days back into it)"
    )
    # Every simulated shopper comes from 127.0.0.1: per-IP limits meant for one person would
    # throttle the whole crowd, so the demo's platform gets limits sized for it.
    os.environ.update(
        {
            **SIMULATION_RATE_LIMITS,
            **SIMULATION_CLIENT_ADDRESSES,
            **DEMO_JOB_INTERVALS,
            **week.clock_env(),
        }
    )
    step, finished = "starting the platform", False
    try:
        console.rule(step)
        platform.up_detached()
        for number, item in enumerate(STEPS, start=1):
            step = item.title
            console.rule(f"{number}. {step}")
            item.resolve()(run)
        finished = True
    except (Exception, KeyboardInterrupt, typer.Exit) as exc:
        console.print(f"[bold red]the demo failed at “{step}”:[/] {_reason(exc)}")
    finally:
        if finished and keep_running:
            console.print(
                "the platform keeps running, its clocks in the trading week; `lakoo down`"
            )
        else:
            console.rule("tearing down")
            platform.down(keep_stack=False)
    if not finished:
        raise typer.Exit(1)
    _last_screen(run)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, typer.Exit):
        return "see above"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    return f"{type(exc).__name__}: {exc}"


def _last_screen(run: object) -> None:
    from lakoo.demo.ads import AdRevenue
    from lakoo.demo.context import Demo
    from lakoo.demo.data import Headline
    from lakoo.demo.wallets import Wallets

    assert isinstance(run, Demo)
    settlement = run.results["settlement"]
    assert isinstance(settlement, Headline)
    lines = settlement.lines()
    wallets = run.results.get("wallets")
    if isinstance(wallets, Wallets):  # the wallets beside the settlement
        lines += ["", *wallets.summary()]
    ads = run.results.get("ads")
    if isinstance(ads, AdRevenue):
        lines += ads.lines(settlement)
    console.print(Panel.fit("\n".join(lines), title=f"settlement, week of {run.week.label}"))
    places = _where_to_look(run.where_to_look)
    width = max(len(name) for name, _ in places)
    console.print(
        Panel.fit(
            "\n".join(f"{name.ljust(width)}  {where}" for name, where in places),
            title="where to look next (lakoo demo --keep-running, or lakoo up)",
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the ``lakoo`` app."""
    app.command()(demo)
