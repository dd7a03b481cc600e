"""The cart's exceptions, subclasses of the kit's tree (mapped to problem+json once).

NotFound
 └── CartItemNotFound        a line that is not in the caller's cart
Conflict
 └── NotAvailable            409 naming the field: locked by grosir, out of stock, not for sale
Unprocessable                422 naming the field (kit)
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from api.kit.errors import Conflict, NotFound


class CartItemNotFound(NotFound):
    def __init__(self, item_id: UUID) -> None:
        super().__init__(f"Cart item {item_id} is not in your cart")


class NotAvailable(Conflict):
    slug = "not-available"
    title = "Not available"

    def __init__(self, detail: str, *, field: str, variant_id: UUID, **extra: Any) -> None:
        super().__init__(
            detail,
            errors=[{"field": field, "message": detail, "type": "availability"}],
            variant_id=str(variant_id),
            **extra,
        )
