"""Payment routes: creation for the order service (idempotent), reads for owners and staff."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Response

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, InternalCall, Principal, Role
from api.kit.deps import Uow
from api.payment.routes.deps import Gateway, Settings
from api.payment.schemas import OrderShareRead, PaymentCreate, PaymentCreated, PaymentRead
from api.payment.service import payments

router = APIRouter(tags=["payments"])

IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=8, max_length=200)]


@router.post("/internal/payments", status_code=201, dependencies=[InternalCall])
@owner("a new payment for the user the order service names")
async def create_payment(
    body: PaymentCreate,
    idempotency_key: IdempotencyKey,
    uow: Uow,
    gateway: Gateway,
    settings: Settings,
    response: Response,
) -> PaymentCreated:
    """Create the checkout's payment and its Xendit invoice; the same key answers the same."""
    payment = await payments.create_payment(
        uow,
        gateway=gateway,
        idempotency_key=idempotency_key,
        body=body,
        now=settings.now(),
        invoice_duration_seconds=settings.invoice_duration_seconds,
    )
    await uow.commit()
    response.headers["Idempotency-Key"] = idempotency_key
    return PaymentCreated.model_validate(payment)


@router.get("/internal/payments/{payment_id}", dependencies=[InternalCall])
@owner("any payment by id (the order service)")
async def read_payment_internal(payment_id: UUID, uow: Uow) -> PaymentRead:
    """A payment for another service (the order service checks its state)."""
    system = Principal(user_id=UUID(int=0), role=Role.admin)
    return await _read(uow, payment_id, system)


@router.get("/api/payments/{payment_id}")
@owner("the payer's own payment; admin and support any")
async def read_payment(payment_id: UUID, uow: Uow, principal: CurrentPrincipal) -> PaymentRead:
    """A payment (its owner, an admin or support)."""
    return await _read(uow, payment_id, principal)


async def _read(uow: Uow, payment_id: UUID, principal: Principal) -> PaymentRead:
    payment = await payments.get_payment(uow, payment_id=payment_id, principal=principal)
    orders = await payments.orders_of(uow, payment.id)
    read = PaymentRead.model_validate(payment)
    read.orders = [OrderShareRead.model_validate(o) for o in orders]
    return read
