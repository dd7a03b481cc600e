"""``wallet.*`` and ``withdrawal.*`` events, produced by wallet onto ``wallet.events``.

``reference_type``/``reference_id`` name what caused a ledger entry (a refund, a settlement, a
campaign's daily ad charge...), so the data platform can confirm e.g. that an ad charge was paid.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Currency, Rupiah, WalletOwner

CreditReason = Literal["refund", "settlement", "promotion", "withdrawal_reversal", "adjustment"]
DebitReason = Literal["ad_spend", "withdrawal", "purchase", "adjustment"]


class _LedgerEvent(EventPayload):
    """Fields every wallet ledger event shares."""

    wallet_id: UUID
    user_id: UUID
    owner_type: WalletOwner
    transaction_id: UUID
    transaction_number: str
    amount: Rupiah
    currency: Currency
    balance_before: Rupiah
    balance_after: Rupiah
    reference_type: str
    reference_id: str
    idempotency_key: str
    occurred_at: AwareDatetime


class WalletCredited(_LedgerEvent, event_type="wallet.credited", aggregate_type="wallet"):
    """Money was added to a wallet."""

    reason: CreditReason


class WalletDebited(_LedgerEvent, event_type="wallet.debited", aggregate_type="wallet"):
    """Money was taken from a wallet (for an ad charge, ``campaign_id``/``charge_date`` are set)."""

    reason: DebitReason
    campaign_id: UUID | None = None
    charge_date: date | None = None


class _WithdrawalEvent(EventPayload):
    """Fields every withdrawal event shares."""

    withdrawal_id: UUID
    wallet_id: UUID
    user_id: UUID
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
