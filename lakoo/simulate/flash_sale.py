"""A flash sale: N buyers check out the same variant of ``units`` units at the same instant.

    sale = await prepare(platform, seller, buyers=2000, units=100)   # not timed
    outcome = await run(platform, sale)                               # the timed part
    await release_unpaid(platform, sale, outcome)                     # winners never pay

Everything goes through the gateway and the Xendit sandbox (``lakoo.simulate.client``), like
real clients. The seller lists one product and stocks it through the warehouse's API; every
buyer is signed up, has one unit in the cart and an address before the sale opens. Then every
checkout is sent at once. A winner is a 201 (an order awaiting payment); a loser a 409
problem+json naming the variant (out of stock); anything else is counted apart and must be zero.

The winners never pay: their invoices run out in the sandbox (``/sandbox/invoices/{id}/expire``,
as Xendit expires an invoice when the payment window closes), the payment service publishes
``payment.expired`` and the warehouse releases the checkout's reservation — the same release
its expiry sweep makes for a reservation nobody paid (``api/warehouse/jobs.py``). The scenario
ends when the variant shows nothing reserved and all its units available again.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import uuid4

import httpx
from rich.console import Console
from rich.table import Table

from lakoo.simulate.client import ApiError, Platform, User, expect

T = TypeVar("T")


@dataclass
class Sale:
    """What is ready before the sale: the variant, its seller and the buyers (with addresses)."""

    seller: User
    product_id: str
    variant_id: str
    units: int
    buyers: list[tuple[User, str]]
    prepared_seconds: float = 0.0


@dataclass
class Outcome:
    """The answers of the sale, as the buyers saw them."""

    attempts: int
    seconds: float
    winners: list[tuple[User, dict[str, Any]]] = field(default_factory=list)
    loser_seconds: list[float] = field(default_factory=list)  # from the sale's opening
    losers_naming_variant: int = 0  # 409 problem+json whose body names the variant
    others: Counter[str] = field(default_factory=Counter)  # "status: detail" → count

    @property
    def losers(self) -> int:
        return len(self.loser_seconds)

    @property
    def attempts_per_second(self) -> float:
        return self.attempts / self.seconds if self.seconds else 0.0


@dataclass
class Released:
    """After the winners' invoices expired: the variant's stock and the winners' orders."""

    seconds: float
    on_hand: int
    reserved: int
    available: int
    order_statuses: Counter[str]

    @property
    def nothing_reserved(self) -> bool:
        return self.reserved == 0 and self.available == self.on_hand


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))]


async def _transient(make: Callable[[], Awaitable[T]], attempts: int = 5) -> T:
    """``make()`` again after a 502/503/504 or a transport error (a busy machine); only for
    steps where a repeat is harmless (a new account, another address)."""
    for attempt in range(attempts):
        try:
            return await make()
        except ApiError as exc:
            if exc.status < 502 or attempt == attempts - 1:
                raise
        except httpx.TransportError:
            if attempt == attempts - 1:
                raise
        await asyncio.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


