"""The provider log: every call to Xendit and every callback from it, in the caller's
transaction (the daily reconciliation and support read it)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.kit.uow import UnitOfWork
from api.kit.xendit import GatewayResponse
from api.wallet.models import ProviderLog

# never keep a full account number in the log: the last four digits say which account it was
_SECRET_FIELDS = ("account_number", "bank_account_number")


def _masked(body: dict[str, Any] | None) -> dict[str, Any] | None:
    if body is None:
        return None
    return {
        key: ("…" + str(value)[-4:] if key in _SECRET_FIELDS and value else value)
        for key, value in body.items()
    }


def log_call(uow: UnitOfWork, response: GatewayResponse, *, withdrawal_id: UUID | None) -> None:
    """Record one outbound call."""
    uow.session.add(
        ProviderLog(
            direction="outbound",
            operation=response.operation,
            withdrawal_id=withdrawal_id,
            status_code=response.status_code,
            outcome="ok" if response.ok else (response.error_code or "error"),
            request=_masked(response.request),
            response=_masked(response.body),
        )
    )


def log_callback(
    uow: UnitOfWork, *, body: dict[str, Any], withdrawal_id: UUID | None, outcome: str
) -> None:
    """Record one callback as received and what it did (applied, duplicate, ignored)."""
    uow.session.add(
        ProviderLog(
            direction="callback",
            operation="disbursement_callback",
            withdrawal_id=withdrawal_id,
            status_code=200,
            outcome=outcome,
            request=_masked(body),
            response=None,
        )
    )
