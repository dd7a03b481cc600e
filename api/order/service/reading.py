"""The views order routes answer with."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select

from api.kit.auth import Principal, Role
from api.kit.errors import Forbidden
from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.order.errors import OrderNotFound
from api.order.models import Order, OrderItem, StatusChange
from api.order.schemas import OrderItemRead, OrderRead, StatusChangeRead

STAFF = frozenset({Role.admin, Role.support_agent})


def may_read(principal: Principal, order: Order) -> bool:
    """The buyer, the order's seller, admins and support read an order."""
    return (
        principal.role in STAFF
        or order.user_id == principal.user_id
        or (principal.role is Role.seller and order.seller_id == principal.user_id)
    )


async def visible_order(uow: UnitOfWork, order_id: UUID, principal: Principal) -> Order:
    """The order if the caller may see it; 404 otherwise (ids are not to be probed)."""
    order = await uow.session.get(Order, order_id)
    if order is None or not may_read(principal, order):
        raise OrderNotFound(order_id)
    return order


def ensure_buyer(principal: Principal, order: Order) -> None:
    """403 unless the caller bought the order (or is an admin)."""
    if not principal.is_admin and order.user_id != principal.user_id:
        raise Forbidden("Only the buyer may do this")


def ensure_seller(principal: Principal, order: Order) -> None:
    """403 unless the caller is the order's seller (or an admin)."""
    if not principal.is_admin and (order.seller_id is None or order.seller_id != principal.user_id):
        raise Forbidden("Only the order's seller may do this")


async def order_view(uow: UnitOfWork, order: Order) -> OrderRead:
    """An order with its items and status history."""
    items = await uow.session.scalars(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.id)
    )
    history = await uow.session.scalars(
        select(StatusChange).where(StatusChange.order_id == order.id).order_by(StatusChange.id)
    )
    return OrderRead(
        id=order.id,
        number=order.number,
        checkout_id=order.checkout_id,
        user_id=order.user_id,
        seller_id=order.seller_id,
        fulfilment=order.fulfilment,
        status=order.status,
        items=[OrderItemRead.model_validate(i) for i in items],
        subtotal=order.subtotal,
        shipping_cost=order.shipping_cost,
        total=order.total,
        courier=order.courier,
        courier_service=order.courier_service,
        shipping_address=order.shipping_address,
        payment_id=order.payment_id,
        payment_due_at=order.payment_due_at,
        accept_by=order.accept_by,
        return_window_ends_at=order.return_window_ends_at,
        refund_status=order.refund_status,
        refund_amount=order.refund_amount,
        refund_failure=order.refund_failure,
        status_history=[StatusChangeRead.model_validate(h) for h in history],
        created_at=order.created_at,
    )


async def list_orders(
    uow: UnitOfWork, *, principal: Principal, paging: PageParams, status: str | None
) -> Page[OrderRead]:
    """The caller's orders, newest first: a buyer's own, a seller's to fulfil, all for staff."""
    query = select(Order)
    if principal.role is Role.seller:
        query = query.where(Order.seller_id == principal.user_id)
    elif principal.role not in STAFF:
        query = query.where(Order.user_id == principal.user_id)
    if status:
        query = query.where(Order.status == status)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.scalars(
        query.order_by(Order.created_at.desc(), Order.id)
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return Page(
        items=[await order_view(uow, order) for order in rows],
        total=int(total or 0),
        page=paging.page,
        page_size=paging.page_size,
    )
