"""The checkout's final transaction: write the orders, their items, history and events."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import select

from api.events import OrderCreated
from api.events.values import OrderItemSnapshot
from api.kit.numbering import next_numbers
from api.kit.uow import UnitOfWork
from api.order.errors import CheckoutInProgress
from api.order.models import Checkout, Order, OrderItem, StatusChange, order_numbers
from api.order.schemas import CheckoutOrderRead, CheckoutPaymentRead, CheckoutRead
from api.order.service.wallet_share import shares
from api.order.statemachine import Status
from api.order.upstream.money import PaymentInfo

if TYPE_CHECKING:
    from api.order.service.checkout import Plan


def item_snapshot(item: OrderItem) -> OrderItemSnapshot:
    """An order line as events carry it."""
    return OrderItemSnapshot(
        order_item_id=item.id,
        product_id=item.product_id,
        variant_id=item.variant_id,
        sku=item.sku,
        name=item.name,
        size=item.size,
        color=item.color,
        brand_id=item.brand_id,
        seller_id=item.seller_id,
        unit_price=item.unit_price,
        quantity=item.quantity,
        line_total=item.line_total,
        weight_grams=item.weight_grams,
    )


async def place_orders(
    uow: UnitOfWork,
    *,
    checkout_id: UUID,
    plan: Plan,
    payment: PaymentInfo,
    now: datetime,
    wallet: tuple[int, UUID | None] = (0, None),
) -> tuple[CheckoutRead, bool]:
    """Write the checkout's orders once (a concurrent duplicate finds them written);
    ``wallet``: the share held in the buyer's wallet and its hold."""
    checkout = await uow.session.scalar(
        select(Checkout).where(Checkout.id == checkout_id).with_for_update()
    )
    if checkout is None:  # its claim was undone by a failing duplicate
        raise CheckoutInProgress()
    if checkout.status == "completed" and checkout.response is not None:
        return CheckoutRead.model_validate(checkout.response), True
    numbers = await next_numbers(uow.session, order_numbers, "ORD", now, len(plan.orders))
    address = plan.address.model_dump(mode="json")
    orders: list[tuple[Order, list[OrderItem]]] = []
    wallet_amount, hold_id = wallet
    from_wallet = shares(wallet_amount, [p.subtotal + r.price for p, r in plan.orders])
    for (planned, rate), number, share in zip(plan.orders, numbers, from_wallet, strict=True):
        order = Order(
            id=planned.order_id,
            number=number,
            checkout_id=checkout_id,
            user_id=checkout.user_id,
            seller_id=planned.seller_id,
            fulfilment=planned.fulfilment,
            status=Status.pending_payment,
            subtotal=planned.subtotal,
            shipping_cost=rate.price,
            total=planned.subtotal + rate.price,
            wallet_amount=share,
            courier=rate.courier,
            courier_service=rate.service,
            weight_grams=planned.weight_grams,
            shipping_address=address,
            payment_id=payment.id,
            payment_due_at=payment.expires_at,
            refund_status="none",
            refund_amount=0,
            created_at=now,
            updated_at=now,
        )
        items = [
            OrderItem(
                id=planned.order_item_id(line),
                order_id=planned.order_id,
                product_id=line.offer.product_id,
                variant_id=line.offer.variant_id,
                sku=line.offer.sku,
                name=line.offer.name,
                size=line.offer.size,
                color=line.offer.color,
                brand_id=line.line.brand_id,
                seller_id=line.offer.seller_id,
                unit_price=line.unit_price,
                quantity=line.line.quantity,
                line_total=line.line_total,
                weight_grams=line.offer.weight_grams,
            )
            for line in planned.lines
        ]
        orders.append((order, items))
    uow.session.add_all(order for order, _ in orders)
    await uow.session.flush()
    for order, items in orders:
        uow.session.add_all(items)
        uow.session.add(
            StatusChange(
                order_id=order.id,
                from_status=None,
                status=Status.pending_payment,
                reason="checkout",
                actor_id=checkout.user_id,
                at=now,
            )
        )
    await uow.session.flush()
    await uow.outbox.add_all(
        (_created(order, items, plan, now), order.id) for order, items in orders
    )
    answer = CheckoutRead(
        id=checkout_id,
        total=sum(order.total for order, _ in orders),
        wallet_amount=wallet_amount,
        orders=[
            CheckoutOrderRead(
                id=o.id,
                number=o.number,
                status=o.status,
                seller_id=o.seller_id,
                fulfilment=o.fulfilment,
                subtotal=o.subtotal,
                shipping_cost=o.shipping_cost,
                total=o.total,
            )
            for o, _ in orders
        ],
        payment=CheckoutPaymentRead(
            id=payment.id,
            number=payment.number,
            invoice_id=payment.invoice_id,
            invoice_url=payment.invoice_url,
            amount=payment.amount,
            status=payment.status,
            expires_at=payment.expires_at,
        ),
    )
    checkout.status, checkout.payment_id, checkout.total = "completed", payment.id, answer.total
    if hold_id is not None:
        checkout.wallet_amount, checkout.wallet_hold_id = wallet_amount, hold_id
        # a payment the wallet covers entirely is paid already
        checkout.wallet_hold_status = "capture_due" if payment.status == "paid" else "active"
    checkout.response, checkout.updated_at = answer.model_dump(mode="json"), now
    return answer, False


def _created(order: Order, items: list[OrderItem], plan: Plan, now: datetime) -> OrderCreated:
    return OrderCreated(
        order_id=order.id,
        order_number=order.number,
        checkout_id=order.checkout_id,
        user_id=order.user_id,
        seller_id=order.seller_id,
        fulfilment="house" if order.seller_id is None else "seller",
        items=[item_snapshot(item) for item in items],
        brand_ids=sorted({i.brand_id for i in items if i.brand_id is not None}, key=str),
        subtotal=order.subtotal,
        shipping_cost=order.shipping_cost,
        total=order.total,
        currency="IDR",
        shipping_address=plan.address,
        payment_due_at=order.payment_due_at,
        created_at=now,
    )
