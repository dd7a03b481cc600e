"""Purchase-order routes (warehouse staff and admins; proposals from the data platform)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging
from api.warehouse.routes.deps import Settings, Staff
from api.warehouse.schemas import (
    PurchaseOrderCancel,
    PurchaseOrderCreate,
    PurchaseOrderProposal,
    PurchaseOrderRead,
    PurchaseOrderReceive,
)
from api.warehouse.service import po_transitions, receiving
from api.warehouse.service import purchase_orders as pos

router = APIRouter(tags=["purchase orders"])

Status = Literal[
    "draft",
    "pending_approval",
    "approved",
    "sent_to_supplier",
    "partially_received",
    "received",
    "cancelled",
]


@router.post("/api/purchase-orders", status_code=201)
@owner("the central warehouse's purchase orders")
async def create(
    body: PurchaseOrderCreate, uow: Uow, principal: Staff, settings: Settings
) -> PurchaseOrderRead:
    """Draft a PO in whole bundles (to the best-standing catalogue supplier unless one is named);
    a supplier in poor standing answers with a warning, very poor needs an admin's override."""
    po = await pos.create(
        uow,
        body=body,
        created_by=principal.user_id,
        principal=principal,
        at=settings.now(),
        threshold=settings.po_admin_approval_threshold,
    )
    await uow.commit()
    return po


@router.post("/internal/purchase-orders/proposals", status_code=201, dependencies=[InternalCall])
@owner("the central warehouse's purchase orders (the data platform's proposals)")
async def create_from_proposal(
    body: PurchaseOrderProposal, uow: Uow, settings: Settings, response: Response
) -> PurchaseOrderRead:
    """A draft PO from the data platform's proposal; the same ``proposal_key`` answers 200."""
    po, created = await pos.create_from_proposal(
        uow,
        body=PurchaseOrderCreate(**body.model_dump(exclude={"proposal_key"})),
        proposal_key=body.proposal_key,
        at=settings.now(),
        threshold=settings.po_admin_approval_threshold,
    )
    await uow.commit()
    if not created:
        response.status_code = 200
    return po


@router.get("/api/purchase-orders")
@owner("the central warehouse's purchase orders")
async def list_pos(
    uow: Uow,
    principal: Staff,
    settings: Settings,
    paging: Paging,
    status: Status | None = Query(None),
) -> Page[PurchaseOrderRead]:
    """POs, newest first."""
    return await pos.list_pos(
        uow, paging=paging, status=status, threshold=settings.po_admin_approval_threshold
    )


@router.get("/api/purchase-orders/{po_id}")
@owner("the central warehouse's purchase orders")
async def get_po(po_id: UUID, uow: Uow, principal: Staff, settings: Settings) -> PurchaseOrderRead:
    """One PO with its lines."""
    po = await pos.load(uow, po_id)
    return pos.read(po, await pos.get_lines(uow, po_id), settings.po_admin_approval_threshold)


async def _transition(
    po_id: UUID,
    action: str,
    uow: Uow,
    principal: Staff,
    settings: Settings,
    reason: str | None = None,
) -> PurchaseOrderRead:
    po = await po_transitions.transition(
        uow,
        po_id=po_id,
        action=action,
        principal=principal,
        at=settings.now(),
        threshold=settings.po_admin_approval_threshold,
        reason=reason,
    )
    await uow.commit()
    return po


@router.post("/api/purchase-orders/{po_id}/submit")
@owner("the central warehouse's purchase orders")
async def submit(po_id: UUID, uow: Uow, principal: Staff, settings: Settings) -> PurchaseOrderRead:
    """draft → pending_approval."""
    return await _transition(po_id, "submit", uow, principal, settings)


@router.post("/api/purchase-orders/{po_id}/approve")
@owner("the central warehouse's purchase orders; above the threshold an admin only")
async def approve(po_id: UUID, uow: Uow, principal: Staff, settings: Settings) -> PurchaseOrderRead:
    """pending_approval → approved (an admin's approval above the threshold)."""
    return await _transition(po_id, "approve", uow, principal, settings)


@router.post("/api/purchase-orders/{po_id}/send")
@owner("the central warehouse's purchase orders")
async def send(po_id: UUID, uow: Uow, principal: Staff, settings: Settings) -> PurchaseOrderRead:
    """approved → sent_to_supplier."""
    return await _transition(po_id, "send", uow, principal, settings)


@router.post("/api/purchase-orders/{po_id}/cancel")
@owner("the central warehouse's purchase orders")
async def cancel(
    po_id: UUID, body: PurchaseOrderCancel, uow: Uow, principal: Staff, settings: Settings
) -> PurchaseOrderRead:
    """Any state before the first receipt → cancelled."""
    return await _transition(po_id, "cancel", uow, principal, settings, reason=body.reason)


@router.post("/api/purchase-orders/{po_id}/receive")
@owner("the central warehouse's purchase orders")
async def receive(
    po_id: UUID, body: PurchaseOrderReceive, uow: Uow, principal: Staff, settings: Settings
) -> PurchaseOrderRead:
    """Record a delivery: good units fill backorders first, then stock."""
    po = await receiving.receive(
        uow,
        po_id=po_id,
        body=body,
        principal=principal,
        at=settings.now(),
        threshold=settings.po_admin_approval_threshold,
        default_reorder_point=settings.default_reorder_point,
    )
    await uow.commit()
    return po
