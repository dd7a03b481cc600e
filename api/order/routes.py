"""The order service's routes: checkout, the buyer's and seller's orders, returns."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response

from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, Principal, Role, require_roles
from api.kit.deps import Uow, app_state
from api.kit.schemas import Page, Paging
from api.kit.uow import UnitOfWorkFactory
from api.order.schemas import (
    CheckoutCreate,
    CheckoutRead,
    OrderCancel,
    OrderRead,
    ReturnCreate,
    ReturnRead,
)
from api.order.service import checkout as checkout_service
from api.order.service import lifecycle, refunds, returns
from api.order.service.reading import (
    STAFF,
    ensure_buyer,
    ensure_seller,
    list_orders,
    order_view,
    visible_order,
)
from api.order.service.transitions import locked_order
from api.order.settings import OrderSettings
from api.order.upstream import Upstreams

router = APIRouter(tags=["orders"])

IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", min_length=8, max_length=200)]
Buyer = Annotated[Principal, require_roles(*Role)]
ReturnDesk = Annotated[
    Principal, require_roles(Role.admin, Role.support_agent, Role.warehouse_staff)
]


Settings = Annotated[OrderSettings, Depends(app_state("settings"))]
UpstreamsDep = Annotated[Upstreams, Depends(app_state("upstreams"))]
Uows = Annotated[UnitOfWorkFactory, Depends(app_state("uow_factory"))]


@router.post("/api/checkout", status_code=201)
@owner("the caller's own cart and addresses; the orders are the caller's")
async def checkout(
    body: CheckoutCreate,
    idempotency_key: IdempotencyKey,
    principal: CurrentPrincipal,
    uows: Uows,
    upstreams: UpstreamsDep,
    settings: Settings,
    response: Response,
) -> CheckoutRead:
    """Check out the caller's cart: one order per fulfilment source, one payment.

    The same ``Idempotency-Key`` again answers the same checkout (``Idempotent-Replayed``);
    the saga spans several services, so it manages its own short transactions.
    """
    answer, replayed = await checkout_service.checkout(
        uows,
        upstreams=upstreams,
        settings=settings,
        user_id=principal.user_id,
        idempotency_key=idempotency_key,
        body=body,
    )
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return answer


@router.get("/api/orders")
@owner("a buyer's own orders; a seller the orders it fulfils; admin and support all")
async def get_orders(
    uow: Uow,
    principal: CurrentPrincipal,
    paging: Paging,
    status: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[OrderRead]:
    """The caller's orders (a seller's orders to fulfil; every order for admins and support)."""
    return await list_orders(uow, principal=principal, paging=paging, status=status)


@router.get("/api/orders/{order_id}")
@owner("the buyer or the seller of the order; admin and support any (else 404)")
async def get_order(order_id: UUID, uow: Uow, principal: CurrentPrincipal) -> OrderRead:
    """One order with its items, frozen address and status history."""
    return await order_view(uow, await visible_order(uow, order_id, principal))


@router.post("/api/orders/{order_id}/cancel")
@owner("the buyer of the order; admin and support any")
async def cancel_order(
    order_id: UUID,
    uow: Uow,
    uows: Uows,
    principal: CurrentPrincipal,
    upstreams: UpstreamsDep,
    settings: Settings,
    body: OrderCancel | None = None,
) -> OrderRead:
    """Cancel (the buyer before shipping, or staff); a paid order is refunded. 409 once shipped."""
    await visible_order(uow, order_id, principal)
    order = await locked_order(uow, order_id)
    if principal.role not in STAFF:
        ensure_buyer(principal, order)
    reason: lifecycle.CancelReason = "customer" if order.user_id == principal.user_id else "admin"
    cancelled = await lifecycle.cancel(
        uow, order, at=settings.now(), reason=reason, actor_id=principal.user_id
    )
    await uow.commit()
    await refunds.request_pending(
        uows, upstreams.payment, now=settings.now(), order_ids=[o.id for o in cancelled]
    )
    await uow.session.refresh(order)
    return await order_view(uow, order)


@router.post("/api/orders/{order_id}/accept")
@owner("the seller of the order; admin any")
async def accept_order(
    order_id: UUID, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> OrderRead:
    """The seller accepts a paid order (within 24 h of payment, else it is cancelled)."""
    order = await locked_order(uow, order_id)
    ensure_seller(principal, order)
    await lifecycle.accept(uow, order, at=settings.now(), actor_id=principal.user_id)
    await uow.commit()
    return await order_view(uow, order)


@router.post("/api/orders/{order_id}/reject")
@owner("the seller of the order; admin any")
async def reject_order(
    order_id: UUID,
    uow: Uow,
    uows: Uows,
    principal: CurrentPrincipal,
    upstreams: UpstreamsDep,
    settings: Settings,
) -> OrderRead:
    """The seller declines a paid order: cancelled and refunded."""
    order = await locked_order(uow, order_id)
    ensure_seller(principal, order)
    await lifecycle.cancel(
        uow, order, at=settings.now(), reason="seller_rejected", actor_id=principal.user_id
    )
    await uow.commit()
    await refunds.request_pending(uows, upstreams.payment, now=settings.now(), order_ids=[order.id])
    await uow.session.refresh(order)
    return await order_view(uow, order)


@router.post("/api/orders/{order_id}/complete")
@owner("the buyer of the order; admin any")
async def complete_order(
    order_id: UUID, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> OrderRead:
    """The buyer confirms receipt: ``completed`` before the return window ends."""
    order = await locked_order(uow, order_id)
    ensure_buyer(principal, order)
    await lifecycle.complete(
        uow, order, at=settings.now(), by="customer", actor_id=principal.user_id
    )
    await uow.commit()
    return await order_view(uow, order)


@router.post("/api/orders/{order_id}/returns", status_code=201)
@owner("the buyer of the order; admin any")
async def request_return(
    order_id: UUID, body: ReturnCreate, uow: Uow, principal: CurrentPrincipal, settings: Settings
) -> ReturnRead:
    """Ask to return a delivered order (within 7 days of delivery)."""
    order = await locked_order(uow, order_id)
    ensure_buyer(principal, order)
    request = await returns.request_return(
        uow,
        order,
        reason=body.reason,
        order_item_ids=body.order_item_ids,
        at=settings.now(),
        actor_id=principal.user_id,
    )
    await uow.commit()
    return ReturnRead.model_validate(request)


@router.post("/api/orders/{order_id}/returns/receive")
@owner("any order's return (the return desk)")
async def receive_return(
    order_id: UUID,
    uow: Uow,
    uows: Uows,
    principal: ReturnDesk,
    upstreams: UpstreamsDep,
    settings: Settings,
) -> ReturnRead:
    """The returned goods arrived (staff): ``returned``, and the refund is requested."""
    order = await locked_order(uow, order_id)
    request = await returns.receive_return(
        uow, order, at=settings.now(), actor_id=principal.user_id
    )
    await uow.commit()
    await refunds.request_pending(uows, upstreams.payment, now=settings.now(), order_ids=[order.id])
    return ReturnRead.model_validate(request)
