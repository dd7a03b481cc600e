"""What a posted transaction looks like to the rest of the service: the row as written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table

from api.wallet.models import LedgerTransaction


@dataclass(frozen=True, slots=True)
class TransactionRecord:
    """One ledger transaction (fresh from the engine, or read back for a repeated key)."""

    id: UUID
    number: str
    idempotency_key: str
    request_hash: str
    type: str
    reason: str
    wallet_id: UUID
    amount: int
    held_change: int
    balance_after: int
    available_after: int
    withdrawable_after: int
    description: str | None
    reference_type: str
    reference_id: str
    hold_id: UUID | None
    created_by: UUID | None
    details: dict[str, Any] | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> TransactionRecord:
        """From a ``transactions`` row (a mapping or an ORM object)."""
        get = row.__getitem__ if hasattr(row, "__getitem__") else lambda k: getattr(row, k)
        return cls(**{name: get(name) for name in cls.__slots__})

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> TransactionRecord:
        """From a ``transactions`` row as ``to_jsonb`` renders it."""
        values = dict(row)
        for name in ("id", "wallet_id", "hold_id", "created_by"):
            values[name] = UUID(values[name]) if values[name] else None
        values["created_at"] = datetime.fromisoformat(values["created_at"])
        return cls(**{name: values[name] for name in cls.__slots__})

    def as_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


TRANSACTIONS = cast(Table, LedgerTransaction.__table__)
