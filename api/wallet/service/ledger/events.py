"""The ``wallet.*`` event announcing each posted transaction (one per transaction)."""

from __future__ import annotations

from typing import Any

from api.events.base import EventPayload
from api.events.wallet import WalletCredited, WalletDebited, WalletHoldPlaced, WalletHoldReleased
from api.wallet.service.ledger.operations import Debit, Operation, Plan
from api.wallet.service.ledger.records import TransactionRecord


def ledger_event(op: Operation, plan: Plan, record: TransactionRecord) -> EventPayload:
    """The catalog payload for ``record``, posted by ``plan`` of ``op``."""
    common: dict[str, Any] = {
        "wallet_id": plan.wallet.id,
        "user_id": plan.wallet.user_id,
        "owner_type": plan.wallet.owner_type,
        "transaction_id": record.id,
        "transaction_number": record.number,
        "amount": plan.amount,
        "currency": "IDR",
        "reference_type": record.reference_type,
        "reference_id": record.reference_id,
        "idempotency_key": record.idempotency_key,
        "occurred_at": record.created_at,
    }
    if plan.type in ("credit", "debit"):
        common |= {
            "balance_before": record.balance_after - record.amount,
            "balance_after": record.balance_after,
            "reason": plan.reason,
        }
        if plan.type == "credit":
            return WalletCredited(**common)
        return WalletDebited(
            **common,
            campaign_id=op.campaign_id if isinstance(op, Debit) else None,
            charge_date=op.charge_date if isinstance(op, Debit) else None,
            hold_id=plan.hold.id if plan.hold else None,
            released_amount=plan.released,
        )
    assert plan.hold is not None
    common |= {
        "hold_id": plan.hold.id,
        "available_after": record.available_after,
        "held_after": record.balance_after - record.available_after,
    }
    if plan.type == "hold":
        return WalletHoldPlaced(
            **common,
            promotional_amount=plan.hold.promotional_amount,
            expires_at=plan.hold.expires_at,
        )
    return WalletHoldReleased(**common, outcome=plan.reason)
