"""The cart's routes: the caller's cart (``/api/cart``) and the order service's view of it.

Every public route acts on the caller's own cart only: a cart is found by the caller's user id,
never by an id from the path, so no ownership check can be forgotten.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from api.cart import service
from api.cart.clients import Catalog
from api.cart.reading import cart_view, read_cart
from api.cart.schemas import CartItemCreate, CartItemUpdate, CartRead, CheckoutClear
from api.kit.access import owner
from api.kit.auth import CurrentPrincipal, InternalCall
from api.kit.deps import Uow, app_state

router = APIRouter(tags=["cart"])
internal_router = APIRouter(tags=["cart (internal)"], dependencies=[InternalCall])


def _max_quantity(request: Request) -> int:
    return int(request.app.state.settings.max_quantity_per_item)


CatalogDep = Annotated[Catalog, Depends(app_state("catalog"))]
MaxQuantity = Annotated[int, Depends(_max_quantity)]


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/api/cart")
@owner("the caller's own cart")
async def get_cart(uow: Uow, principal: CurrentPrincipal, catalog: CatalogDep) -> CartRead:
    """The caller's cart with today's prices; ``price_changed`` flags lines whose price moved."""
    view = await read_cart(uow, catalog=catalog, user_id=principal.user_id, now=_now())
    # A read that commits: the cart is created on first use (its id must stay stable) and
    # remembers the latest prices it learnt.
    await uow.commit()
    return view


@router.post("/api/cart/items", status_code=201)
@owner("the caller's own cart")
async def add_item(
    body: CartItemCreate,
    uow: Uow,
    principal: CurrentPrincipal,
    catalog: CatalogDep,
    max_quantity: MaxQuantity,
) -> CartRead:
    """Add (brand, variant) × quantity, checked against the catalogue and grosir availability."""
    cart = await service.add_item(
        uow,
        catalog=catalog,
        user_id=principal.user_id,
        body=body,
        now=_now(),
        max_quantity=max_quantity,
    )
    view = await cart_view(uow, cart)
    await uow.commit()
    return view


@router.patch("/api/cart/items/{item_id}")
@owner("a line of the caller's own cart (another cart's line is 404)")
async def update_item(
    item_id: UUID,
    body: CartItemUpdate,
    uow: Uow,
    principal: CurrentPrincipal,
    catalog: CatalogDep,
) -> CartRead:
    """Change a line's quantity, or move it to (or back from) saved-for-later."""
    cart = await service.update_item(
        uow, catalog=catalog, user_id=principal.user_id, item_id=item_id, body=body, now=_now()
    )
    view = await cart_view(uow, cart)
    await uow.commit()
    return view


@router.post("/api/cart/items/{item_id}/accept-price")
@owner("a line of the caller's own cart (another cart's line is 404)")
async def accept_price(
    item_id: UUID, uow: Uow, principal: CurrentPrincipal, catalog: CatalogDep
) -> CartRead:
    """Accept a changed price: the line's snapshot becomes today's price (checkout needs it)."""
    cart = await service.accept_price(
        uow, catalog=catalog, user_id=principal.user_id, item_id=item_id, now=_now()
    )
    view = await cart_view(uow, cart)
    await uow.commit()
    return view


@router.delete("/api/cart/items/{item_id}")
@owner("a line of the caller's own cart (another cart's line is 404)")
async def remove_item(item_id: UUID, uow: Uow, principal: CurrentPrincipal) -> CartRead:
    """Take a line out of the cart."""
    cart = await service.remove_item(uow, user_id=principal.user_id, item_id=item_id, now=_now())
    view = await cart_view(uow, cart)
    await uow.commit()
    return view


@router.delete("/api/cart")
@owner("the caller's own cart")
async def clear_cart(uow: Uow, principal: CurrentPrincipal) -> CartRead:
    """Empty the cart (saved-for-later lines stay)."""
    cart = await service.clear(uow, user_id=principal.user_id, now=_now())
    view = await cart_view(uow, cart)
    await uow.commit()
    return view


@internal_router.get("/internal/carts/{user_id}")
@owner("the cart of the user named in the path (the order service's checkout)")
async def cart_for_checkout(user_id: UUID, uow: Uow) -> CartRead:
    """A user's cart as stored: the snapshot prices the buyer agreed to (order service)."""
    cart = await service.cart_of(uow, user_id=user_id, now=_now())
    view = await cart_view(uow, cart)
    await uow.commit()
    return view


@internal_router.post("/internal/carts/{user_id}/checkout")
@owner("the cart of the user named in the path (the order service's checkout)")
async def checked_out(user_id: UUID, body: CheckoutClear, uow: Uow) -> CartRead:
    """A checkout bought these lines: they leave the cart (``cart.cleared``, reason checkout)."""
    cart = await service.clear(
        uow, user_id=user_id, now=_now(), checkout_id=body.checkout_id, item_ids=body.item_ids
    )
    view = await cart_view(uow, cart)
    await uow.commit()
    return view
