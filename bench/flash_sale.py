"""Flash-sale benchmark (DESIGN §9): N buyers check out one variant of U units at once.

The scenario of ``lakoo simulate --flash-sale`` (``lakoo/simulate/flash_sale.py``): buyers
prepared before the sale (not timed), then every checkout sent at the same instant through the
gateway. Measured: checkout attempts per second (all N answers over the time to the last one),
winners, losers' 409s (p50/p99 from the sale's opening), any other answer (must be none), and
that after the winners' invoices expire nothing stays reserved.

Baseline, run beside it on the same platform: the warehouse's reservation endpoint
(``POST /internal/reservations``, one unit, a fresh checkout each) hit directly with N
requests at once for another variant of U units — the hop that decides who wins, without the
gateway, the order saga (claim, cart, catalogue, address, shipping quote, compensation) or the
payment invoice. The ratio is checkout attempts/s ÷ direct reservation attempts/s.

Target: ≥ 100 checkout attempts/s, exactly U winners, every other buyer a 409.

    flock /tmp/lakoo-e2e.lock .venv/bin/python -m bench.flash_sale --start   # own processes
    flock /tmp/lakoo-e2e.lock .venv/bin/python -m bench.flash_sale --start --topology separate
    .venv/bin/python -m bench.flash_sale --buyers 2000 --units 100               # `lakoo up`
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from uuid import uuid4

import httpx
from rich.console import Console

from lakoo.simulate import cast, flash_sale
from lakoo.simulate.client import Endpoints, Platform, User


@contextlib.contextmanager
def _own_platform(topology: str) -> Iterator[tuple[Endpoints, str]]:
    from lakoo.runtime import stack
    from tests.e2e.platform import checkout_platform

    info = stack.up()
    # Not what is measured, only what makes preparing thousands of buyers fit: argon2's cheapest
    # parameters for the sign-ups (honoured only by test processes, api/auth/passwords.py) and
    # access tokens that outlive a slow preparation (the first buyers' 15-minute tokens, and
    # the seller's, ran out before the sale on a loaded machine).
    os.environ.setdefault("AUTH_CHEAP_PASSWORD_HASH", "1")
    os.environ.setdefault("AUTH_ACCESS_TOKEN_TTL_SECONDS", "7200")
    with checkout_platform(
        info.postgres_url,
        info.kafka_bootstrap,
        topology="separate" if topology == "separate" else "development",
    ) as platform:
        # the admin is made through the auth service layer: point it at this platform's db
        os.environ.update(platform.env)
        yield platform.endpoints, platform.env["WAREHOUSE_SERVICE_URL"]


async def _direct_reservations(
    platform: Platform, seller: User, warehouse: str, *, attempts: int, units: int
) -> dict[str, float]:
    """The baseline: ``attempts`` reservations of one unit at once, straight to the warehouse."""
    from tests.support.services import internal_headers

    sale = await flash_sale.prepare(platform, seller, buyers=0, units=units)
    headers = internal_headers()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=warehouse, limits=limits, timeout=120) as http:

        async def reserve() -> tuple[int, float, str]:
            checkout, order = str(uuid4()), str(uuid4())
            body = {
                "checkout_id": checkout,
                "items": [{"order_id": order, "variant_id": sale.variant_id, "quantity": 1}],
            }
            r = await http.post("/internal/reservations", json=body, headers=headers)
            return r.status_code, time.perf_counter(), checkout

        opened = time.perf_counter()
        answers = await asyncio.gather(*(reserve() for _ in range(attempts)))
        seconds = max(at for _, at, _ in answers) - opened
        statuses = Counter(status for status, _, _ in answers)
        refused = [at - opened for status, at, _ in answers if status == 409]
        for status, _, checkout in answers:  # give the units back
            if status == 201:
                await http.post(f"/internal/reservations/{checkout}/release", headers=headers)
    return {
        "direct_attempts": attempts,
        "direct_reserved_201": statuses[201],
        "direct_refused_409": statuses[409],
        "direct_other": attempts - statuses[201] - statuses[409],
        "direct_seconds": seconds,
        "direct_attempts_per_second": attempts / seconds,
        "direct_409_p50_ms": flash_sale.percentile(refused, 50) * 1000,
        "direct_409_p99_ms": flash_sale.percentile(refused, 99) * 1000,
    }


async def bench(
    endpoints: Endpoints, warehouse: str | None, *, buyers: int, units: int, concurrency: int
) -> tuple[dict[str, float], list[str]]:
    console = Console()
    async with Platform(endpoints, timeout=300) as platform:
        people = await cast.assemble(platform, sellers=1, tag=f"flash-{uuid4().hex[:6]}")
        seller = people.sellers[0]
        print(f"preparing {buyers:,} buyers …", flush=True)
        sale = await flash_sale.prepare(
            platform, seller, buyers=buyers, units=units, concurrency=concurrency
        )
        load_before = os.getloadavg()
        outcome = await flash_sale.run(platform, sale)
        load_after = os.getloadavg()
        # the sale's figures first: a later failure must not lose them
        print(
            f"sale: {outcome.attempts} attempts in {outcome.seconds:.1f} s "
            f"({outcome.attempts_per_second:.1f}/s), {len(outcome.winners)} winners, "
            f"{outcome.losers} × 409 (p50 {flash_sale.percentile(outcome.loser_seconds, 50):.2f} s"
            f" / p99 {flash_sale.percentile(outcome.loser_seconds, 99):.2f} s), "
            f"others {dict(outcome.others)}, load {load_before[0]:.1f} → {load_after[0]:.1f}",
            flush=True,
        )
        released = await flash_sale.release_unpaid(platform, sale, outcome, timeout=300)
        flash_sale.render(sale, outcome, released, console)
        result: dict[str, float] = {
            "buyers": buyers,
            "units": units,
            "prepared_seconds": sale.prepared_seconds,
            "attempts": outcome.attempts,
            "sale_seconds": outcome.seconds,
            "attempts_per_second": outcome.attempts_per_second,
            "winners": len(outcome.winners),
            "losers_409": outcome.losers,
            "losers_p50_ms": flash_sale.percentile(outcome.loser_seconds, 50) * 1000,
            "losers_p99_ms": flash_sale.percentile(outcome.loser_seconds, 99) * 1000,
            "other_outcomes": sum(outcome.others.values()),
            "reserved_after_expiry": released.reserved,
            "load_1min_before": load_before[0],
            "load_1min_after": load_after[0],
        }
        if warehouse:
            result.update(
                await _direct_reservations(
                    platform, seller, warehouse, attempts=buyers, units=units
                )
            )
            result["ratio"] = result["attempts_per_second"] / result["direct_attempts_per_second"]
    return result, flash_sale.verdict(sale, outcome, released)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=2000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16, help="buyers prepared at a time")
    parser.add_argument("--start", action="store_true", help="start own processes (as the e2e)")
    parser.add_argument(
        "--topology",
        choices=("development", "separate"),
        default="development",
        help="--start's processes: every service in one (lakoo up's) or one per service",
    )
    parser.add_argument(
        "--warehouse", help="the warehouse's URL for the baseline (default: --start's own)"
    )
    args = parser.parse_args()
    # No secret has a default: the platform and the baseline's internal calls share fresh ones.
    from lakoo.runtime.secrets import generate, local_secrets

    for name, value in (generate() if args.start else local_secrets()).items():
        os.environ.setdefault(name, value)
    with (
        _own_platform(args.topology)
        if args.start
        else contextlib.nullcontext((Endpoints(), None)) as (
            endpoints,
            warehouse,
        )
    ):
        result, problems = asyncio.run(
            bench(
                endpoints,
                args.warehouse or warehouse,
                buyers=args.buyers,
                units=args.units,
                concurrency=args.concurrency,
            )
        )
    for key, figure in result.items():
        print(
            f"{key:>28}: {figure:,.3f}" if isinstance(figure, float) else f"{key:>28}: {figure:,}"
        )
    met = not problems and result["attempts_per_second"] >= 100
    print(
        "target (≥ 100 checkout attempts/s, exactly "
        f"{min(args.units, args.buyers)} winners, every other buyer a 409):",
        "MET" if met else "MISSED",
    )
    if problems:
        print("problems:", "; ".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
