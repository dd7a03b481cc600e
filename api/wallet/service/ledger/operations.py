"""The operations that move money, and how each one is planned against the locked balances.

Planning is pure: a :class:`Book` holds the balances of the accounts a batch locked and the
states of the holds it locked; ``plan`` turns one operation into balanced legs (or refuses it
with a domain error) without touching the book, ``apply`` then moves the book on. The engine
does the I/O around it, so the rules here are tested without a database.

Spending order: promotional credit is spent before withdrawable money on purchases and ad
charges; withdrawals and admin debits take withdrawable money only (DOMAIN.md: promotions are
spendable, never withdrawable).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

import orjson

from api.kit.errors import Unprocessable
from api.wallet.errors import HoldExpired, HoldNotActive, HoldNotFound, InsufficientBalance
from api.wallet.service.ledger.accounts import (
    PLATFORM_IDS,
    Part,
    Platform,
    platform_account_id,
    wallet_account_id,
)

HoldPurpose = Literal["checkout", "withdrawal"]
ReleaseOutcome = Literal["voided", "expired"]


class Spend(StrEnum):
    """Which parts of a wallet a spend may draw on."""

    withdrawable_only = "withdrawable_only"
    promotional_first = "promotional_first"


@dataclass(frozen=True, slots=True)
class WalletRef:
    """A wallet and its owner (what every event names)."""

    id: UUID
    user_id: UUID
    owner_type: str


@dataclass(frozen=True, slots=True)
class Meta:
    """What every ledger transaction records besides its legs."""

    key: str
    request_hash: str
    reference_type: str
    reference_id: str
    description: str | None = None
    created_by: UUID | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class HoldState:
    """A hold as the book knows it (locked from the database, or placed in this batch)."""

    id: UUID
    wallet: WalletRef
    amount: int
    promotional_amount: int
    purpose: str
    status: str
    expires_at: datetime | None
    reference_type: str
    reference_id: str
    captured_amount: int = 0


@dataclass(frozen=True, slots=True)
class Credit:
    meta: Meta
    wallet: WalletRef
    amount: int
    reason: str
    source: Platform
    into: Part = Part.available


@dataclass(frozen=True, slots=True)
class Debit:
    meta: Meta
    wallet: WalletRef
    amount: int
    reason: str
    destination: Platform
    spend: Spend
    campaign_id: UUID | None = None
    charge_date: date | None = None


@dataclass(frozen=True, slots=True)
class PlaceHold:
    meta: Meta
    wallet: WalletRef
    hold_id: UUID
    amount: int
    purpose: HoldPurpose
    spend: Spend
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class CaptureHold:
    """Capture a hold of ``purpose`` (a checkout's hold never settles a withdrawal's)."""

    meta: Meta
    hold_id: UUID
    amount: int | None = None
    purpose: HoldPurpose = "checkout"


@dataclass(frozen=True, slots=True)
class ReleaseHold:
    meta: Meta
    hold_id: UUID
    outcome: ReleaseOutcome
    purpose: HoldPurpose = "checkout"


Operation = Credit | Debit | PlaceHold | CaptureHold | ReleaseHold


@dataclass(frozen=True, slots=True)
class Leg:
    account_id: UUID
    amount: int


@dataclass(frozen=True, slots=True)
class Plan:
    """One operation turned into a transaction: its legs and the hold it leaves behind."""

    type: str  # credit | debit | hold | release
    reason: str
    wallet: WalletRef
    amount: int  # what the operation moved (captured, for a capture)
    legs: tuple[Leg, ...]
    hold: HoldState | None = None
    new_hold: bool = False
    released: int = 0


def request_hash(**fields: Any) -> str:
    """A fingerprint of a request's meaningful fields: the same key must come with the same."""
    canonical = orjson.dumps(fields, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(canonical).hexdigest()


def _legs(*pairs: tuple[UUID, int]) -> tuple[Leg, ...]:
    return tuple(Leg(account, amount) for account, amount in pairs if amount != 0)


@dataclass
class Book:
    """Balances of the locked accounts and states of the locked holds, moved on as a batch is
    planned; ``plan`` never changes it, ``apply`` does."""

    balances: dict[UUID, int]
    holds: dict[UUID, HoldState]
    now: datetime
    applied: list[Plan] = field(default_factory=list)

    def part(self, wallet: WalletRef, part: Part) -> int:
        return self.balances.get(wallet_account_id(wallet.id, part), 0)

    def figures(self, wallet: WalletRef) -> tuple[int, int, int]:
        """(posted balance, available, withdrawable) of a wallet as the book has it now."""
        withdrawable = self.part(wallet, Part.available)
        available = withdrawable + self.part(wallet, Part.promotional)
        return available + self.part(wallet, Part.held), available, withdrawable

    def plan(self, op: Operation) -> Plan:
        """The transaction ``op`` would post now, or the domain error refusing it."""
        match op:
            case Credit():
                return Plan(
                    "credit",
                    op.reason,
                    op.wallet,
                    op.amount,
                    _legs(
                        (platform_account_id(op.source), -op.amount),
                        (wallet_account_id(op.wallet.id, op.into), op.amount),
                    ),
                )
            case Debit():
                promotional, withdrawable = self._spend(op.wallet, op.amount, op.spend)
                return Plan(
                    "debit",
                    op.reason,
                    op.wallet,
                    op.amount,
                    _legs(
                        (wallet_account_id(op.wallet.id, Part.promotional), -promotional),
                        (wallet_account_id(op.wallet.id, Part.available), -withdrawable),
                        (platform_account_id(op.destination), op.amount),
                    ),
                )
            case PlaceHold():
                promotional, withdrawable = self._spend(op.wallet, op.amount, op.spend)
                hold = HoldState(
                    id=op.hold_id,
                    wallet=op.wallet,
                    amount=op.amount,
                    promotional_amount=promotional,
                    purpose=op.purpose,
                    status="active",
                    expires_at=op.expires_at,
                    reference_type=op.meta.reference_type,
                    reference_id=op.meta.reference_id,
                )
                return Plan(
                    "hold",
                    op.purpose,
                    op.wallet,
                    op.amount,
                    _legs(
                        (wallet_account_id(op.wallet.id, Part.promotional), -promotional),
                        (wallet_account_id(op.wallet.id, Part.available), -withdrawable),
                        (wallet_account_id(op.wallet.id, Part.held), op.amount),
                    ),
                    hold=hold,
                    new_hold=True,
                )
            case CaptureHold():
                return self._capture(op)
            case ReleaseHold():
                hold = self._active_hold(op.hold_id, op.purpose)
                return Plan(
                    "release",
                    op.outcome,
                    hold.wallet,
                    hold.amount,
                    self._return_legs(hold, hold.promotional_amount, hold.amount),
                    hold=replace(hold, status=op.outcome),
                )
        raise TypeError(f"not a ledger operation: {op!r}")

    def apply(self, plan: Plan) -> list[tuple[Leg, int]]:
        """Move the book on by ``plan``; returns each leg with its account's balance after."""
        after: list[tuple[Leg, int]] = []
        for leg in plan.legs:
            balance = self.balances.get(leg.account_id, 0) + leg.amount
            if balance < 0 and leg.account_id not in PLATFORM_IDS:
                # the plan checks this already; the database's CHECK is the last word
                raise InsufficientBalance("The wallet cannot cover the amount")
            self.balances[leg.account_id] = balance
            after.append((leg, balance))
        if plan.hold is not None:
            self.holds[plan.hold.id] = plan.hold
        self.applied.append(plan)
        return after

    def _spend(self, wallet: WalletRef, amount: int, spend: Spend) -> tuple[int, int]:
        promotional = self.part(wallet, Part.promotional)
        withdrawable = self.part(wallet, Part.available)
        from_promotional = min(promotional, amount) if spend is Spend.promotional_first else 0
        from_withdrawable = amount - from_promotional
        if from_withdrawable > withdrawable:
            usable = withdrawable + (promotional if spend is Spend.promotional_first else 0)
            what = "available" if spend is Spend.promotional_first else "withdrawable"
            raise InsufficientBalance(
                f"The wallet has Rp {usable} {what}, less than the Rp {amount} asked for",
                available=usable,
            )
        return from_promotional, from_withdrawable

    def _active_hold(self, hold_id: UUID, purpose: str) -> HoldState:
        hold = self.holds.get(hold_id)
        # a withdrawal's hold is the wallet's own business: to the order saga it does not exist
        if hold is None or hold.purpose != purpose:
            raise HoldNotFound(f"Hold {hold_id} not found")
        if hold.status != "active":
            raise HoldNotActive(f"Hold {hold_id} is already {hold.status}", hold_status=hold.status)
        return hold

    def _capture(self, op: CaptureHold) -> Plan:
        hold = self._active_hold(op.hold_id, op.purpose)
        if hold.expires_at is not None and hold.expires_at <= self.now:
            raise HoldExpired(f"Hold {hold.id} expired at {hold.expires_at.isoformat()}")
        amount = hold.amount if op.amount is None else op.amount
        if not 1 <= amount <= hold.amount:
            raise Unprocessable(
                f"A capture takes between Rp 1 and the hold's Rp {hold.amount}", field="amount"
            )
        # what was spent from promotional credit is captured first, so the rest goes back to
        # withdrawable money only if the hold ever drew on it
        captured_promotional = min(hold.promotional_amount, amount)
        back_promotional = hold.promotional_amount - captured_promotional
        destination = Platform.checkout if hold.purpose == "checkout" else Platform.payouts
        legs = self._return_legs(hold, back_promotional, hold.amount - amount)
        return Plan(
            "debit",
            "purchase" if hold.purpose == "checkout" else "withdrawal",
            hold.wallet,
            amount,
            (*legs, Leg(platform_account_id(destination), amount)),
            hold=replace(hold, status="captured", captured_amount=amount),
            released=hold.amount - amount,
        )

    @staticmethod
    def _return_legs(hold: HoldState, promotional: int, total: int) -> tuple[Leg, ...]:
        """The held amount leaves the held account; ``total`` of it goes back, ``promotional``
        of that to promotional credit."""
        wallet = hold.wallet.id
        return _legs(
            (wallet_account_id(wallet, Part.held), -hold.amount),
            (wallet_account_id(wallet, Part.promotional), promotional),
            (wallet_account_id(wallet, Part.available), total - promotional),
        )
