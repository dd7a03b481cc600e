"""Purchase-order transitions: submit, approve (an admin above the threshold), send, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from api.events import PurchaseOrderApproved, PurchaseOrderCancelled, PurchaseOrderSent
from api.kit.auth import Principal
from api.kit.errors import Forbidden
from api.kit.uow import UnitOfWork
from api.warehouse.errors import IllegalTransition
from api.warehouse.models import KnownSupplier, PurchaseOrder
from api.warehouse.schemas import PurchaseOrderRead
from api.warehouse.service.purchase_orders import event_fields, get_lines, load, read


def require_status(po: PurchaseOrder, *allowed: str, action: str) -> None:
    """409 unless the PO is in one of ``allowed``."""
    if po.status not in allowed:
        raise IllegalTransition(f"Cannot {action} a purchase order that is {po.status}")


async def transition(
    uow: UnitOfWork,
    *,
    po_id: UUID,
    action: str,
    principal: Principal,
    at: datetime,
    threshold: int,
    reason: str | None = None,
) -> PurchaseOrderRead:
    """submit / approve / send / cancel a PO."""
    po = await load(uow, po_id, lock=True)
    lines = await get_lines(uow, po_id)
    event: Any = None
    if action == "submit":
        require_status(po, "draft", action=action)
        po.status, po.submitted_at = "pending_approval", at
    elif action == "approve":
        require_status(po, "pending_approval", action=action)
        if po.total_cost > threshold and not principal.is_admin:
            raise Forbidden(f"Purchase orders over Rp {threshold:,} need an admin's approval")
        po.status, po.approved_by, po.approved_at = "approved", principal.user_id, at
        supplier = await uow.session.get(KnownSupplier, po.supplier_id)
        event = PurchaseOrderApproved(
            **event_fields(po, lines),
            approved_by=principal.user_id,
            approved_at=at,
            supplier_code=supplier.code if supplier else None,
            supplier_name=supplier.name if supplier else None,
            supplier_whatsapp=supplier.whatsapp if supplier else None,
        )
    elif action == "send":
        require_status(po, "approved", action=action)
        po.status, po.sent_at = "sent_to_supplier", at
        event = PurchaseOrderSent(**event_fields(po, lines), sent_at=at)
    elif action == "cancel":
        require_status(
            po, "draft", "pending_approval", "approved", "sent_to_supplier", action=action
        )
        po.status, po.cancelled_at, po.cancel_reason = "cancelled", at, reason
        event = PurchaseOrderCancelled(
            **event_fields(po, lines),
            reason=reason or "cancelled",
            cancelled_by=principal.user_id,
            cancelled_at=at,
        )
    else:  # pragma: no cover - routes only pass the four actions
        raise ValueError(action)
    if event is not None:
        await uow.outbox.add(event, aggregate_id=po.id)
    return read(po, lines, threshold)
