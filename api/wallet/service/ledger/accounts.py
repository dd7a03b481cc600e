"""Which accounts exist and what they are called.

Every wallet has three accounts: ``available`` (withdrawable money), ``promotional`` (credit
granted by admins: spendable, never withdrawable) and ``held`` (set aside by holds). Together
``available + promotional`` is what a user sees as available; adding ``held`` gives the posted
balance. The platform's accounts are the other side of every movement.

Account ids are name-based UUIDs of the account code, so the ledger knows every account's id
without a lookup (the database still owns the rows, created with the wallet).
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from uuid import UUID, uuid5

# Fixed forever: every stored account id derives from it.
ACCOUNTS_NAMESPACE = UUID("6f0c8f2e-5d1a-4f7e-9a40-3c1d2b7e8a11")


class Part(StrEnum):
    """The three accounts of a wallet."""

    available = "available"
    promotional = "promotional"
    held = "held"


class Platform(StrEnum):
    """The platform's accounts (DOMAIN.md wallet), plus ``adjustments`` for admins' corrections."""

    settlements = "platform:settlements"
    refunds = "platform:refunds"
    ad_revenue = "platform:ad_revenue"
    payouts = "platform:payouts"
    promotions = "platform:promotions"
    checkout = "platform:checkout"
    adjustments = "platform:adjustments"


def account_id(code: str) -> UUID:
    """The id of the account called ``code``."""
    return uuid5(ACCOUNTS_NAMESPACE, code)


@lru_cache(maxsize=65_536)
def _wallet_account_id(wallet_id: UUID, part: Part) -> UUID:
    return account_id(wallet_account_code(wallet_id, part))


def wallet_account_code(wallet_id: UUID, part: Part) -> str:
    return f"wallet:{wallet_id}:{part.value}"


def wallet_account_id(wallet_id: UUID, part: Part) -> UUID:
    """The id of one of a wallet's three accounts (remembered: a SHA-1 per call adds up)."""
    return _wallet_account_id(wallet_id, part)


_PLATFORM = {platform: account_id(platform.value) for platform in Platform}


def platform_account_id(platform: Platform) -> UUID:
    return _PLATFORM[platform]


PLATFORM_IDS: frozenset[UUID] = frozenset(_PLATFORM.values())
