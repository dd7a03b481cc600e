"""``lakoo simulate``: a trading period of simulated shoppers, sellers and staff.

It drives the RUNNING platform (``lakoo up``, after ``lakoo seed``) only through the gateway and
the provider sandboxes, like real clients, and prints a summary at the end.

``lakoo simulate --flash-sale`` runs another scenario instead: ``--buyers`` buyers (prepared
before the sale: accounts, carts, addresses) check out one variant of ``--units`` units at the
same instant (``lakoo.simulate.flash_sale``). The gateway's per-IP limit on sign-ups and logins
(``GATEWAY_AUTH_RATE_LIMIT_BURST``) must allow that many accounts from one machine.
"""

from __future__ import annotations

import asyncio

import typer


def simulate(
    shoppers: int = typer.Option(50, "--shoppers", "-n", min=1, help="How many shoppers."),
    seed: int = typer.Option(7, "--seed", help="Random seed (same seed, same decisions)."),
    sellers: int = typer.Option(3, help="How many sellers list products of their own."),
    concurrency: int = typer.Option(8, help="Shoppers active at the same time."),
    flash_sale: bool = typer.Option(
        False, "--flash-sale", help="Run the flash-sale scenario instead of a trading period."
    ),
    buyers: int = typer.Option(2000, "--buyers", min=1, help="Flash sale: how many buyers."),
    units: int = typer.Option(100, "--units", min=1, help="Flash sale: units on sale."),
    gateway: str = typer.Option("http://127.0.0.1:3000", help="The API gateway."),
    xendit: str = typer.Option("http://127.0.0.1:3090", help="The Xendit sandbox."),
    biteship: str = typer.Option("http://127.0.0.1:3091", help="The Biteship sandbox."),
) -> None:
    """Simulate shoppers browsing, carting, paying, and orders through to delivery."""
    from lakoo.simulate.client import Endpoints

    endpoints = Endpoints(gateway=gateway, xendit=xendit, biteship=biteship)
    if flash_sale:
        from lakoo.simulate.run import flash_sale as run_flash_sale

        ok = asyncio.run(
            run_flash_sale(buyers=buyers, units=units, concurrency=concurrency, endpoints=endpoints)
        )
        raise typer.Exit(0 if ok else 1)
    from lakoo.simulate.run import simulate as run

    asyncio.run(
        run(
            shoppers_count=shoppers,
            seed=seed,
            sellers=sellers,
            concurrency=concurrency,
            endpoints=endpoints,
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the ``lakoo`` app."""
    app.command()(simulate)
