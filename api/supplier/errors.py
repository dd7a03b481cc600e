"""The supplier service's exceptions (rendered as problem+json by the kit).

NotFound ── SupplierNotFound, CatalogueEntryNotFound
Conflict ── DuplicateCode (names ``code``)
Forbidden ── AdminOnly
Unprocessable ── the kit's, naming the field (bad bundles, costs, lead times, periods)
"""

from __future__ import annotations

from uuid import UUID

from api.kit.errors import Conflict, Forbidden, NotFound


class SupplierNotFound(NotFound):
    """No such supplier."""

    def __init__(self, supplier_id: UUID) -> None:
        super().__init__(f"Supplier {supplier_id} does not exist")


class CatalogueEntryNotFound(NotFound):
    """The supplier does not offer that product."""

    def __init__(self, supplier_id: UUID, product_id: UUID) -> None:
        super().__init__(f"Supplier {supplier_id} offers no product {product_id}")


class DuplicateCode(Conflict):
    """Supplier codes are unique."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"A supplier with code {code} exists",
            errors=[{"field": "code", "message": "already taken", "type": "conflict"}],
        )


class AdminOnly(Forbidden):
    """Blocking a supplier (or lifting a block) is an admin's decision."""
