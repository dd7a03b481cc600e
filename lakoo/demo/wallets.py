"""The ended week's payouts in the sellers' wallets, and one seller's withdrawal to the bank.

The data platform's step closed the week and pushed its settlements to payment, which announced
each one (``settlement.completed``); the wallet credits every seller's payout from it. Here every
seller of the demo — the simulation's shops and the week's own two — signs in and reads its
wallet (``GET /api/wallets/me``): its withdrawable money must be the week's recorded payout to
the rupiah (a shop whose week paid nothing, nothing), or the step fails. The simulation's
advertisers also hold promotional ad credit, from which their ad charges are spent first
(DOMAIN wallet): it is shown beside the payout, never counted in it. Then Toko Batik Laras withdraws
(``POST /api/wallets/me/withdrawals``) to the bank account it validated when it opened: the
wallet's dispatch job sends the disbursement to the Xendit sandbox, the sandbox completes it and
calls back (``/webhooks/xendit/disbursement``), and the step waits for ``completed`` and reads the
balance after.

The clocks: the wallet's time sits in the trading week, like the seller service's; the account was
validated in that time and is Laras's first, so it is usable at once (only a replacement blocks
withdrawals for 24 h), and the withdrawal holds nothing with an expiry. The weekly auto-payout
would belong to the Monday after the ended week, which the demo's clocks never reach, so the demo
runs the seller service's job only once, at start (``lakoo.commands.demo``).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import psycopg
from rich.table import Table

from lakoo.demo.context import Demo
from lakoo.demo.data import ClosedWeek, _analytics_url
from lakoo.demo.week_cases import SHOPS, WeekCases
from lakoo.simulate.client import Platform, User

WITHDRAWER = "laras"  # the week's case who withdraws
ROUND_TO = 50_000  # Laras withdraws whole Rp 50,000s of the payout and keeps the rest
CREDIT_TIMEOUT = 90.0  # seconds for settlement.completed to reach the wallet


@dataclass(frozen=True)
class WalletLine:
    """One seller: the week's settlement payout beside its wallet."""

    shop: str
    seller_id: str
    payout: int  # the closed week's payout (0: nothing paid, or no sale this week)
    balance: int
    withdrawable: int  # the money the settlement credited, less any withdrawal
    promotional: int  # ad credit the admin granted, less the ad charges spent from it

    @property
    def agrees(self) -> bool:
        return self.withdrawable == self.payout


@dataclass
class Withdrawn:
    """The withdrawal the step made, and the wallet before and after."""

    shop: str
    number: str
    amount: int
    status: str
    bank: str
    balance_before: int
    balance_after: int


@dataclass
class Wallets:
    """What the last screen shows of the wallets."""

    lines: list[WalletLine] = field(default_factory=list)
    withdrawn: Withdrawn | None = None

    def summary(self) -> list[str]:
        credited = [line for line in self.lines if line.payout > 0]
        said = [
            f"wallets credited: {len(credited)} seller{'' if len(credited) == 1 else 's'}, "
            f"Rp {sum(x.payout for x in credited):,} "
            "— every withdrawable balance equal to its settlement payout"
        ]
        said += [f"  {line.shop}: Rp {line.withdrawable:,}" for line in credited]
        if self.withdrawn:
            w = self.withdrawn
            said.append(
                f"{w.shop} withdrew Rp {w.amount:,} to {w.bank} ({w.number}, {w.status}): "
                f"wallet Rp {w.balance_before:,} → Rp {w.balance_after:,}"
            )
        return said


def disagreements(lines: list[WalletLine]) -> list[str]:
    """The sellers whose wallet is not their payout, said as the step's failure would say."""
    return [
        f"{line.shop}: withdrawable Rp {line.withdrawable:,}, settlement payout Rp {line.payout:,}"
        for line in lines
        if not line.agrees
    ]


def payouts_of(closed: ClosedWeek) -> dict[str, int]:
    """Seller id → the closed week's payout (``closing.seller_settlements``)."""
    # row: seller, gross, refunds, fees, commission, carried in, net, payout, carried out, ...
    return {str(row[0]): int(row[7]) for row in closed.sellers}


def withdrawal_amount(withdrawable: int, *, minimum: int = 10_000) -> int:
    """Whole Rp 50,000s of what may be withdrawn; all of it when that is less than Rp 50,000."""
    rounded = withdrawable // ROUND_TO * ROUND_TO
    amount = rounded or withdrawable
    if amount < minimum:
        raise RuntimeError(f"Rp {withdrawable:,} is withdrawable, under the Rp {minimum:,} minimum")
    return amount


def cast_sellers(demo: Demo) -> list[tuple[str, str]]:
    """(shop name, email) of every seller the demo opened: the simulation's and the week's."""
    sellers: list[tuple[str, str]] = []
    simulation = demo.results.get("simulation")
    crew = getattr(simulation, "cast", None)
    if crew is not None:
        for seller in crew.sellers:
            sellers.append((str(crew.shops[seller.id]["shop_name"]), seller.email))
    cases = demo.results["week_cases"]
    assert isinstance(cases, WeekCases)
    for key, email in cases.logins.items():
        sellers.append((SHOPS[key][0], email))
    return sellers


