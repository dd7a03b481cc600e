"""Ledger operations built from requests and events: which platform account pays or is paid,
which part of the wallet is spent, and the idempotency key each lives under.

Keys are namespaced by what they protect (``debit:<caller's key>``, ``capture:<hold>:<key>``,
``settlement:<settlement id>``…) so one caller's key can never replay another operation, and a
user's own key (withdrawals, admin actions) is scoped to that user's wallet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from api.wallet.service.ledger.accounts import Part, Platform
from api.wallet.service.ledger.operations import (
    CaptureHold,
    Credit,
    Debit,
    HoldPurpose,
    Meta,
    PlaceHold,
    ReleaseHold,
    ReleaseOutcome,
    Spend,
    WalletRef,
    request_hash,
)

CREDIT_SOURCES: dict[str, Platform] = {
    "refund": Platform.refunds,
    "settlement": Platform.settlements,
    "promotion": Platform.promotions,
    "adjustment": Platform.adjustments,
    "withdrawal_reversal": Platform.payouts,
}
DEBIT_DESTINATIONS: dict[str, Platform] = {
    "ad_spend": Platform.ad_revenue,
    "purchase": Platform.checkout,
    "adjustment": Platform.adjustments,
}
# DOMAIN.md: promotional credit is spendable (purchases, ads), never withdrawable; an admin's
# corrective debit takes back withdrawable money only.
DEBIT_SPEND: dict[str, Spend] = {
    "ad_spend": Spend.promotional_first,
    "purchase": Spend.promotional_first,
    "adjustment": Spend.withdrawable_only,
}


def _meta(
    key: str,
    body: dict[str, Any],
    *,
    reference_type: str,
    reference_id: str,
    description: str | None = None,
    created_by: UUID | None = None,
    details: dict[str, Any] | None = None,
) -> Meta:
    return Meta(
        key=key,
        request_hash=request_hash(**body),
        reference_type=reference_type,
        reference_id=reference_id,
        description=description,
        created_by=created_by,
        details=details,
    )


def credit(
    wallet: WalletRef,
    *,
    key: str,
    amount: int,
    reason: str,
    reference_type: str,
    reference_id: str,
    description: str | None = None,
    created_by: UUID | None = None,
) -> Credit:
    """Money into the wallet from the platform account ``reason`` names (a promotion lands in
    the wallet's promotional part, anything else in its withdrawable part)."""
    body = {
        "operation": "credit",
        "wallet": wallet.id,
        "amount": amount,
        "reason": reason,
        "reference_type": reference_type,
        "reference_id": reference_id,
        "description": description,
    }
    return Credit(
        meta=_meta(
            key,
            body,
            reference_type=reference_type,
            reference_id=reference_id,
            description=description,
            created_by=created_by,
        ),
        wallet=wallet,
        amount=amount,
        reason=reason,
        source=CREDIT_SOURCES[reason],
        into=Part.promotional if reason == "promotion" else Part.available,
    )


def debit(
    wallet: WalletRef,
    *,
    key: str,
    amount: int,
    reason: str,
    reference_type: str,
    reference_id: str,
    description: str | None = None,
    created_by: UUID | None = None,
    campaign_id: UUID | None = None,
    charge_date: Any = None,
) -> Debit:
    """Money out of the wallet to the platform account ``reason`` names."""
    body = {
        "operation": "debit",
        "wallet": wallet.id,
        "amount": amount,
        "reason": reason,
        "reference_type": reference_type,
        "reference_id": reference_id,
        "description": description,
        "campaign_id": campaign_id,
        "charge_date": charge_date,
    }
    details = None
    if campaign_id is not None or charge_date is not None:
        details = {"campaign_id": str(campaign_id), "charge_date": str(charge_date)}
    return Debit(
        meta=_meta(
            key,
            body,
            reference_type=reference_type,
            reference_id=reference_id,
            description=description,
            created_by=created_by,
            details=details,
        ),
        wallet=wallet,
        amount=amount,
        reason=reason,
        destination=DEBIT_DESTINATIONS[reason],
        spend=DEBIT_SPEND[reason],
        campaign_id=campaign_id,
        charge_date=charge_date,
    )


def hold(
    wallet: WalletRef,
    *,
    key: str,
    hold_id: UUID,
    amount: int,
    purpose: HoldPurpose,
    reference_type: str,
    reference_id: str,
    expires_at: datetime | None,
) -> PlaceHold:
    """Set ``amount`` aside: a checkout's hold may use promotional credit, a withdrawal's not."""
    body = {
        "wallet": wallet.id,
        "amount": amount,
        "purpose": purpose,
        "reference_type": reference_type,
        "reference_id": reference_id,
        "expires_at": expires_at.isoformat() if expires_at else None,
    }
    return PlaceHold(
        meta=_meta(key, body, reference_type=reference_type, reference_id=reference_id),
        wallet=wallet,
        hold_id=hold_id,
        amount=amount,
        purpose=purpose,
        spend=Spend.promotional_first if purpose == "checkout" else Spend.withdrawable_only,
        expires_at=expires_at,
    )


def capture(
    hold_id: UUID, *, key: str, amount: int | None, purpose: HoldPurpose = "checkout"
) -> CaptureHold:
    body = {"hold": hold_id, "amount": amount}
    return CaptureHold(
        meta=_meta(
            f"capture:{hold_id}:{key}",
            body,
            reference_type="hold",
            reference_id=str(hold_id),
        ),
        hold_id=hold_id,
        amount=amount,
        purpose=purpose,
    )


def release(
    hold_id: UUID, *, outcome: ReleaseOutcome, purpose: HoldPurpose = "checkout"
) -> ReleaseHold:
    """Void or expire a hold: once per hold and outcome (a repeat answers the first)."""
    verb = "void" if outcome == "voided" else "expire"
    return ReleaseHold(
        meta=_meta(
            f"{verb}:{hold_id}",
            {"hold": hold_id, "outcome": outcome},
            reference_type="hold",
            reference_id=str(hold_id),
        ),
        hold_id=hold_id,
        outcome=outcome,
        purpose=purpose,
    )
