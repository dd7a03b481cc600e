"""The seller service's errors (subclasses of the kit's tree, rendered as problem+json).

NotFound      SellerNotFound, StatementNotFound
Conflict      AlreadyApplied, ShopSlugTaken, IllegalTransition, DocumentsMissing, SellerNotActive
"""

from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class SellerNotFound(NotFound):
    """No such shop (or not the caller's: another seller's shop answers the same)."""


class AlreadyApplied(Conflict):
    """The user already has a shop that is pending, active or suspended."""

    slug, title = "already-applied", "Already applied"


class ShopSlugTaken(Conflict):
    """Another shop already uses that name's slug."""

    slug, title = "shop-slug-taken", "Shop name taken"


class IllegalTransition(Conflict):
    """The shop's status does not allow the action (e.g. suspending a pending shop)."""

    slug, title = "illegal-transition", "Illegal status transition"


class DocumentsMissing(Conflict):
    """Verification needs the business type's documents (KTP; or NIB and NPWP)."""

    slug, title = "documents-missing", "Documents missing"


class SellerNotActive(Conflict):
    """Only an active shop may do this (set a bank account after rejection, withdraw…)."""

    slug, title = "seller-not-active", "Seller not active"


class StatementNotFound(NotFound):
    """No statement of that week for the caller (no settlement, or not closed yet)."""