async def _read_wallets(
    platform: Platform, sellers: list[tuple[str, User]], payouts: dict[str, int]
) -> list[WalletLine]:
    async def one(shop: str, seller: User) -> WalletLine:
        wallet = await platform.wallet(seller)
        return WalletLine(
            shop=shop,
            seller_id=seller.id,
            payout=payouts.get(seller.id, 0),
            balance=int(wallet["balance"]),
            withdrawable=int(wallet["withdrawable"]),
            promotional=int(wallet["promotional"]),
        )

    return list(await asyncio.gather(*(one(shop, seller) for shop, seller in sellers)))


async def credited(
    platform: Platform, sellers: list[tuple[str, User]], payouts: dict[str, int]
) -> list[WalletLine]:
    """Every wallet once it holds its payout; raises naming those that do not in time."""
    deadline = time.monotonic() + CREDIT_TIMEOUT
    while True:
        lines = await _read_wallets(platform, sellers, payouts)
        if not (wrong := disagreements(lines)):
            return lines
        if time.monotonic() > deadline:
            raise RuntimeError("wallets and settlement disagree: " + "; ".join(wrong))
        await asyncio.sleep(1.0)


async def check_and_withdraw(demo: Demo, payouts: dict[str, int]) -> Wallets:
    """Read every cast seller's wallet against its payout, then Laras withdraws."""
    async with Platform(demo.endpoints) as platform:
        named = cast_sellers(demo)
        users = await asyncio.gather(*(platform.login(email) for _, email in named))
        sellers = [(shop, user) for (shop, _), user in zip(named, users, strict=True)]
        if unknown := set(payouts) - {user.id for _, user in sellers}:
            # a closed week never changes: one closed by an earlier demo on this stack keeps that
            # run's sellers, and this run's wallets cannot be checked against it
            raise RuntimeError(
                f"the week's settlement has {len(unknown)} sellers this demo did not open: the "
                "week was closed by an earlier run on this stack (`lakoo stack reset`, then again)"
            )
        result = Wallets(lines=await credited(platform, sellers, payouts))

        shop = SHOPS[WITHDRAWER][0]
        laras = next(user for name, user in sellers if name == shop)
        before = await platform.wallet(laras)
        amount = withdrawal_amount(int(before["withdrawable"]))
        requested = await platform.withdraw(laras, amount, key=f"demo-{demo.week.monday}")
        done = await platform.wait_for_withdrawal(laras, str(requested["id"]), timeout=90)
        if done["status"] != "completed":
            raise RuntimeError(
                f"withdrawal {done['number']} {done['status']}: {done['failure_reason']}"
            )
        after = await platform.wallet(laras)
        if int(after["balance"]) != int(before["balance"]) - amount:
            raise RuntimeError(
                f"{shop}'s wallet is Rp {after['balance']:,} after withdrawing Rp {amount:,} "
                f"of Rp {before['balance']:,}"
            )
        result.withdrawn = Withdrawn(
            shop=shop,
            number=str(done["number"]),
            amount=amount,
            status=str(done["status"]),
            bank=f"{done['bank_code']} ···{done['account_number_last4']}",
            balance_before=int(before["balance"]),
            balance_after=int(after["balance"]),
        )
    return result


def table_of(wallets: Wallets) -> Table:
    table = Table("shop", "settlement payout", "withdrawable", "ad credit", "", title=(
        "the ended week's payouts in the sellers' wallets"
    ))  # fmt: skip
    for line in wallets.lines:
        table.add_row(
            line.shop,
            f"Rp {line.payout:,}",
            f"Rp {line.withdrawable:,}",
            f"Rp {line.promotional:,}",
            "✓" if line.agrees else "✗",
        )
    return table


def run(demo: Demo) -> None:
    """The step: wallets beside the settlement (they must agree), then a withdrawal completed."""
    closed = demo.results.get("closed_week")
    if not isinstance(closed, ClosedWeek):
        with psycopg.connect(_analytics_url()) as conn:
            closed = ClosedWeek.read(conn, demo.week.monday)
    with demo.console.status("sellers read their wallets; Toko Batik Laras withdraws…"):
        wallets = asyncio.run(check_and_withdraw(demo, payouts_of(closed)))
    demo.console.print(table_of(wallets))
    w = wallets.withdrawn
    assert w is not None
    demo.console.print(
        f"{w.shop} withdrew Rp {w.amount:,} to {w.bank}: {w.number} {w.status} (Xendit sandbox "
        f"disbursement, its callback received); wallet Rp {w.balance_before:,} → "
        f"Rp {w.balance_after:,}"
    )
    demo.results["wallets"] = wallets
    demo.where_to_look.append(
        ("seller wallets", "GET /api/wallets/me, /api/wallets/me/withdrawals (as a seller)")
    )
