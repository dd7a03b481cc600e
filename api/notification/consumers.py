"""The events the notification service consumes (DOMAIN.md) and who hears about each.

Contacts first: ``user.*`` and ``supplier.*`` keep recipients' addresses and roles (applied in
the order they came, so the last word on a contact wins). Every event that tells someone
something is then *planned* — a pure function from the event to :class:`Notice` s — and the
notices of a whole batch become messages together (:func:`service.fanout.notify`: one query
per thing it needs, one insert; deduplicated by the event's id). Nothing here calls a provider:
delivery is the job's work, so a provider that fails holds no event back.

``BATCH_HANDLER`` takes a fetched batch in one transaction (the worker's path); ``HANDLERS`` is
the same code for one event (the consumer runtime's fallback when a batch fails).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.events.envelope import Event
from api.events.inventory import InventoryLowStock
from api.events.order import OrderDelivered, OrderShipped
from api.events.payment import PaymentPaid, RefundCompleted, SettlementCompleted
from api.events.purchase_order import PurchaseOrderApproved
from api.events.supplier import SupplierCreated, SupplierUpdated
from api.events.ticket import TicketAssigned, TicketCreated, TicketResolved
from api.events.user import UserRegistered, UserRoleChanged, UserVerified
from api.events.values import PurchaseOrderLine
from api.events.wallet import WithdrawalCompleted
from api.kit.consumer import BatchHandler, Handler
from api.kit.uow import UnitOfWork
from api.notification.kinds import KINDS
from api.notification.service import contacts
from api.notification.service.fanout import Notice, notify
from api.notification.service.messages import QuietHours, Source
from api.notification.settings import get_settings
from api.notification.templates.rendering import rupiah

REFUND_METHODS = {"original_payment": "metode pembayaran awal", "wallet": "dompet LAKOO"}


def _source(event: Event[Any]) -> Source:
    return Source(
        dedup_key=str(event.event_id),
        event_id=event.event_id,
        event_type=event.event_type,
        occurred_at=event.envelope.occurred_at,
    )


def _tell(event: Event[Any], kind: str, **params: Any) -> Notice:
    """A notice of ``kind`` about ``event``, to whom the caller adds."""
    return Notice(KINDS[kind], _source(event), params)


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


# ── contacts ────────────────────────────────────────────────────────────────────────────────


async def learn_user_registered(event: Event[UserRegistered], uow: UnitOfWork) -> None:
    await contacts.remember_user(uow, event.payload)


async def learn_user_verified(event: Event[UserVerified], uow: UnitOfWork) -> None:
    p = event.payload
    if p.channel == "email":
        await contacts.verified_email(uow, user_id=p.user_id, email=p.email, at=p.verified_at)


async def learn_user_role_changed(event: Event[UserRoleChanged], uow: UnitOfWork) -> None:
    p = event.payload
    await contacts.change_role(uow, user_id=p.user_id, role=p.new_role, at=p.changed_at)


async def learn_supplier(event: Event[SupplierCreated | SupplierUpdated], uow: UnitOfWork) -> None:
    await contacts.remember_supplier(uow, event.payload)


# ── who hears about what ────────────────────────────────────────────────────────────────────


def plan_welcome(event: Event[UserRegistered]) -> list[Notice]:
    return [_with_user(_tell(event, "welcome"), event.payload.user_id)]


def plan_payment_paid(event: Event[PaymentPaid]) -> list[Notice]:
    p = event.payload
    notice = _tell(
        event,
        "payment_received",
        payment_number=p.payment_number,
        amount=p.amount,
        order_count=len(p.orders),
    )
    return [_with_user(notice, p.user_id)]


def plan_order_shipped(event: Event[OrderShipped]) -> list[Notice]:
    p = event.payload
    notice = _tell(
        event,
        "order_shipped",
        order_number=p.order_number,
        courier=p.courier.upper(),
        tracking_number=p.tracking_number or "-",
    )
    return [_with_user(notice, p.user_id)]


def plan_order_delivered(event: Event[OrderDelivered]) -> list[Notice]:
    p = event.payload
    return [_with_user(_tell(event, "order_delivered", order_number=p.order_number), p.user_id)]


def plan_refund_completed(event: Event[RefundCompleted]) -> list[Notice]:
    p = event.payload
    notice = _tell(
        event,
        "refund_completed",
        refund_number=p.refund_number,
        amount=p.amount,
        method=REFUND_METHODS.get(p.method, p.method),
    )
    return [_with_user(notice, p.user_id)]


def plan_settlement_completed(event: Event[SettlementCompleted]) -> list[Notice]:
    p = event.payload  # seller_id is the seller's user id
    notice = _tell(
        event,
        "settlement_completed",
        settlement_number=p.settlement_number,
        period_start=p.period_start.isoformat(),
        period_end=p.period_end.isoformat(),
        payout=p.payout,
        net=p.net,
    )
    return [_with_user(notice, p.seller_id)]


def plan_withdrawal_completed(event: Event[WithdrawalCompleted]) -> list[Notice]:
    p = event.payload
    notice = _tell(
        event,
        "withdrawal_completed",
        amount=p.amount,
        bank_code=p.bank_code,
        account_last4=p.account_number_last4,
    )
    return [_with_user(notice, p.user_id)]


def plan_low_stock(event: Event[InventoryLowStock]) -> list[Notice]:
    p = event.payload
    if p.location_type != "central":
        return []  # a seller's own location: sellers watch their stock on their dashboard
    notice = _tell(
        event,
        "low_stock",
        variant_id=str(p.variant_id),
        available=p.available,
        reorder_point=p.reorder_point,
    )
    return [Notice(notice.kind, notice.source, notice.params, role="warehouse_staff")]


def plan_purchase_order_approved(event: Event[PurchaseOrderApproved]) -> list[Notice]:
    """The approved PO to the factory's WhatsApp, with its lines; once per PO (its id is the
    dedup key, so a redelivered or re-published approval sends nothing more)."""
    p = event.payload
    params: dict[str, Any] = {
        "po_number": p.po_number,
        "total_cost": p.total_cost,
        "expected_date": p.expected_date.isoformat(),
        "line_count": len(p.lines),
        "lines": po_lines(p.lines),
    }
    if p.supplier_name:
        params["supplier_name"] = p.supplier_name  # the supplier's contacts, once known, win
    source = Source(
        dedup_key=f"purchase_order:{p.po_id}",
        event_id=event.event_id,
        event_type=event.event_type,
        occurred_at=event.envelope.occurred_at,
    )
    kind = KINDS["purchase_order_approved"]
    return [Notice(kind, source, params, supplier_id=p.supplier_id, address=p.supplier_whatsapp)]


def po_lines(lines: Sequence[PurchaseOrderLine]) -> str:
    """``SKU × 120 pcs (10 bundel) @ Rp 45.000`` per line, joined by ``; ``."""
    described = [
        f"{x.sku} × {x.units_ordered} pcs ({x.bundles} bundel) @ Rp {rupiah(x.unit_cost)}"
        for x in lines
    ]
    return "; ".join(described) or "-"


def plan_ticket_created(event: Event[TicketCreated]) -> list[Notice]:
    p = event.payload
    notice = _tell(event, "ticket_created", ticket_number=p.ticket_number, subject=p.subject)
    return [_with_user(notice, p.user_id)]


def plan_ticket_assigned(event: Event[TicketAssigned]) -> list[Notice]:
    p = event.payload
    notice = _tell(event, "ticket_assigned", ticket_number=p.ticket_number, priority=p.priority)
    return [_with_user(notice, p.agent_id)]


def plan_ticket_resolved(event: Event[TicketResolved]) -> list[Notice]:
    p = event.payload
    notice = _tell(event, "ticket_resolved", ticket_number=p.ticket_number, resolution=p.resolution)
    return [_with_user(notice, p.user_id)]


def _with_user(notice: Notice, user_id: Any) -> Notice:
    return Notice(notice.kind, notice.source, notice.params, user_id=user_id)


LEARN: dict[str, Callable[[Event[Any], UnitOfWork], Awaitable[None]]] = {
    "user.registered": learn_user_registered,
    "user.verified": learn_user_verified,
    "user.role_changed": learn_user_role_changed,
    "supplier.created": learn_supplier,
    "supplier.updated": learn_supplier,
}

PLAN: dict[str, Callable[[Event[Any]], list[Notice]]] = {
    "user.registered": plan_welcome,
    "payment.paid": plan_payment_paid,
    "order.shipped": plan_order_shipped,
    "order.delivered": plan_order_delivered,
    "refund.completed": plan_refund_completed,
    "settlement.completed": plan_settlement_completed,
    "withdrawal.completed": plan_withdrawal_completed,
    "inventory.low_stock": plan_low_stock,
    "purchase_order.approved": plan_purchase_order_approved,
    "ticket.created": plan_ticket_created,
    "ticket.assigned": plan_ticket_assigned,
    "ticket.resolved": plan_ticket_resolved,
}


async def apply(ctx: Context, events: Sequence[Event[Any]], uow: UnitOfWork) -> None:
    """Apply ``events`` (in the order fetched) in the caller's transaction."""
    for event in events:
        if learn := LEARN.get(event.event_type):
            await learn(event, uow)
    notices = [n for event in events for n in PLAN.get(event.event_type, _nothing)(event)]
    if notices:
        await notify(uow, notices, now=ctx.now(), quiet=ctx.quiet)


def _nothing(event: Event[Any]) -> list[Notice]:
    return []


def make_batch_handler(ctx: Context | None = None) -> BatchHandler:
    """The batch handler, bound to ``ctx`` (default: the settings' clock and quiet hours)."""

    async def handle_batch(events: Sequence[Event[Any]], uow: UnitOfWork) -> None:
        await apply(ctx or _default_context(), events, uow)

    return handle_batch


def make_handlers(ctx: Context | None = None) -> dict[str, Handler]:
    """The per-event handler table: the batch handler applied to one event."""
    batch = make_batch_handler(ctx)

    def bind(event_type: str) -> Handler:
        async def handle(event: Event[Any], uow: UnitOfWork) -> None:
            await batch([event], uow)

        handle.__name__ = f"on_{event_type.replace('.', '_')}"
        return handle

    return {event_type: bind(event_type) for event_type in sorted({*LEARN, *PLAN})}


HANDLERS: dict[str, Handler] = make_handlers()
BATCH_HANDLER: BatchHandler = make_batch_handler()
