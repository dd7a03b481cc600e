"""Catalog events for the notification tests, built as their producers build them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from api.events.envelope import Envelope, build_envelope
from api.events.inventory import InventoryLowStock
from api.events.order import OrderDelivered, OrderShipped
from api.events.payment import PaymentPaid, RefundCompleted, SettlementCompleted
from api.events.purchase_order import PurchaseOrderApproved
from api.events.supplier import SupplierCreated
from api.events.ticket import TicketAssigned, TicketCreated, TicketResolved
from api.events.user import UserRegistered, UserRoleChanged
from api.events.wallet import WithdrawalCompleted


def envelope(payload: Any, aggregate_id: UUID, producer: str) -> Envelope:
    return build_envelope(payload, aggregate_id=aggregate_id, producer=producer)


def registered(
    user_id: UUID | None = None,
    *,
    email: str | None = None,
    phone: str | None = None,
    role: str = "customer",
    name: str = "Siti Rahma",
) -> Envelope:
    user_id = user_id or uuid4()
    payload = UserRegistered(
        user_id=user_id,
        email=email or f"siti.{user_id.hex[:8]}@example.id",
        phone=phone,
        full_name=name,
        role=role,  # type: ignore[arg-type]
        status="pending_verification",
        registered_at=datetime.now(UTC),
    )
    return envelope(payload, user_id, "auth")


def role_changed(user_id: UUID, new_role: str) -> Envelope:
    payload = UserRoleChanged(
        user_id=user_id,
        old_role="customer",
        new_role=new_role,  # type: ignore[arg-type]
        changed_by=None,
        changed_at=datetime.now(UTC),
    )
    return envelope(payload, user_id, "auth")


def paid(user_id: UUID, amount: int = 150_000) -> Envelope:
    payment_id = uuid4()
    payload = PaymentPaid(
        payment_id=payment_id,
        payment_number=f"PAY-20261124-{payment_id.hex[:5].upper()}",
        checkout_id=uuid4(),
        user_id=user_id,
        amount=amount,
        currency="IDR",
        invoice_id=f"inv-{payment_id.hex[:12]}",
        orders=[{"order_id": uuid4(), "seller_id": None, "total": amount}],  # type: ignore[list-item]
        gateway_fee=4_440,
        net_amount=amount - 4_440,
        method="virtual_account",
        channel="BCA",
        paid_at=datetime.now(UTC),
    )
    return envelope(payload, payment_id, "payment")


def today() -> date:
    return datetime.now(UTC).date()


def _now() -> datetime:
    return datetime.now(UTC)


def supplier_created(supplier_id: UUID, *, whatsapp: str | None = "+6281300001111") -> Envelope:
    payload = SupplierCreated(
        supplier_id=supplier_id,
        code="SUP-01",
        name="Konveksi Bandung",
        type="factory",
        status="active",
        payment_terms_days=30,
        lead_time_days=7,
        contact_name="Pak Dedi",
        whatsapp=whatsapp,
        email=None,
        created_at=_now(),
    )
    return envelope(payload, supplier_id, "supplier")


def order_fields(user_id: UUID) -> dict[str, Any]:
    order_id = uuid4()
    return {
        "order_id": order_id,
        "order_number": f"ORD-20261124-{order_id.hex[:5].upper()}",
        "checkout_id": uuid4(),
        "user_id": user_id,
        "seller_id": None,
        "fulfilment": "house",
    }


def payload_of_kind(kind: str, user_id: UUID, staff: UUID, supplier: UUID) -> Any:
    ticket = {
        "ticket_id": uuid4(),
        "ticket_number": "TKT-20261124-AB12C",
        "user_id": user_id,
        "order_id": None,
        "category": "order",
        "priority": "high",
    }
    return {
        "order_shipped": OrderShipped(
            **order_fields(user_id),
            shipment_id=uuid4(),
            courier="jne",
            tracking_number="JNE123",
            shipped_at=_now(),
        ),
        "order_delivered": OrderDelivered(
            **order_fields(user_id),
            shipment_id=uuid4(),
            delivered_at=_now(),
            return_window_ends_at=_now() + timedelta(days=7),
        ),
        "refund_completed": RefundCompleted(
            refund_id=uuid4(),
            refund_number="REF-20261124-AAAAA",
            payment_id=uuid4(),
            order_id=uuid4(),
            user_id=user_id,
            seller_id=None,
            amount=50_000,
            method="wallet",
            gateway_refund_id=None,
            completed_at=_now(),
        ),
        "settlement_completed": SettlementCompleted(
            settlement_id=uuid4(),
            settlement_number="STL-20261124-AAAAA",
            seller_id=user_id,
            period_start=date(2026, 11, 16),
            period_end=date(2026, 11, 22),
            gross=500_000,
            refunds=0,
            gateway_fees=4_440,
            commission=0,
            carried_over_in=0,
            net=495_560,
            payout=495_560,
            carried_over_out=0,
            currency="IDR",
            line_count=3,
            completed_at=_now(),
        ),
        "withdrawal_completed": WithdrawalCompleted(
            withdrawal_id=uuid4(),
            withdrawal_number="WDR-20261124-AAAAA",
            wallet_id=uuid4(),
            user_id=user_id,
            owner_type="seller",
            amount=100_000,
            currency="IDR",
            bank_code="BCA",
            account_number_last4="7890",
            transfer_reference="disb-1",
            completed_at=_now(),
        ),
        "low_stock": InventoryLowStock(
            variant_id=uuid4(),
            product_id=uuid4(),
            location_id=uuid4(),
            location_type="central",
            on_hand=3,
            reserved=0,
            available=3,
            backordered=0,
            alert_id=uuid4(),
            reorder_point=5,
            days_of_cover=None,
            source="realtime",
            detected_at=_now(),
        ),
        "purchase_order_approved": PurchaseOrderApproved(
            po_id=uuid4(),
            po_number="PO-20261124-AAAAA",
            supplier_id=supplier,
            location_id=uuid4(),
            lines=[],
            total_cost=12_000_000,
            currency="IDR",
            expected_date=date(2026, 12, 1),
            ordered_at=_now(),
            approved_by=staff,
            approved_at=_now(),
        ),
        "ticket_created": TicketCreated(
            **ticket,
            subject="Paket belum sampai",
            source="customer",
            first_response_due_at=_now(),
            resolution_due_at=_now(),
            created_at=_now(),
        ),
        "ticket_assigned": TicketAssigned(
            **ticket, agent_id=staff, previous_agent_id=None, assigned_by=None, assigned_at=_now()
        ),
        "ticket_resolved": TicketResolved(
            **ticket,
            resolved_by=staff,
            resolution="Paket sudah diterima.",
            first_response_breached=False,
            resolution_breached=False,
            resolved_at=_now(),
        ),
    }[kind]