async def _gathered(concurrency: int, count: int, make: Any) -> list[Any]:
    gate = asyncio.Semaphore(concurrency)

    async def one(_: int) -> Any:
        async with gate:
            return await make()

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def prepare(
    platform: Platform,
    seller: User,
    *,
    buyers: int,
    units: int,
    concurrency: int = 16,
    price: int = 129_000,
) -> Sale:
    """List and stock the sale's variant, then sign up ``buyers`` buyers with it in the cart."""
    started = time.monotonic()
    sku = f"FLASH-{uuid4().hex[:10].upper()}"
    body = {
        "name": f"Kaos Flash Sale {sku[-6:]}",
        "description": "Kaos katun combed 30s, edisi flash sale 12.12",
        "variants": [
            {"sku": sku, "size": "L", "color": "Hitam", "price": price, "weight_grams": 200}
        ],
    }
    product = await platform.create_product(seller, body)
    variant_id = str(product["variants"][0]["id"])
    await platform.adjust_stock(seller, variant_id, units, reason="flash sale stock")
    regions = await platform.regions("Gambir")
    region = next((r for r in regions if r["village"].lower() == "gambir"), regions[0])

    async def cart_it(user: User) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = await platform.http.post(
                    platform.url("/api/cart/items"),
                    headers=user.headers,
                    json={"variant_id": variant_id, "quantity": 1},
                )
            except httpx.TransportError:
                response = None
            if response is not None and response.is_success:
                return
            if time.monotonic() > deadline:
                raise ApiError(response) if response is not None else TimeoutError("cart")
            # 404/422: the cart has not learnt the new product yet (product.created, Kafka);
            # 5xx: a busy machine. A retry must not add a second unit: look first.
            if response is None or response.status_code >= 500:
                lines = (await _transient(lambda: platform.cart(user))).get("items", [])
                if any(str(line.get("variant_id")) == variant_id for line in lines):
                    return
            await asyncio.sleep(0.3)

    async def buyer() -> tuple[User, str]:
        user = await _transient(lambda: platform.register(full_name="Pembeli Flash Sale"))
        await cart_it(user)
        address = await _transient(lambda: platform.add_address(user, region))
        return user, str(address["id"])

    ready = await _gathered(concurrency, buyers, buyer)
    return Sale(
        seller=seller,
        product_id=str(product["id"]),
        variant_id=variant_id,
        units=units,
        buyers=ready,
        prepared_seconds=time.monotonic() - started,
    )


async def run(platform: Platform, sale: Sale) -> Outcome:
    """Every buyer checks out at the same instant; the answers sorted into winners and losers."""
    opened = time.perf_counter()

    async def attempt(user: User, address_id: str) -> tuple[User, int, str, str, float]:
        try:
            response = await platform.checkout(user, address_id)
        except Exception as exc:  # a transport failure is an outcome too, counted apart
            return user, 0, "", f"{type(exc).__name__}: {exc}"[:120], time.perf_counter()
        kind = response.headers.get("content-type", "")
        return user, response.status_code, kind, response.text, time.perf_counter()

    answers = await asyncio.gather(*(attempt(u, a) for u, a in sale.buyers))
    seconds = max(at for *_, at in answers) - opened
    outcome = Outcome(attempts=len(answers), seconds=seconds)
    for user, status, kind, text, at in answers:
        if status == 201:
            outcome.winners.append((user, json.loads(text)))
        elif status == 409 and kind.startswith("application/problem+json"):
            outcome.loser_seconds.append(at - opened)
            outcome.losers_naming_variant += sale.variant_id in text
        else:
            outcome.others[f"{status}: {text[:100]}"] += 1
    return outcome


async def stock(platform: Platform, sale: Sale) -> dict[str, Any]:
    """The variant's stock as its seller sees it."""
    return dict(
        await platform.call("GET", f"/api/warehouse/stock/{sale.variant_id}", sale.seller, 200)
    )


async def release_unpaid(
    platform: Platform,
    sale: Sale,
    outcome: Outcome,
    *,
    timeout: float = 120.0,
    concurrency: int = 16,
    expire_invoices: bool = True,
) -> Released:
    """The winners never pay: their invoices expire (in the sandbox) and the units come back.

    ``expire_invoices=False`` leaves the release to another path (the warehouse's expiry sweep
    with its clock moved forward, as the end-to-end test does); this only waits for it.
    """
    started = time.monotonic()
    if expire_invoices:

        async def expire(index: int) -> None:
            invoice_id = outcome.winners[index][1]["payment"]["invoice_id"]
            url = f"{platform.endpoints.xendit}/sandbox/invoices/{invoice_id}/expire"
            expect(await platform.http.post(url, json={}), 200)

        gate = asyncio.Semaphore(concurrency)

        async def gated(index: int) -> None:
            async with gate:
                await expire(index)

        await asyncio.gather(*(gated(n) for n in range(len(outcome.winners))))
    deadline = time.monotonic() + timeout
    while True:
        now = await stock(platform, sale)
        if now["reserved"] == 0 or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    while True:  # the orders learn it from the same events, a moment later
        statuses = await _order_statuses(platform, outcome)
        if "pending_payment" not in statuses or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.5)
    return Released(
        seconds=time.monotonic() - started,
        on_hand=now["on_hand"],
        reserved=now["reserved"],
        available=now["available"],
        order_statuses=statuses,
    )


