"""Reservation routes for the order service (internal: service-to-service only)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.kit.errors import NotFound
from api.warehouse.routes.deps import Reservations, Settings
from api.warehouse.schemas import CheckoutReservationRead, ReservationCreate
from api.warehouse.service import lifecycle, reservations
from api.warehouse.service.reserving import Request

router = APIRouter(tags=["reservations"], dependencies=[InternalCall])


@router.post("/internal/reservations", status_code=201)
@owner("stock reserved for the checkout named in the body (the order service)")
async def reserve(
    body: ReservationCreate, writer: Reservations, response: Response
) -> CheckoutReservationRead:
    """Reserve a checkout's items, all or nothing; the same checkout again answers the same.

    409 (problem+json naming the variant and what can be ordered) when any item falls short.
    Concurrent checkouts are reserved together in one transaction (group commit), each
    answered on its own.
    """
    answer, replayed = await writer.submit(Request(body))
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return answer


@router.get("/internal/reservations/{checkout_id}")
@owner("the reservations of any checkout (the order service)")
async def get_reservations(checkout_id: UUID, uow: Uow) -> CheckoutReservationRead:
    """A checkout's reservations as they stand."""
    answer = await reservations.checkout_view(uow, checkout_id=checkout_id)
    if answer is None:
        raise NotFound(f"No reservation for checkout {checkout_id}")
    return answer


@router.post("/internal/reservations/{checkout_id}/release")
@owner("the reservations of any checkout (the order service)")
async def release(checkout_id: UUID, uow: Uow, settings: Settings) -> CheckoutReservationRead:
    """Release a checkout's live reservations at once (the order service cancelling)."""
    await lifecycle.release(
        uow,
        reason="order_cancelled",
        at=settings.now(),
        checkout_id=checkout_id,
        default_reorder_point=settings.default_reorder_point,
    )
    await uow.commit()
    return await get_reservations(checkout_id, uow)
