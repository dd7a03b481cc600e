"""Writing the gateway log: every call to Xendit and every webhook from it, in the caller's
transaction (so a rolled-back change leaves the provider's answer logged only if we commit)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.kit.uow import UnitOfWork
from api.payment.models import GatewayLog
from api.payment.xendit import GatewayResponse


async def log_call(
    uow: UnitOfWork, response: GatewayResponse, *, payment_id: UUID | None, invoice_id: str | None
) -> None:
    """Record one outbound call."""
    uow.session.add(
        GatewayLog(
            direction="outbound",
            operation=response.operation,
            payment_id=payment_id,
            invoice_id=invoice_id or response.body.get("id"),
            status_code=response.status_code,
            external_status=response.body.get("status"),
            outcome="ok" if response.ok else "error",
            request=response.request,
            response=response.body,
        )
    )


async def log_webhook(
    uow: UnitOfWork,
    *,
    operation: str,
    body: dict[str, Any],
    payment_id: UUID | None,
    outcome: str,
) -> None:
    """Record one webhook as received and what it did (applied, duplicate, ignored)."""
    uow.session.add(
        GatewayLog(
            direction="webhook",
            operation=operation,
            payment_id=payment_id,
            invoice_id=body.get("id"),
            status_code=200,
            external_status=body.get("status"),
            outcome=outcome,
            request=body,
            response=None,
        )
    )
