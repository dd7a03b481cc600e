"""Login lockout by email address, whether or not an account has it.

Five failures lock the *email* for 15 minutes (``TokenPolicy``): an unknown email answers the
same 401s and then the same 423 as a known one, so neither the failure nor the lock tells an
attacker which emails have accounts. The throttle row is locked for the whole login, so
concurrent guesses are counted one by one; a successful login deletes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from api.auth.models import LoginThrottle
from api.auth.tokens import secret_hash
from api.kit.uow import UnitOfWork


def email_digest(email: str) -> str:
    """The throttle key of a (normalised) email: its sha256, as migration auth_0003 computes it."""
    return secret_hash(email)


async def throttle_of(uow: UnitOfWork, *, email: str, now: datetime) -> LoginThrottle:
    """The email's throttle row, created if missing, locked until the transaction ends."""
    digest = email_digest(email)
    await uow.session.execute(
        insert(LoginThrottle)
        .values(email_digest=digest, failed_logins=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=[LoginThrottle.email_digest])
    )
    throttle = await uow.session.scalar(
        select(LoginThrottle)
        .where(LoginThrottle.email_digest == digest)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert throttle is not None  # inserted above or by a concurrent login, never deleted since
    return throttle


def locked_seconds(throttle: LoginThrottle, now: datetime) -> float | None:
    """Seconds the email stays locked, or None when it is not locked."""
    if throttle.locked_until is not None and throttle.locked_until > now:
        return (throttle.locked_until - now).total_seconds()
    return None


def record_failure(
    throttle: LoginThrottle, *, now: datetime, threshold: int, lockout: timedelta
) -> None:
    """Count a failed login; the ``threshold``-th locks the email for ``lockout``."""
    throttle.failed_logins += 1
    if throttle.failed_logins >= threshold:
        throttle.failed_logins = 0
        throttle.locked_until = now + lockout
    throttle.updated_at = now


async def clear(uow: UnitOfWork, *, email: str) -> None:
    """Forget the email's failures and lock (a successful login, a password reset)."""
    await uow.session.execute(
        delete(LoginThrottle).where(LoginThrottle.email_digest == email_digest(email))
    )
