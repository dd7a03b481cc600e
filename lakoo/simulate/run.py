"""A simulated trading period against the running platform (``lakoo up``), with progress bars.

Phases: the cast (admin, sellers, brand manager) and the goods (seeded house variants stocked,
sellers' own products listed, their campaigns reviewed: ``lakoo.simulate.ads``) → shoppers
(concurrently, ``concurrency`` at a time; some see sponsored results and click, a few bots after
them) → after the sale (accept or cancel, deliver, return or confirm) → the final status of every
order → reviews and the desk → the supply side (two factories, their POs approved, sent and
received) → summary.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar
from uuid import uuid4

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lakoo.simulate import ads, aftersale, cast, feedback, shoppers, summary, supply
from lakoo.simulate.client import Endpoints, Platform
from lakoo.simulate.shoppers import Journey, Placed

T = TypeVar("T")


async def _phase(
    progress: Progress,
    label: str,
    items: Sequence[T],
    step: Callable[[T], Awaitable[object]],
    *,
    concurrency: int,
) -> list[BaseException]:
    """Run ``step`` over ``items`` (``concurrency`` at a time) under one progress bar."""
    task = progress.add_task(label, total=len(items))
    gate = asyncio.Semaphore(concurrency)
    failures: list[BaseException] = []

    async def one(item: T) -> None:
        async with gate:
            try:
                await step(item)
            except Exception as exc:  # one shopper's trouble must not end the period
                failures.append(exc)
            progress.advance(task)

    await asyncio.gather(*(one(item) for item in items))
    return failures


async def simulate(
    *,
    shoppers_count: int,
    seed: int,
    endpoints: Endpoints | None = None,
    sellers: int = 3,
    house_goods: int = 12,
    concurrency: int = 8,
    console: Console | None = None,
    where_to_look: bool = True,
) -> summary.Totals:
    """Run one trading period; returns (and prints) its summary."""
    console = console or Console()
    rng = random.Random(seed)
    tag = f"s{seed}-{uuid4().hex[:6]}"  # accounts are new every run; decisions follow the seed
    started = time.monotonic()
    columns = (
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    async with Platform(endpoints) as platform:
        with Progress(*columns, console=console) as progress:
            setup = progress.add_task("staff, goods and ads", total=4)
            people = await cast.assemble(platform, sellers=sellers, tag=tag)
            desk = await feedback.assemble_desk(platform, people.admin, tag=tag)
            progress.advance(setup)
            units = max(10, shoppers_count // 2)
            await cast.stock_house_goods(platform, people, rng, count=house_goods, units=units)
            progress.advance(setup)
            await cast.list_seller_goods(platform, people, units=units)
            progress.advance(setup)
            # sellers' campaigns, reviewed by the admin (random of their own: the rest of the
            # period decides as it did before ads)
            adverts = await ads.launch(platform, people, random.Random(f"{seed}:ads"), tag=tag)
            progress.advance(setup)

            journeys: list[Journey] = []

            async def shop(number: int) -> None:
                journeys.append(
                    await shoppers.shop(
                        platform, people, number=number, seed=seed, tag=tag, ads=adverts
                    )
                )

            failures = await _phase(
                progress, "shoppers", range(shoppers_count), shop, concurrency=concurrency
            )
            journeys.sort(key=lambda journey: journey.shopper)
            try:  # a few bots click every sponsored result from one IP each
                await ads.run_bots(platform, adverts, seed=seed)
            except Exception as exc:
                failures.append(exc)
            paid = [o for j in journeys for o in j.orders if o.paid]
            dice = {order.id: random.Random(f"{seed}:{order.id}") for order in paid}

            async def settle(order: Placed) -> None:
                await aftersale.accept_or_cancel(platform, order, dice[order.id])

            failures += await _phase(
                progress, "sellers accept, buyers cancel", paid, settle, concurrency=concurrency
            )
            shipping = [o for o in paid if o.status != "cancelled"]

            async def carry(order: Placed) -> None:
                await aftersale.deliver(platform, order, dice[order.id])

            failures += await _phase(
                progress, "couriers deliver", shipping, carry, concurrency=concurrency
            )
            everything = [o for j in journeys for o in j.orders]

            async def look(order: Placed) -> None:
                order.status = (await platform.order(order.buyer, order.id))["status"]

            await _phase(progress, "final statuses", everything, look, concurrency=concurrency)
            reactions = feedback.FeedbackTotals()
            received = [o for o in shipping if o.status in feedback.RECEIVED]

            async def react(order: Placed) -> None:
                await feedback.review_order(platform, order, dice[order.id], reactions)
                await feedback.ask_the_desk(platform, order.buyer, dice[order.id], reactions)

            failures += await _phase(
                progress, "reviews and questions", received, react, concurrency=concurrency
            )
            await feedback.moderate(platform, people.admin, rng, reactions)
            buyers = {o.buyer.id: o.buyer for o in everything}
            returns = sum(o.status == "return_requested" for o in received)
            await feedback.work_the_desk(
                platform, desk, buyers, rng, reactions, expected=returns + reactions.asked
            )
            supplied: supply.SupplyRun | None = None
            try:  # two factories, their POs approved, sent by WhatsApp and received
                supplied = await supply.run(platform, people, rng, tag=tag)
            except Exception as exc:
                failures.append(exc)
    for failure in failures[:5]:
        console.print(f"[yellow]a step failed:[/] {failure}")
    result = summary.totals(journeys, time.monotonic() - started)
    result.supply = supplied
    result.ads = adverts
    result.cast = people
    summary.render(result, console, gateway=platform.endpoints.gateway, where_to_look=where_to_look)
    feedback.render(reactions, console)
    if supplied is not None:
        supply.render(supplied, console)
    ads.render(adverts, console)
    return result


async def flash_sale(
    *,
    buyers: int,
    units: int,
    endpoints: Endpoints | None = None,
    concurrency: int = 16,
    console: Console | None = None,
) -> bool:
    """The flash-sale scenario (``lakoo.simulate.flash_sale``); True when its verdict holds."""
    from lakoo.simulate import flash_sale as sale_

    console = console or Console()
    async with Platform(endpoints) as platform:
        people = await cast.assemble(platform, sellers=1, tag=f"flash-{uuid4().hex[:6]}")
        console.print(f"preparing {buyers:,} buyers (accounts, carts, addresses) …")
        sale = await sale_.prepare(
            platform, people.sellers[0], buyers=buyers, units=units, concurrency=concurrency
        )
        console.print(f"the sale opens: {buyers:,} checkouts at once for {units} units")
        outcome = await sale_.run(platform, sale)
        console.print("the winners never pay: their invoices expire …")
        released = await sale_.release_unpaid(platform, sale, outcome)
    sale_.render(sale, outcome, released, console)
    return not sale_.verdict(sale, outcome, released)
