"""``wallet.*`` and ``withdrawal.*`` events, produced by wallet onto ``wallet.events``.

Every ledger transaction announces itself with exactly one ``wallet.*`` event (credited, debited,
hold placed, hold released), so the data platform can recompute each wallet's balance, held and
available amounts from events alone. ``reference_type``/``reference_id`` name what caused an
entry (a refund, a settlement, a campaign's daily ad charge, a checkout...).
Balances in these events are the wallet's *posted* balance (available + held) unless named
``available_*`` or ``held_*``.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Count, Currency, Rupiah, SignedRupiah, WalletOwner

CreditReason = Literal["refund", "settlement", "promotion", "withdrawal_reversal", "adjustment"]
DebitReason = Literal["ad_spend", "withdrawal", "purchase", "adjustment"]


class _WalletTransaction(EventPayload):
    """Fields every event announcing a wallet's ledger transaction shares."""

    wallet_id: UUID
    user_id: UUID
    owner_type: WalletOwner
    transaction_id: UUID
    transaction_number: str
    amount: Rupiah
    currency: Currency
    reference_type: str
    reference_id: str
    idempotency_key: str
    occurred_at: AwareDatetime


class _LedgerEvent(_WalletTransaction):
    """A transaction that changed the wallet's posted balance."""

    balance_before: Rupiah
    balance_after: Rupiah


class WalletCredited(_LedgerEvent, event_type="wallet.credited", aggregate_type="wallet"):
    """Money was added to a wallet (a promotion is spendable but never withdrawable)."""

    reason: CreditReason


class WalletDebited(_LedgerEvent, event_type="wallet.debited", aggregate_type="wallet"):
    """Money was taken from a wallet (for an ad charge, ``campaign_id``/``charge_date`` are set;
    for a captured hold, ``hold_id`` and what of the hold went back to available)."""

    reason: DebitReason
    campaign_id: UUID | None = None
    charge_date: date | None = None
    hold_id: UUID | None = None
    released_amount: Rupiah = 0


class _HoldEvent(_WalletTransaction):
    """Fields the hold events share: a hold moves money between a wallet's available and held
    parts, so the posted balance does not change."""

    hold_id: UUID
    available_after: Rupiah
    held_after: Rupiah


class WalletHoldPlaced(_HoldEvent, event_type="wallet.hold_placed", aggregate_type="wallet"):
    """An amount of a wallet was set aside (checkout, withdrawal) until captured or released."""

    promotional_amount: Rupiah
    expires_at: AwareDatetime | None


class WalletHoldReleased(_HoldEvent, event_type="wallet.hold_released", aggregate_type="wallet"):
    """A hold was voided or expired: its whole amount is available again."""

    outcome: Literal["voided", "expired"]


class WalletReconciliationCompleted(
    EventPayload, event_type="wallet.reconciliation_completed", aggregate_type="wallet_ledger"
):
    """The daily proof of the ledger: every cached balance = Σ of its postings, Σ of all
    postings = 0, holds consistent with the held accounts; ``findings`` counts differences."""

    run_id: UUID
    run_date: date
    accounts_checked: Count
    transactions_checked: Count
    postings_sum: SignedRupiah
    findings: Count
    finding_kinds: list[str]
    ok: bool
    completed_at: AwareDatetime


class _WithdrawalEvent(EventPayload):
    """Fields every withdrawal event shares."""

    withdrawal_id: UUID
    withdrawal_number: str
    wallet_id: UUID
    user_id: UUID
    owner_type: WalletOwner
    amount: Rupiah
    currency: Currency
    bank_code: str
    account_number_last4: str


class WithdrawalRequested(
    _WithdrawalEvent, event_type="withdrawal.requested", aggregate_type="withdrawal"
):
    """A wallet owner asked to move money to their bank account."""

    requested_at: AwareDatetime


class WithdrawalCompleted(
    _WithdrawalEvent, event_type="withdrawal.completed", aggregate_type="withdrawal"
):
    """A withdrawal was paid out to the bank account."""

    transfer_reference: str | None
    completed_at: AwareDatetime


class WithdrawalFailed(
    _WithdrawalEvent, event_type="withdrawal.failed", aggregate_type="withdrawal"
):
    """The bank or the provider refused a withdrawal; its hold was voided, the money is back."""

    failure_code: str
    failure_reason: str | None
    failed_at: AwareDatetime
