"""The events the notification service consumes (DOMAIN.md) and who hears about each.

Contacts first: ``user.*`` and ``supplier.*`` keep recipients' addresses and roles. Every other
handler turns its event into messages through :mod:`service.messages` (one per recipient and
channel, deduplicated by the event's id), and never calls a provider: delivery is the job's
work, so a provider that fails holds no event back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from api.events.envelope import Event
from api.events.inventory import InventoryLowStock
from api.events.order import OrderDelivered, OrderShipped
from api.events.payment import PaymentPaid, RefundCompleted, SettlementCompleted
from api.events.purchase_order import PurchaseOrderApproved
from api.events.supplier import SupplierCreated, SupplierUpdated
from api.events.ticket import TicketAssigned, TicketCreated, TicketResolved
from api.events.user import UserRegistered, UserRoleChanged, UserVerified
from api.events.wallet import WithdrawalCompleted
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.notification.kinds import KINDS
from api.notification.service import contacts
from api.notification.service.messages import QuietHours, Source, Target, enqueue, notify_user
from api.notification.settings import get_settings

REFUND_METHODS = {"original_payment": "metode pembayaran awal", "wallet": "dompet LAKOO"}


def _source(event: Event[Any]) -> Source:
    return Source(
        dedup_key=str(event.event_id),
        event_id=event.event_id,
        event_type=event.event_type,
        occurred_at=event.envelope.occurred_at,
    )


@dataclass(frozen=True)
class Context:
    """The time and quiet hours handlers work with (tests move the clock)."""

    now: Callable[[], datetime]
    quiet: QuietHours


def _default_context() -> Context:
    settings = get_settings()
    return Context(
        now=settings.now, quiet=QuietHours(settings.quiet_start_hour, settings.quiet_end_hour)
    )


async def _tell(
    ctx: Context, event: Event[Any], uow: UnitOfWork, kind: str, user_id: UUID, **params: Any
) -> None:
    await notify_user(
        uow,
        kind=KINDS[kind],
        user_id=user_id,
        params=params,
        source=_source(event),
        now=ctx.now(),
        quiet=ctx.quiet,
    )


async def on_user_registered(ctx: Context, event: Event[UserRegistered], uow: UnitOfWork) -> None:
    await contacts.remember_user(uow, event.payload)
    await _tell(ctx, event, uow, "welcome", event.payload.user_id)


async def on_user_verified(ctx: Context, event: Event[UserVerified], uow: UnitOfWork) -> None:
    p = event.payload
    if p.channel == "email":
        await contacts.verified_email(uow, user_id=p.user_id, email=p.email, at=p.verified_at)


async def on_user_role_changed(
    ctx: Context, event: Event[UserRoleChanged], uow: UnitOfWork
) -> None:
    p = event.payload
    await contacts.change_role(uow, user_id=p.user_id, role=p.new_role, at=p.changed_at)


async def on_supplier(
    ctx: Context, event: Event[SupplierCreated | SupplierUpdated], uow: UnitOfWork
) -> None:
    await contacts.remember_supplier(uow, event.payload)


async def on_payment_paid(ctx: Context, event: Event[PaymentPaid], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "payment_received",
        p.user_id,
        payment_number=p.payment_number,
        amount=p.amount,
        order_count=len(p.orders),
    )


async def on_order_shipped(ctx: Context, event: Event[OrderShipped], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "order_shipped",
        p.user_id,
        order_number=p.order_number,
        courier=p.courier.upper(),
        tracking_number=p.tracking_number or "-",
    )


async def on_order_delivered(ctx: Context, event: Event[OrderDelivered], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(ctx, event, uow, "order_delivered", p.user_id, order_number=p.order_number)


async def on_refund_completed(ctx: Context, event: Event[RefundCompleted], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "refund_completed",
        p.user_id,
        refund_number=p.refund_number,
        amount=p.amount,
        method=REFUND_METHODS.get(p.method, p.method),
    )


async def on_settlement_completed(
    ctx: Context, event: Event[SettlementCompleted], uow: UnitOfWork
) -> None:
    p = event.payload  # seller_id is the seller's user id
    await _tell(
        ctx,
        event,
        uow,
        "settlement_completed",
        p.seller_id,
        settlement_number=p.settlement_number,
        period_start=p.period_start.isoformat(),
        period_end=p.period_end.isoformat(),
        payout=p.payout,
        net=p.net,
    )


async def on_withdrawal_completed(
    ctx: Context, event: Event[WithdrawalCompleted], uow: UnitOfWork
) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "withdrawal_completed",
        p.user_id,
        amount=p.amount,
        bank_code=p.bank_code,
        account_last4=p.account_number_last4,
    )


async def on_low_stock(ctx: Context, event: Event[InventoryLowStock], uow: UnitOfWork) -> None:
    p = event.payload
    if p.location_type != "central":
        return  # a seller's own location: sellers watch their stock on their dashboard
    for person in await contacts.staff_with_role(uow, "warehouse_staff"):
        await _tell(
            ctx,
            event,
            uow,
            "low_stock",
            person.user_id,
            variant_id=str(p.variant_id),
            available=p.available,
            reorder_point=p.reorder_point,
        )


async def on_purchase_order_approved(
    ctx: Context, event: Event[PurchaseOrderApproved], uow: UnitOfWork
) -> None:
    p = event.payload
    vendor = await contacts.supplier(uow, p.supplier_id)
    if vendor is None or not (vendor.whatsapp or vendor.email):
        # no contact known: nothing to send (a supplier without contacts gets the PO by hand)
        return
    channels: list[Any] = ["whatsapp"] if vendor.whatsapp else ["email"]
    await enqueue(
        uow,
        kind=KINDS["purchase_order_approved"],
        target=Target(recipient_key=f"supplier:{p.supplier_id}", supplier_id=p.supplier_id),
        channels=channels,
        params={
            "name": vendor.contact_name or vendor.name,
            "supplier_name": vendor.name,
            "po_number": p.po_number,
            "total_cost": p.total_cost,
            "expected_date": p.expected_date.isoformat(),
            "line_count": len(p.lines),
        },
        source=_source(event),
        now=ctx.now(),
        quiet=ctx.quiet,
    )


async def on_ticket_created(ctx: Context, event: Event[TicketCreated], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "ticket_created",
        p.user_id,
        ticket_number=p.ticket_number,
        subject=p.subject,
    )


async def on_ticket_assigned(ctx: Context, event: Event[TicketAssigned], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "ticket_assigned",
        p.agent_id,
        ticket_number=p.ticket_number,
        priority=p.priority,
    )


async def on_ticket_resolved(ctx: Context, event: Event[TicketResolved], uow: UnitOfWork) -> None:
    p = event.payload
    await _tell(
        ctx,
        event,
        uow,
        "ticket_resolved",
        p.user_id,
        ticket_number=p.ticket_number,
        resolution=p.resolution,
    )


_TABLE: dict[str, Callable[..., Awaitable[None]]] = {
    "user.registered": on_user_registered,
    "user.verified": on_user_verified,
    "user.role_changed": on_user_role_changed,
    "supplier.created": on_supplier,
    "supplier.updated": on_supplier,
    "payment.paid": on_payment_paid,
    "order.shipped": on_order_shipped,
    "order.delivered": on_order_delivered,
    "refund.completed": on_refund_completed,
    "settlement.completed": on_settlement_completed,
    "withdrawal.completed": on_withdrawal_completed,
    "inventory.low_stock": on_low_stock,
    "purchase_order.approved": on_purchase_order_approved,
    "ticket.created": on_ticket_created,
    "ticket.assigned": on_ticket_assigned,
    "ticket.resolved": on_ticket_resolved,
}


def make_handlers(ctx: Context | None = None) -> dict[str, Handler]:
    """The handler table, bound to ``ctx`` (default: the settings' clock and quiet hours)."""
    bound = ctx

    def bind(handler: Callable[..., Awaitable[None]]) -> Handler:
        async def handle(event: Event[Any], uow: UnitOfWork) -> None:
            await handler(bound or _default_context(), event, uow)

        handle.__name__ = handler.__name__
        return handle

    return {event_type: bind(handler) for event_type, handler in _TABLE.items()}


HANDLERS: dict[str, Handler] = make_handlers()
