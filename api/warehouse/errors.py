"""The warehouse's exceptions, all subclasses of the kit's tree (mapped to problem+json once).

NotFound
 ├── VariantNotFound             a variant outside the warehouse's registry
 ├── PurchaseOrderNotFound
 └── AlertNotFound
Conflict
 ├── InsufficientStock           409 naming the variant (and what can be had)
 ├── IllegalTransition           a PO/reservation state that forbids the action
 └── CheckoutMismatch            same checkout id, different items
Unprocessable                    422 naming the field (kit)
"""

from __future__ import annotations

from uuid import UUID

from api.kit.errors import Conflict, NotFound


class VariantNotFound(NotFound):
    def __init__(self, variant_id: UUID) -> None:
        super().__init__(
            f"Variant {variant_id} is not stocked by the warehouse", variant_id=str(variant_id)
        )


class PurchaseOrderNotFound(NotFound):
    def __init__(self, po_id: UUID) -> None:
        super().__init__(f"Purchase order {po_id} does not exist")


class AlertNotFound(NotFound):
    def __init__(self, alert_id: UUID) -> None:
        super().__init__(f"Stock alert {alert_id} does not exist")


class InsufficientStock(Conflict):
    slug = "insufficient-stock"
    title = "Insufficient stock"

    def __init__(self, variant_id: UUID, *, requested: int, max_orderable: int) -> None:
        super().__init__(
            f"Variant {variant_id}: {requested} requested, at most {max_orderable} can be ordered",
            variant_id=str(variant_id),
            requested=requested,
            max_orderable=max_orderable,
            errors=[
                {"field": "variant_id", "message": "insufficient stock", "value": str(variant_id)}
            ],
        )


class IllegalTransition(Conflict):
    slug = "illegal-transition"
    title = "Illegal state transition"


class CheckoutMismatch(Conflict):
    def __init__(self, checkout_id: UUID) -> None:
        super().__init__(
            f"Checkout {checkout_id} was already reserved with different items",
            errors=[{"field": "checkout_id", "message": "reused with different items"}],
        )
