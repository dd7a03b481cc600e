"""Who may change a product: admins anything, brand managers house products, sellers their own.

Cost prices of house products are the admins' alone. A brand price must keep the brand's
minimum margin over the variant's cost, so whoever prices in brands (brand managers) must not be
able to lower the cost under it; and a house cost is at least Rp 1 (a cost of 0 would let any
price pass the rule). A brand manager may create a house product without costs: it cannot be
priced in a brand until an admin sets them. A seller's cost is its own private figure.
"""

from __future__ import annotations

from uuid import UUID

from api.kit.auth import Principal, Role, ensure_owner
from api.kit.errors import Forbidden, Unprocessable
from api.kit.uow import UnitOfWork
from api.product.models import Product
from api.product.service.readmodels import seller_suspended

# Roles that create products and which seller the product then belongs to.
AUTHOR_ROLES = frozenset({Role.admin, Role.brand_manager, Role.seller})


def owner_for_new_product(principal: Principal) -> UUID | None:
    """The ``seller_id`` of a product ``principal`` creates: None for house products."""
    if principal.role is Role.seller:
        return principal.user_id
    if principal.role in (Role.admin, Role.brand_manager):
        return None
    raise Forbidden("Only admins, brand managers and sellers create products")


async def ensure_may_list(uow: UnitOfWork, seller_id: UUID) -> None:
    """403 when the seller is suspended: it lists nothing new until reinstated. (Only verified
    sellers hold the seller role at all; the standing comes from seller events.)"""
    if await seller_suspended(uow, seller_id):
        raise Forbidden("Your shop is suspended: it cannot list products")


def ensure_can_edit(principal: Principal, product: Product) -> None:
    """403 unless ``principal`` may change ``product``."""
    if principal.is_admin:
        return
    if principal.role is Role.brand_manager and product.seller_id is None:
        return
    if principal.role is Role.seller:
        ensure_owner(principal, product.seller_id, what="product")
        return
    raise Forbidden("You may not change this product")


def can_see_private(principal: Principal | None, product: Product) -> bool:
    """Whether ``principal`` sees a non-active product and cost prices (owner or staff)."""
    if principal is None:
        return False
    if principal.is_admin:
        return True
    if principal.role is Role.brand_manager:
        return product.seller_id is None
    return principal.role is Role.seller and product.seller_id == principal.user_id


def check_cost(principal: Principal, *, house: bool, cost: int | None, field: str) -> None:
    """403 / 422 naming ``field`` unless ``principal`` may set a variant's cost to ``cost``."""
    if cost is None or not house:
        return
    if not principal.is_admin:
        raise Forbidden(
            "Only admins set the cost price of house products",
            errors=[{"field": field, "message": "admins only", "type": "forbidden"}],
        )
    if cost < 1:
        raise Unprocessable("A house product's cost price is at least Rp 1", field=field)
