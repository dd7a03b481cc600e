"""Auth's exceptions, on the kit's tree (rendered as problem+json by the kit).

Unauthorized
 ├── InvalidCredentials      wrong email or password (one message for both)
 └── InvalidRefreshToken     unknown, expired, revoked or reused refresh token
Conflict
 └── EmailTaken              only `lakoo admin create` racing a registration (register itself
                             answers the same for a taken email: no account enumeration)
NotFound
 └── UserNotFound
Unprocessable
 └── InvalidCode             wrong, expired, used or exhausted verification/reset code
AccountLocked (423)          too many failed logins; carries Retry-After
"""

from __future__ import annotations

from api.kit.errors import Conflict, LakooError, NotFound, Unauthorized, Unprocessable


class InvalidCredentials(Unauthorized):
    slug, title = "invalid-credentials", "Invalid credentials"


class InvalidRefreshToken(Unauthorized):
    slug, title = "invalid-refresh-token", "Invalid refresh token"


class EmailTaken(Conflict):
    slug, title = "email-taken", "Email already registered"


class UserNotFound(NotFound):
    title = "User not found"


class InvalidCode(Unprocessable):
    """A verification or reset code that cannot be used (names the ``code``/``token`` field)."""


class AccountLocked(LakooError):
    """423 Locked (RFC 4918): the account itself is locked, not the client rate-limited."""

    status, slug, title = 423, "account-locked", "Account locked"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"Too many failed logins; try again in {retry_after_seconds} s",
            headers={"Retry-After": str(retry_after_seconds)},
            retry_after=retry_after_seconds,
        )