async def _order_statuses(platform: Platform, outcome: Outcome) -> Counter[str]:
    gate = asyncio.Semaphore(16)

    async def status(user: User, order_id: str) -> str:
        async with gate:
            return str((await platform.order(user, order_id))["status"])

    found = await asyncio.gather(
        *(status(u, o["id"]) for u, checkout in outcome.winners for o in checkout["orders"])
    )
    return Counter(found)


def verdict(sale: Sale, outcome: Outcome, released: Released | None) -> list[str]:
    """What went wrong, if anything (empty: exactly ``units`` winners, every other a 409,
    no other outcome, every 409 naming the variant, nothing left reserved)."""
    problems = []
    expected = min(sale.units, len(sale.buyers))
    if len(outcome.winners) != expected:
        problems.append(f"{len(outcome.winners)} winners, expected {expected}")
    if outcome.losers != len(sale.buyers) - expected:
        problems.append(f"{outcome.losers} losers (409), expected {len(sale.buyers) - expected}")
    if outcome.others:
        problems.append(f"{sum(outcome.others.values())} other answers: {dict(outcome.others)}")
    if outcome.losers_naming_variant != outcome.losers:
        problems.append(
            f"{outcome.losers - outcome.losers_naming_variant} 409s do not name the variant"
        )
    if released is not None and {"pending_payment", "paid"} & set(released.order_statuses):
        problems.append(f"winners' orders not released: {dict(released.order_statuses)}")
    if released is not None and not released.nothing_reserved:
        problems.append(
            f"still reserved after expiry: {released.reserved} "
            f"(on hand {released.on_hand}, available {released.available})"
        )
    return problems


def render(sale: Sale, outcome: Outcome, released: Released | None, console: Console) -> None:
    """The sale's figures as a table, then the verdict."""
    table = Table(title=f"flash sale: {len(sale.buyers):,} buyers for {sale.units} units")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("prepared (not timed)", f"{sale.prepared_seconds:,.1f} s")
    table.add_row("checkout attempts", f"{outcome.attempts:,}")
    table.add_row("sale lasted", f"{outcome.seconds:,.2f} s")
    table.add_row("attempts/s", f"{outcome.attempts_per_second:,.1f}")
    table.add_row("winners (orders created)", f"{len(outcome.winners):,}")
    table.add_row("losers answered 409", f"{outcome.losers:,}")
    table.add_row(
        "losers' answer since the sale opened",
        f"p50 {percentile(outcome.loser_seconds, 50) * 1000:,.0f} ms · "
        f"p99 {percentile(outcome.loser_seconds, 99) * 1000:,.0f} ms",
    )
    table.add_row("409s naming the variant", f"{outcome.losers_naming_variant:,}")
    table.add_row("other outcomes", f"{sum(outcome.others.values()):,}")
    if released is not None:
        table.add_row("after the winners' invoices expired", f"{released.seconds:,.1f} s")
        table.add_row(
            "stock on hand / reserved / available",
            f"{released.on_hand} / {released.reserved} / {released.available}",
        )
        table.add_row(
            "winners' orders",
            ", ".join(f"{n} {s}" for s, n in sorted(released.order_statuses.items())),
        )
    console.print(table)
    for other, count in outcome.others.most_common(5):
        console.print(f"[yellow]other answer ×{count}:[/] {other}")
    problems = verdict(sale, outcome, released)
    if problems:
        console.print("[red]flash sale FAILED:[/] " + "; ".join(problems))
    else:
        console.print(
            f"[green]flash sale OK:[/] exactly {len(outcome.winners)} orders, every other buyer "
            "a 409 naming the variant, nothing left reserved"
        )
