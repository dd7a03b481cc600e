"""Sessions: login (with lockout), refresh-token rotation with reuse detection, logout.

A login starts a refresh-token *family*. Each refresh marks the presented token rotated and
issues its successor in the same family. A rotated token presented again means someone kept a
copy (a leak), so the whole family is revoked and both holders must log in again.

Failures that must be remembered (a failed login, a revoked family) are written before the
error is raised; the route commits them and then answers with the error.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import select, update

from api.auth import lockout
from api.auth.clock import Clock
from api.auth.errors import AccountLocked, InvalidCredentials, InvalidRefreshToken
from api.auth.keys import SigningKeys
from api.auth.models import RefreshToken, User
from api.auth.passwords import burn_verification_time, verify_password
from api.auth.schemas import TokenPair
from api.auth.service import find_by_email, get_user
from api.auth.tokens import issue_access_token, new_secret, secret_hash
from api.events.user import UserLogin
from api.kit.errors import Forbidden
from api.kit.uow import UnitOfWork


@dataclass(frozen=True)
class TokenPolicy:
    """How tokens are issued and how logins are throttled (from the settings)."""

    keys: SigningKeys
    issuer: str
    audience: str
    access_ttl: timedelta
    refresh_ttl: timedelta
    lockout_threshold: int
    lockout: timedelta


async def _issue_pair(
    uow: UnitOfWork, *, policy: TokenPolicy, user: User, family_id: UUID, now: datetime
) -> TokenPair:
    refresh = new_secret()
    uow.session.add(
        RefreshToken(
            family_id=family_id,
            user_id=user.id,
            token_hash=secret_hash(refresh),
            created_at=now,
            expires_at=now + policy.refresh_ttl,
        )
    )
    access = issue_access_token(
        policy.keys,
        user_id=user.id,
        role=user.role,
        issuer=policy.issuer,
        audience=policy.audience,
        now=now,
        ttl=policy.access_ttl,
    )
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(policy.access_ttl.total_seconds()),
    )


async def login(
    uow: UnitOfWork,
    *,
    clock: Clock,
    policy: TokenPolicy,
    email: str,
    password: str,
    ip_address: str | None = None,
    user_agent: str | None = None,
) -> TokenPair:
    """Check the password and start a session; failures are counted, and the email locked,
    whether or not an account has it (``api.auth.lockout``: no account enumeration)."""
    now = clock.now()
    # The throttle row lock makes concurrent wrong guesses count one by one.
    throttle = await lockout.throttle_of(uow, email=email, now=now)
    if (seconds := lockout.locked_seconds(throttle, now)) is not None:
        # refused even with the right password: the lock is the point of counting failures
        raise AccountLocked(math.ceil(seconds))
    user = await find_by_email(uow, email=email, for_update=True)
    if user is None:
        await asyncio.to_thread(burn_verification_time, password)
        valid = False
    else:
        valid = await asyncio.to_thread(verify_password, user.password_hash, password)
    if user is None or not valid:
        lockout.record_failure(
            throttle, now=now, threshold=policy.lockout_threshold, lockout=policy.lockout
        )
        raise InvalidCredentials("Wrong email or password")
    if user.status == "suspended":
        raise Forbidden("This account is suspended")
    await lockout.clear(uow, email=email)
    user.last_login_at = now
    pair = await _issue_pair(uow, policy=policy, user=user, family_id=uuid4(), now=now)
    await uow.outbox.add(
        UserLogin(
            user_id=user.id,
            role=user.role,
            ip_address=ip_address,
            user_agent=user_agent,
            logged_in_at=now,
        ),
        aggregate_id=user.id,
    )
    return pair


async def _revoke_family(uow: UnitOfWork, *, family_id: UUID, now: datetime) -> None:
    await uow.session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_user_sessions(uow: UnitOfWork, *, user_id: UUID, now: datetime) -> None:
    """Revoke every refresh token of a user (password reset, suspension)."""
    await uow.session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def refresh(
    uow: UnitOfWork, *, clock: Clock, policy: TokenPolicy, refresh_token: str
) -> TokenPair:
    """Rotate a refresh token; a reused (already rotated) one revokes its whole family."""
    token = await uow.session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == secret_hash(refresh_token))
        .with_for_update()
    )
    now = clock.now()
    if token is None or token.revoked_at is not None:
        raise InvalidRefreshToken("Unknown or revoked refresh token")
    if token.rotated_at is not None:
        await _revoke_family(uow, family_id=token.family_id, now=now)
        raise InvalidRefreshToken("Refresh token reused; every session of this login was revoked")
    if token.expires_at <= now:
        raise InvalidRefreshToken("Refresh token expired")
    user = await get_user(uow, user_id=token.user_id)
    if user.status == "suspended":
        await _revoke_family(uow, family_id=token.family_id, now=now)
        raise InvalidRefreshToken("This account is suspended")
    token.rotated_at = now
    return await _issue_pair(uow, policy=policy, user=user, family_id=token.family_id, now=now)


async def logout(uow: UnitOfWork, *, clock: Clock, refresh_token: str) -> None:
    """End the session the refresh token belongs to (idempotent; unknown tokens are ignored)."""
    family_id = await uow.session.scalar(
        select(RefreshToken.family_id).where(RefreshToken.token_hash == secret_hash(refresh_token))
    )
    if family_id is not None:
        await _revoke_family(uow, family_id=family_id, now=clock.now())
