"""Cart operations: keyword-only, each inside the caller's unit of work, never committing.

Every write locks the user's cart row first, so two tabs adding at once cannot both create a
line for the same variant or lose a quantity.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.cart.clients import Catalog, Offer
from api.cart.errors import CartItemNotFound, NotAvailable
from api.cart.models import Cart, CartItem
from api.cart.schemas import CartItemCreate, CartItemUpdate
from api.events import CartCleared, CartItemAdded, CartItemRemoved
from api.events.values import CartItemSnapshot
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork

LOCKED_MESSAGE = "Temporarily unavailable: this size is held back until its grosir bundle fills up"
GONE_MESSAGE = "No longer sold"


async def cart_of(uow: UnitOfWork, *, user_id: UUID, now: datetime, lock: bool = True) -> Cart:
    """The user's cart, created on first use; locked for update unless ``lock`` is false."""
    await uow.session.execute(
        insert(Cart)
        .values(id=uuid4(), user_id=user_id, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["user_id"])
    )
    query = select(Cart).where(Cart.user_id == user_id)
    cart = await uow.session.scalar(query.with_for_update() if lock else query)
    assert cart is not None
    return cart


async def items_of(uow: UnitOfWork, cart: Cart) -> list[CartItem]:
    """The cart's lines, oldest first."""
    rows = await uow.session.scalars(
        select(CartItem).where(CartItem.cart_id == cart.id).order_by(CartItem.added_at, CartItem.id)
    )
    return list(rows)


def validate_offer(offer: Offer | None, *, variant_id: UUID, brand_id: UUID | None) -> int:
    """The price of (brand, variant) if it can be bought; else the error naming the field."""
    if offer is None:
        raise Unprocessable(f"Variant {variant_id} does not exist", field="variant_id")
    if offer.status != "active":
        raise NotAvailable(
            f"Variant {variant_id} is not for sale", field="variant_id", variant_id=variant_id
        )
    if offer.is_house and brand_id is None:
        raise Unprocessable("A house item is bought under a brand: give brand_id", field="brand_id")
    if not offer.is_house and brand_id is not None:
        raise Unprocessable("A seller's item is not sold under a house brand", field="brand_id")
    price = offer.price_for(brand_id)
    if price is None:
        raise Unprocessable(f"Brand {brand_id} does not sell this variant", field="brand_id")
    return price


async def ensure_orderable(catalog: Catalog, *, variant_id: UUID, quantity: int) -> None:
    """409 naming the field unless the warehouse can supply ``quantity`` (stock or grosir room)."""
    room = await catalog.availability(variant_id)
    if room is None:
        raise NotAvailable(
            f"Variant {variant_id} is not stocked", field="variant_id", variant_id=variant_id
        )
    if room.max_orderable <= 0:
        detail = LOCKED_MESSAGE if room.locked else f"Variant {variant_id} is out of stock"
        raise NotAvailable(detail, field="variant_id", variant_id=variant_id, locked=room.locked)
    if quantity > room.max_orderable:
        raise NotAvailable(
            f"Only {room.max_orderable} of variant {variant_id} can be ordered",
            field="quantity",
            variant_id=variant_id,
            max_orderable=room.max_orderable,
        )


async def add_item(
    uow: UnitOfWork,
    *,
    catalog: Catalog,
    user_id: UUID,
    body: CartItemCreate,
    now: datetime,
    max_quantity: int,
) -> Cart:
    """Put (brand, variant) in the cart, or raise its quantity; the snapshot takes today's price."""
    offers = await catalog.offers([body.variant_id])
    offer = offers.get(body.variant_id)
    price = validate_offer(offer, variant_id=body.variant_id, brand_id=body.brand_id)
    assert offer is not None
    cart = await cart_of(uow, user_id=user_id, now=now)
    line = await uow.session.scalar(
        select(CartItem).where(
            CartItem.cart_id == cart.id,
            CartItem.variant_id == body.variant_id,
            CartItem.brand_id.is_(None)
            if body.brand_id is None
            else CartItem.brand_id == body.brand_id,
        )
    )
    quantity = body.quantity + (line.quantity if line and not line.saved_for_later else 0)
    if quantity > max_quantity:
        raise Unprocessable(f"At most {max_quantity} of one item per cart", field="quantity")
    await ensure_orderable(catalog, variant_id=body.variant_id, quantity=quantity)
    if line is None:
        line = CartItem(
            id=uuid4(),
            cart_id=cart.id,
            variant_id=offer.variant_id,
            product_id=offer.product_id,
            brand_id=body.brand_id,
            seller_id=offer.seller_id,
            added_at=now,
        )
        uow.session.add(line)
    # Adding is seeing: the buyer saw today's price, so the snapshot (re)takes it.
    line.sku, line.name, line.size, line.color = offer.sku, offer.name, offer.size, offer.color
    line.quantity, line.unit_price, line.current_price = quantity, price, price
    line.available, line.unavailable_reason, line.saved_for_later = True, None, False
    line.updated_at = cart.updated_at = now
    await uow.session.flush()
    await uow.outbox.add(
        CartItemAdded(cart_id=cart.id, user_id=user_id, item=snapshot(line), added_at=now),
        aggregate_id=cart.id,
    )
    return cart


