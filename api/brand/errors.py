"""The brand service's exceptions (rendered as problem+json by the kit).

NotFound ── BrandNotFound, BrandProductNotFound, UnknownVariant
Forbidden ── NotBrandManager
Unprocessable ── BelowMinimumMargin (names ``price``), NotAHouseProduct
"""

from __future__ import annotations

from api.kit.errors import Forbidden, NotFound, Unprocessable


class BrandNotFound(NotFound):
    """No such brand."""


class BrandProductNotFound(NotFound):
    """The brand does not sell that variant."""


class UnknownVariant(NotFound):
    """The product service knows no such (live) variant."""


class NotBrandManager(Forbidden):
    """The caller does not manage this brand."""


class BelowMinimumMargin(Unprocessable):
    """A brand price that would not keep the brand's minimum margin over cost."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="price")


class NotAHouseProduct(Unprocessable):
    """Only LAKOO's own products are sold under house brands."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="variant_id")
