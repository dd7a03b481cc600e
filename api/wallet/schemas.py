"""Request and response bodies of the wallet service (money is integer rupiah)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, Field, Strict, StringConstraints

from api.kit.schemas import ReadSchema, Schema

# One trillion rupiah: far above any real movement, far below what a BIGINT sum could overflow.
MAX_AMOUNT = 1_000_000_000_000
Amount = Annotated[
    int, Strict(), Field(ge=1, le=MAX_AMOUNT, description="integer rupiah, at least 1")
]
OwnerType = Literal["buyer", "seller"]


def _storable(text: str) -> str:
    # PostgreSQL text cannot hold NUL: refused here as a 422, not by the database as a 500
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    return text


Storable = AfterValidator(_storable)
Reference = Annotated[str, StringConstraints(min_length=1, max_length=100), Storable]
IdempotencyKey = Annotated[str, StringConstraints(min_length=8, max_length=200), Storable]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=500), Storable]
Description = Annotated[str, StringConstraints(max_length=500), Storable]
Name = Annotated[str, StringConstraints(min_length=2, max_length=100), Storable]
AccountNumber = Annotated[str, StringConstraints(min_length=1, max_length=30), Storable]
BankCode = Annotated[str, StringConstraints(min_length=2, max_length=20, to_upper=True), Storable]

InternalCreditReason = Literal[
    "refund", "settlement", "promotion", "adjustment", "withdrawal_reversal"
]
InternalDebitReason = Literal["ad_spend", "purchase", "adjustment"]


class _OwnerRef(Schema):
    user_id: UUID
    owner_type: OwnerType


class _Movement(_OwnerRef):
    amount: Amount
    reference_type: Reference
    reference_id: Reference
    idempotency_key: IdempotencyKey
    description: Description | None = None


class CreditCreate(_Movement):
    """``POST /internal/wallets/credits``."""

    reason: InternalCreditReason


class DebitCreate(_Movement):
    """``POST /internal/wallets/debits`` (ad charges: ``campaign_id`` and ``charge_date``)."""

    reason: InternalDebitReason
    campaign_id: UUID | None = None
    charge_date: date | None = None


class HoldCreate(_OwnerRef):
    """``POST /internal/wallets/holds`` (the order saga's wallet share of a checkout)."""

    amount: Amount
    reference_type: Reference
    reference_id: Reference
    expires_at: AwareDatetime
    idempotency_key: IdempotencyKey


class HoldCapture(Schema):
    """``POST /internal/wallets/holds/{id}/capture``: all of the hold, or ``amount`` of it."""

    amount: Amount | None = None
    idempotency_key: IdempotencyKey


class PromotionCreate(Schema):
    """An admin's grant of promotional credit (spendable, never withdrawable)."""

    amount: Amount
    reason: Reason


class AdjustmentCreate(Schema):
    """An admin's correction of a mistake (moves withdrawable money)."""

    amount: Amount
    reason: Reason
    direction: Literal["credit", "debit"] = "credit"


class BankAccountIn(Schema):
    """A bank account to pay out to (``PUT /api/wallets/me/payout-account``)."""

    bank_code: BankCode
    account_number: AccountNumber
    account_holder_name: Name


class PayoutAccountPut(BankAccountIn, _OwnerRef):
    """``PUT /internal/wallets/payout-accounts``: the seller service passes the name the bank
    must show (the seller's verified legal name) as ``expected_name``."""

    expected_name: Name


class WithdrawalCreate(Schema):
    """``POST /api/wallets/me/withdrawals``."""

    amount: Amount


class InternalWithdrawalCreate(_OwnerRef):
    """``POST /internal/wallets/withdrawals`` (the seller service's weekly auto-payout):
    ``amount`` omitted withdraws everything withdrawable."""

    amount: Amount | None = None
    idempotency_key: IdempotencyKey


class WalletRead(ReadSchema):
    """A wallet's figures: ``available`` = ``balance`` − ``held``; of ``available``,
    ``withdrawable`` may go to a bank and ``promotional`` only be spent."""

    id: UUID
    user_id: UUID
    owner_type: OwnerType
    balance: int
    held: int
    available: int
    withdrawable: int
    promotional: int
    currency: Literal["IDR"] = "IDR"


class TransactionRead(ReadSchema):
    """One line of a wallet's statement. ``amount`` changes the posted balance (a hold moves
    money to ``held`` instead: ``held_change``)."""

    id: UUID
    number: str
    type: str
    reason: str
    amount: int
    held_change: int
    balance_after: int
    available_after: int
    reference_type: str
    reference_id: str
    description: str | None
    hold_id: UUID | None
    created_at: datetime


class LedgerTransactionRead(TransactionRead):
    """A transaction as the internal routes answer it."""

    wallet_id: UUID
    withdrawable_after: int
    idempotency_key: str
    created_by: UUID | None


class HoldRead(ReadSchema):
    hold_id: UUID
    status: str
    wallet_id: UUID
    user_id: UUID
    owner_type: OwnerType
    amount: int
    captured_amount: int
    released_amount: int
    promotional_amount: int
    reference_type: str
    reference_id: str
    expires_at: datetime | None
    transaction_id: UUID
    created_at: datetime
    settled_at: datetime | None


class PayoutAccountRead(ReadSchema):
    """The result of a validation, or the owner's current account (the number never in full)."""

    status: Literal["validated", "name_mismatch"]
    bank_code: str
    account_number_last4: str
    bank_holder_name: str | None
    withdrawals_blocked_until: datetime | None


class WithdrawalRead(ReadSchema):
    id: UUID
    number: str
    status: str
    amount: int
    owner_type: OwnerType
    bank_code: str
    account_number_last4: str
    source: str
    failure_code: str | None
    failure_reason: str | None
    requested_at: datetime
    processing_at: datetime | None
    completed_at: datetime | None
    failed_at: datetime | None


class DisbursementCallback(Schema):
    """Xendit's disbursement callback (the fields the wallet reads; others are logged)."""

    model_config = Schema.model_config | {"extra": "allow"}

    id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    external_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    status: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    amount: Annotated[int, Field(ge=0, le=MAX_AMOUNT)] | None = None
    failure_code: Annotated[str, StringConstraints(max_length=100)] | None = None


class ReconciliationFindingRead(ReadSchema):
    kind: str
    subject: str
    expected: int | None
    actual: int | None
    detail: str


class ReconciliationRunRead(ReadSchema):
    id: UUID
    run_date: date
    accounts_checked: int
    transactions_checked: int
    postings_sum: int
    findings: int
    completed_at: datetime
    items: list[ReconciliationFindingRead] = []
