"""The order service's exceptions, subclasses of the kit's tree (mapped to problem+json once).

NotFound
 └── OrderNotFound               an order that does not exist (or is not the caller's)
Conflict
 ├── IllegalTransition           the status machine forbids the move (409)
 ├── OutOfStock                  the warehouse could not reserve a variant (409 naming it)
 ├── PriceChanged                a cart price moved since the buyer saw it (409 naming the items)
 ├── ItemUnavailable             a cart line cannot be bought now (409 naming the item)
 ├── IdempotencyKeyReused        the same key with a different body
 ├── CheckoutInProgress          the same key is being processed right now
 ├── TooManyUnpaidCheckouts      the buyer already holds the most unpaid checkouts allowed
 └── WalletShort                 the wallet cannot hold ``wallet_amount`` (409 naming it)
Unprocessable                    422 naming the field (kit)
UpstreamError / ServiceUnavailable  a dependency failed (the saga compensated)
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.kit.errors import Conflict, NotFound, ServiceUnavailable


class OrderNotFound(NotFound):
    def __init__(self, order_id: UUID) -> None:
        super().__init__(f"Order {order_id} does not exist")


class IllegalTransition(Conflict):
    slug, title = "illegal-transition", "Illegal status transition"

    def __init__(self, current: str, target: str) -> None:
        super().__init__(
            f"An order cannot go from {current} to {target}",
            current_status=str(current),
            requested_status=str(target),
        )


class OutOfStock(Conflict):
    slug, title = "insufficient-stock", "Insufficient stock"

    def __init__(self, detail: str, *, variant_id: str | None, **extra: Any) -> None:
        super().__init__(
            detail,
            errors=[{"field": "variant_id", "message": "insufficient stock", "value": variant_id}],
            variant_id=variant_id,
            **extra,
        )


class PriceChanged(Conflict):
    slug, title = "price-changed", "Price changed"

    def __init__(self, changes: list[dict[str, Any]]) -> None:
        super().__init__(
            "Prices changed since these items were added; accept the new prices in the cart "
            "(POST /api/cart/items/{id}/accept-price) and check out again",
            errors=changes,
        )


class ItemUnavailable(Conflict):
    slug, title = "item-unavailable", "Item unavailable"

    def __init__(self, detail: str, *, field: str, **extra: Any) -> None:
        super().__init__(
            detail, errors=[{"field": field, "message": detail, "type": "availability"}], **extra
        )


class IdempotencyKeyReused(Conflict):
    slug, title = "idempotency-key-reused", "Idempotency key reused"

    def __init__(self) -> None:
        super().__init__(
            "This Idempotency-Key was used for a different checkout request",
            errors=[{"field": "Idempotency-Key", "message": "reused with a different body"}],
        )


class CheckoutInProgress(Conflict):
    slug, title = "checkout-in-progress", "Checkout in progress"

    def __init__(self) -> None:
        super().__init__(
            "A checkout with this Idempotency-Key is being processed; retry shortly",
            headers={"Retry-After": "1"},
        )


class TooManyUnpaidCheckouts(Conflict):
    slug, title = "too-many-unpaid-checkouts", "Too many unpaid checkouts"

    def __init__(self, *, limit: int, checkout_ids: list[UUID]) -> None:
        super().__init__(
            f"You already have {len(checkout_ids)} unpaid checkouts (at most {limit} at once); "
            "pay or cancel one of them, or let it expire, before checking out again. "
            "Nothing was reserved",
            limit=limit,
            unpaid_checkout_ids=[str(c) for c in checkout_ids],
        )


class PaymentUnavailable(ServiceUnavailable):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The payment could not be created ({detail}); your stock reservation was released "
            "and nothing was charged"
        )


class WalletShort(Conflict):
    slug, title = "insufficient-wallet-balance", "Insufficient wallet balance"

    def __init__(self, detail: str, *, wallet_amount: int, available: int | None) -> None:
        super().__init__(
            f"{detail}; nothing was reserved or held",
            errors=[{"field": "wallet_amount", "message": detail, "value": wallet_amount}],
            available=available,
        )


class WalletUnavailable(ServiceUnavailable):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The wallet could not hold the amount ({detail}); nothing was reserved or charged"
        )
