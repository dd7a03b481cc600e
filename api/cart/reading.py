"""Reading a cart: lines refreshed against today's prices, split into cart and saved-for-later."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from api.cart.clients import Catalog
from api.cart.models import Cart, CartItem
from api.cart.schemas import CartItemRead, CartRead
from api.cart.service import GONE_MESSAGE, cart_of, items_of
from api.kit.errors import LakooError
from api.kit.logging import get_logger
from api.kit.uow import UnitOfWork

log = get_logger(__name__)


async def refresh_prices(catalog: Catalog, lines: list[CartItem]) -> None:
    """Learn each line's current price (and whether it is still sold) from the product service.

    A product service that cannot answer leaves the last known prices: a cart must stay readable
    while a dependency is down, and checkout re-checks every price on the server anyway.
    """
    if not lines:
        return
    try:
        offers = await catalog.offers([line.variant_id for line in lines])
    except LakooError as exc:
        log.warning("cart prices not refreshed", extra={"error": exc.detail})
        return
    for line in lines:
        offer = offers.get(line.variant_id)
        price = offer.price_for(line.brand_id) if offer and offer.status == "active" else None
        if price is None:
            line.available, line.unavailable_reason = False, GONE_MESSAGE
            continue
        line.current_price = price
        if line.unavailable_reason == GONE_MESSAGE:
            line.available, line.unavailable_reason = True, None


def _read(line: CartItem) -> CartItemRead:
    return CartItemRead(
        id=line.id,
        variant_id=line.variant_id,
        product_id=line.product_id,
        brand_id=line.brand_id,
        seller_id=line.seller_id,
        sku=line.sku,
        name=line.name,
        size=line.size,
        color=line.color,
        quantity=line.quantity,
        unit_price=line.unit_price,
        current_price=line.current_price,
        price_changed=line.price_changed,
        available=line.available,
        unavailable_reason=line.unavailable_reason,
        saved_for_later=line.saved_for_later,
        line_total=line.unit_price * line.quantity,
        added_at=line.added_at,
    )


async def cart_view(uow: UnitOfWork, cart: Cart) -> CartRead:
    """The cart as stored (no upstream calls)."""
    lines = await items_of(uow, cart)
    active = [_read(line) for line in lines if not line.saved_for_later]
    return CartRead(
        id=cart.id,
        user_id=cart.user_id,
        items=active,
        saved_for_later=[_read(line) for line in lines if line.saved_for_later],
        total=sum(item.line_total for item in active if item.available),
        price_changed=any(item.price_changed for item in active),
        all_available=all(item.available for item in active),
    )


async def read_cart(
    uow: UnitOfWork, *, catalog: Catalog | None, user_id: UUID, now: datetime
) -> CartRead:
    """The user's cart (created on first read), prices refreshed when a catalog is given."""
    cart = await cart_of(uow, user_id=user_id, now=now)
    if catalog is not None:
        await refresh_prices(catalog, await items_of(uow, cart))
        await uow.session.flush()
    return await cart_view(uow, cart)
