"""The product service's exceptions (all rendered as problem+json by the kit).

NotFound ── ProductNotFound, CategoryNotFound, VariantNotFound
Conflict ── DuplicateSku, DuplicateVariant, IllegalTransition
Unprocessable ── (raised with the offending field named)
"""

from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class ProductNotFound(NotFound):
    """No such product (or it is not visible to the caller)."""


class CategoryNotFound(NotFound):
    """No such category."""


class VariantNotFound(NotFound):
    """No such variant on this product."""


class DuplicateSku(Conflict):
    """A SKU is already used by another variant."""


class DuplicateVariant(Conflict):
    """The product already has a variant with that size and colour."""


class IllegalTransition(Conflict):
    """The product's status cannot move to the requested one."""
