"""The wallet service's errors (subclasses of the kit's tree, so they render as problem+json).

NotFound        WalletNotFound, HoldNotFound, WithdrawalNotFound, PayoutAccountNotFound
Conflict        InsufficientBalance, IdempotencyKeyReused, HoldNotActive, HoldExpired,
                WithdrawalNotAllowed, NoPayoutAccount, PayoutAccountBlocked,
                NothingToWithdraw, ProfileUnknown
Forbidden       CallbackTokenRejected
ServiceUnavailable  ValidationPending
"""

from __future__ import annotations

from api.kit.errors import Conflict, Forbidden, NotFound, ServiceUnavailable


class WalletNotFound(NotFound):
    """No such wallet (or not the caller's: another user's wallet answers the same)."""


class HoldNotFound(NotFound):
    """No hold with that id."""


class WithdrawalNotFound(NotFound):
    """No withdrawal with that id for the caller."""


class PayoutAccountNotFound(NotFound):
    """The wallet owner has no payout account yet."""


class InsufficientBalance(Conflict):
    """The wallet cannot cover the amount; nothing was written."""

    slug, title = "insufficient-balance", "Insufficient balance"


class IdempotencyKeyReused(Conflict):
    """The key was used before for a different request."""

    slug, title = "idempotency-key-reused", "Idempotency key reused"


class HoldNotActive(Conflict):
    """The hold was captured, voided or expired already."""

    slug, title = "hold-not-active", "Hold no longer active"


class HoldExpired(Conflict):
    """The hold's time ran out; it can no longer be captured."""

    slug, title = "hold-expired", "Hold expired"


class WithdrawalNotAllowed(Conflict):
    """Only active sellers and verified buyers withdraw."""

    slug, title = "withdrawal-not-allowed", "Withdrawal not allowed"


class NoPayoutAccount(Conflict):
    """Withdrawals go only to a validated payout account, and there is none."""

    slug, title = "no-payout-account", "No validated payout account"


class PayoutAccountBlocked(Conflict):
    """The payout account was replaced recently; withdrawals wait (a fraud guard)."""

    slug, title = "payout-account-blocked", "Payout account recently changed"


class NothingToWithdraw(Conflict):
    """The withdrawable balance is below the minimum withdrawal."""

    slug, title = "nothing-to-withdraw", "Nothing to withdraw"


class ProfileUnknown(Conflict):
    """The wallet has not learned the user's registered name yet (from auth's events)."""

    slug, title = "profile-unknown", "Profile not known yet"


class CallbackTokenRejected(Forbidden):
    """The webhook did not carry our Xendit callback token."""


class ValidationPending(ServiceUnavailable):
    """The bank has not answered the account check yet; retry shortly."""

    slug, title = "validation-pending", "Bank account check pending"
