"""``lakoo simulate``: a trading period of simulated shoppers, sellers and staff.

It drives the RUNNING platform (``lakoo up``, after ``lakoo seed``) only through the gateway and
the provider sandboxes, like real clients, and prints a summary at the end.
"""

from __future__ import annotations

import asyncio

import typer


def simulate(
    shoppers: int = typer.Option(50, "--shoppers", "-n", min=1, help="How many shoppers."),
    seed: int = typer.Option(7, "--seed", help="Random seed (same seed, same decisions)."),
    sellers: int = typer.Option(3, help="How many sellers list products of their own."),
    concurrency: int = typer.Option(8, help="Shoppers active at the same time."),
    gateway: str = typer.Option("http://127.0.0.1:3000", help="The API gateway."),
    xendit: str = typer.Option("http://127.0.0.1:3090", help="The Xendit sandbox."),
    biteship: str = typer.Option("http://127.0.0.1:3091", help="The Biteship sandbox."),
) -> None:
    """Simulate shoppers browsing, carting, paying, and orders through to delivery."""
    from lakoo.simulate.client import Endpoints
    from lakoo.simulate.run import simulate as run

    asyncio.run(
        run(
            shoppers_count=shoppers,
            seed=seed,
            sellers=sellers,
            concurrency=concurrency,
            endpoints=Endpoints(gateway=gateway, xendit=xendit, biteship=biteship),
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to the ``lakoo`` app."""
    app.command()(simulate)