async def _line(uow: UnitOfWork, cart: Cart, item_id: UUID) -> CartItem:
    line = await uow.session.get(CartItem, item_id)
    if line is None or line.cart_id != cart.id:
        raise CartItemNotFound(item_id)
    return line


async def update_item(
    uow: UnitOfWork,
    *,
    catalog: Catalog,
    user_id: UUID,
    item_id: UUID,
    body: CartItemUpdate,
    now: datetime,
) -> Cart:
    """Change a line's quantity and/or move it to or from saved-for-later."""
    cart = await cart_of(uow, user_id=user_id, now=now)
    line = await _line(uow, cart, item_id)
    if body.saved_for_later is not None:
        line.saved_for_later = body.saved_for_later
    if body.quantity is not None:
        line.quantity = body.quantity
    if not line.saved_for_later and body.quantity is not None:
        await ensure_orderable(catalog, variant_id=line.variant_id, quantity=line.quantity)
    line.updated_at = cart.updated_at = now
    return cart


async def accept_price(
    uow: UnitOfWork, *, catalog: Catalog, user_id: UUID, item_id: UUID, now: datetime
) -> Cart:
    """The buyer accepts a line's current price: it becomes the snapshot checkout honours."""
    cart = await cart_of(uow, user_id=user_id, now=now)
    line = await _line(uow, cart, item_id)
    offer = (await catalog.offers([line.variant_id])).get(line.variant_id)
    price = validate_offer(offer, variant_id=line.variant_id, brand_id=line.brand_id)
    line.unit_price = line.current_price = price
    line.updated_at = cart.updated_at = now
    return cart


async def remove_item(uow: UnitOfWork, *, user_id: UUID, item_id: UUID, now: datetime) -> Cart:
    """Take a line out of the cart."""
    cart = await cart_of(uow, user_id=user_id, now=now)
    line = await _line(uow, cart, item_id)
    await _remove(uow, cart, line, reason="user", now=now)
    cart.updated_at = now
    return cart


async def _remove(
    uow: UnitOfWork, cart: Cart, line: CartItem, *, reason: str, now: datetime
) -> None:
    await uow.session.delete(line)
    await uow.outbox.add(
        CartItemRemoved(
            cart_id=cart.id,
            user_id=cart.user_id,
            cart_item_id=line.id,
            variant_id=line.variant_id,
            quantity=line.quantity,
            reason="product_deleted" if reason == "product_deleted" else "user",
            removed_at=now,
        ),
        aggregate_id=cart.id,
    )


async def clear(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    now: datetime,
    checkout_id: UUID | None = None,
    item_ids: list[UUID] | None = None,
) -> Cart:
    """Empty the cart (saved-for-later stays); a checkout removes only the lines it bought."""
    cart = await cart_of(uow, user_id=user_id, now=now)
    lines = [
        line
        for line in await items_of(uow, cart)
        if not line.saved_for_later and (item_ids is None or line.id in item_ids)
    ]
    for line in lines:
        await uow.session.delete(line)
    if lines:
        await uow.outbox.add(
            CartCleared(
                cart_id=cart.id,
                user_id=user_id,
                item_count=len(lines),
                reason="checkout" if checkout_id else "user",
                checkout_id=checkout_id,
                cleared_at=now,
            ),
            aggregate_id=cart.id,
        )
    cart.updated_at = now
    return cart


async def set_variant_lock(
    uow: UnitOfWork, *, variant_id: UUID, locked: bool, now: datetime
) -> int:
    """Mark every line of ``variant_id`` (un)available because of its grosir lock; returns count."""
    lines = await uow.session.scalars(select(CartItem).where(CartItem.variant_id == variant_id))
    changed = 0
    for line in lines:
        if locked:
            line.available, line.unavailable_reason = False, LOCKED_MESSAGE
        elif line.unavailable_reason == LOCKED_MESSAGE:
            line.available, line.unavailable_reason = True, None
        else:
            continue
        line.updated_at = now
        changed += 1
    return changed


async def remove_variants(uow: UnitOfWork, *, variant_ids: list[UUID], now: datetime) -> int:
    """Remove the lines of deleted variants from every cart; returns how many went."""
    lines = list(
        await uow.session.scalars(
            select(CartItem).where(CartItem.variant_id.in_(variant_ids)).order_by(CartItem.cart_id)
        )
    )
    carts = {
        c.id: c
        for c in await uow.session.scalars(
            select(Cart)
            .where(Cart.id.in_({line.cart_id for line in lines}))
            .order_by(Cart.id)
            .with_for_update()
        )
    }
    for line in lines:
        await _remove(uow, carts[line.cart_id], line, reason="product_deleted", now=now)
    return len(lines)


def snapshot(line: CartItem) -> CartItemSnapshot:
    """A line as events carry it."""
    return CartItemSnapshot(
        cart_item_id=line.id,
        product_id=line.product_id,
        variant_id=line.variant_id,
        brand_id=line.brand_id,
        seller_id=line.seller_id,
        quantity=line.quantity,
        unit_price=line.unit_price,
    )
