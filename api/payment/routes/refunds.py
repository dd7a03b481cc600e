"""Refund routes: staff open refunds, the order service opens them on cancel-after-pay."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, InternalCall
from api.kit.deps import Uow
from api.payment.routes.deps import RefundStaff, Settings
from api.payment.schemas import InternalRefundCreate, RefundCreate, RefundRead
from api.payment.service import payments, refunds

router = APIRouter(tags=["refunds"])


@router.post("/api/payments/{payment_id}/refunds", status_code=201)
@owner("any paid payment (admin and support)")
async def request_refund(
    payment_id: UUID, body: RefundCreate, uow: Uow, principal: RefundStaff, settings: Settings
) -> RefundRead:
    """Open a refund of one order of a paid payment (admin, support)."""
    refund = await refunds.request_refund(
        uow,
        payment_id=payment_id,
        order_id=body.order_id,
        amount=body.amount,
        method=body.method,
        reason=body.reason,
        requested_by=principal.user_id,
        now=settings.now(),
    )
    await uow.commit()
    return RefundRead.model_validate(refund)


@router.get("/api/payments/{payment_id}/refunds")
@owner("the payer's own payment's refunds; admin and support any")
async def list_refunds(payment_id: UUID, uow: Uow, principal: CurrentPrincipal) -> list[RefundRead]:
    """A payment's refunds (its owner, an admin or support)."""
    await payments.get_payment(uow, payment_id=payment_id, principal=principal)
    return [
        RefundRead.model_validate(r) for r in await refunds.refunds_of(uow, payment_id=payment_id)
    ]


@router.get("/api/refunds/{refund_id}")
@owner("a refund of the payer's own payment; admin and support any")
async def read_refund(refund_id: UUID, uow: Uow, principal: CurrentPrincipal) -> RefundRead:
    """One refund (the payment's owner, an admin or support)."""
    refund = await refunds.get_refund(uow, refund_id=refund_id)
    await payments.get_payment(uow, payment_id=refund.payment_id, principal=principal)
    return RefundRead.model_validate(refund)


@router.post("/internal/refunds", status_code=201, dependencies=[InternalCall])
@owner("any payment (the order service: a cancellation, a return, a late payment)")
async def request_refund_internal(
    body: InternalRefundCreate,
    uow: Uow,
    settings: Settings,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> RefundRead:
    """Open a refund for the order service (cancellation, return, late payment); idempotent by
    key: the same key answers the refund it opened first, whatever became of it."""
    refund = await refunds.request_refund(
        uow,
        payment_id=body.payment_id,
        order_id=body.order_id,
        amount=body.amount,
        at_most=body.at_most,
        method=body.method,
        reason=body.reason,
        requested_by=None,
        now=settings.now(),
        idempotency_key=idempotency_key,
    )
    await uow.commit()
    return RefundRead.model_validate(refund)
