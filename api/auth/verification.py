"""Email/phone verification and password reset with single-use, expiring, hashed codes.

A code row lives until it is used, superseded by a newer code of the same purpose, or burned
by ``max_attempts`` wrong guesses. Wrong guesses are counted before the error is raised; the
route commits them, so the limit holds across requests.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from uuid import UUID, uuid4

from sqlalchemy import select, update

from api.auth import lockout
from api.auth.clock import Clock
from api.auth.errors import InvalidCode
from api.auth.messaging import Channel, MessageSender
from api.auth.models import OneTimeCode, User
from api.auth.passwords import hash_password
from api.auth.service import find_by_email, get_user
from api.auth.sessions import revoke_user_sessions
from api.auth.tokens import hashes_match, new_otp, new_secret, otp_hash, secret_hash
from api.events.user import UserPasswordReset, UserVerified
from api.kit.errors import Conflict, Unprocessable
from api.kit.uow import UnitOfWork

PASSWORD_RESET = "password_reset"


@dataclass(frozen=True)
class CodePolicy:
    """Lifetimes and the attempt limit of one-time codes (from the settings)."""

    otp_ttl: timedelta
    reset_ttl: timedelta
    max_attempts: int
    # the page of the shop where a reset link lands (it posts the token to /password-reset/confirm)
    reset_url: str = "http://127.0.0.1:3000/reset-password"


def _purpose(channel: Channel) -> str:
    return "verify_email" if channel == "email" else "verify_phone"


async def _issue(
    uow: UnitOfWork, *, user_id: UUID, purpose: str, secret: str, ttl: timedelta, now: datetime
) -> None:
    # a new code supersedes any live one, so only the latest message works
    await uow.session.execute(
        update(OneTimeCode)
        .where(
            OneTimeCode.user_id == user_id,
            OneTimeCode.purpose == purpose,
            OneTimeCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    await uow.session.flush()
    code_id = uuid4()
    digest = (
        secret_hash(secret) if purpose == PASSWORD_RESET else otp_hash(secret, salt=str(code_id))
    )
    uow.session.add(
        OneTimeCode(
            id=code_id,
            user_id=user_id,
            purpose=purpose,
            code_hash=digest,
            created_at=now,
            expires_at=now + ttl,
        )
    )


async def _consume(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    purpose: str,
    secret: str,
    field: str,
    policy: CodePolicy,
    now: datetime,
) -> None:
    code = await uow.session.scalar(
        select(OneTimeCode)
        .where(
            OneTimeCode.user_id == user_id,
            OneTimeCode.purpose == purpose,
            OneTimeCode.used_at.is_(None),
        )
        .with_for_update()
    )
    if code is None or code.expires_at <= now or code.attempts >= policy.max_attempts:
        raise InvalidCode("The code is invalid or has expired; request a new one", field=field)
    given = (
        secret_hash(secret) if purpose == PASSWORD_RESET else otp_hash(secret, salt=str(code.id))
    )
    if not hashes_match(given, code.code_hash):
        code.attempts += 1
        if code.attempts >= policy.max_attempts:
            code.used_at = now  # burned: a fourth guess must not be possible
        raise InvalidCode("The code is wrong", field=field)
    code.used_at = now


async def request_verification(
    uow: UnitOfWork,
    *,
    clock: Clock,
    sender: MessageSender,
    policy: CodePolicy,
    user_id: UUID,
    channel: Channel,
) -> None:
    """Send a six-digit code to the user's email or phone."""
    user = await get_user(uow, user_id=user_id)
    if channel == "sms" and not user.phone:
        raise Unprocessable("This account has no phone number", field="channel")
    if (user.email_verified_at if channel == "email" else user.phone_verified_at) is not None:
        raise Conflict(f"The {channel} of this account is already verified")
    code = new_otp()
    await _issue(
        uow,
        user_id=user.id,
        purpose=_purpose(channel),
        secret=code,
        ttl=policy.otp_ttl,
        now=clock.now(),
    )
    await sender.send(
        uow,
        user_id=user.id,
        channel=channel,
        recipient=user.email if channel == "email" else str(user.phone),
        kind="verification_code",
        params={"minutes": int(policy.otp_ttl.total_seconds() // 60)},
        secret_params={"code": code},
    )


async def confirm_verification(
    uow: UnitOfWork,
    *,
    clock: Clock,
    policy: CodePolicy,
    user_id: UUID,
    channel: Channel,
    code: str,
) -> User:
    """Check the code; the channel becomes verified and the account active."""
    user = await get_user(uow, user_id=user_id, for_update=True)
    now = clock.now()
    await _consume(
        uow,
        user_id=user.id,
        purpose=_purpose(channel),
        secret=code,
        field="code",
        policy=policy,
        now=now,
    )
    if channel == "email":
        user.email_verified_at = now
    else:
        user.phone_verified_at = now
    if user.status == "pending_verification":
        user.status = "active"
    user.updated_at = now
    await uow.outbox.add(
        UserVerified(user_id=user.id, email=user.email, channel=channel, verified_at=now),
        aggregate_id=user.id,
    )
    return user


async def request_password_reset(
    uow: UnitOfWork, *, clock: Clock, sender: MessageSender, policy: CodePolicy, email: str
) -> None:
    """Email a reset token; silent for unknown emails (no account enumeration)."""
    user = await find_by_email(uow, email=email)
    if user is None:
        return
    token = new_secret()
    await _issue(
        uow,
        user_id=user.id,
        purpose=PASSWORD_RESET,
        secret=token,
        ttl=policy.reset_ttl,
        now=clock.now(),
    )
    link = f"{policy.reset_url}?{urlencode({'email': user.email, 'token': token})}"
    await sender.send(
        uow,
        user_id=user.id,
        channel="email",
        recipient=user.email,
        kind="password_reset",
        params={"minutes": int(policy.reset_ttl.total_seconds() // 60)},
        secret_params={"reset_link": link},
    )


async def confirm_password_reset(
    uow: UnitOfWork,
    *,
    clock: Clock,
    policy: CodePolicy,
    email: str,
    token: str,
    new_password: str,
) -> None:
    """Set a new password with a reset token; every session of the user is revoked."""
    user = await find_by_email(uow, email=email, for_update=True)
    if user is None:
        raise InvalidCode("The token is invalid or has expired", field="token")
    now = clock.now()
    await _consume(
        uow,
        user_id=user.id,
        purpose=PASSWORD_RESET,
        secret=token,
        field="token",
        policy=policy,
        now=now,
    )
    # argon2 takes tens of milliseconds by design: off the event loop, like register and login
    user.password_hash = await asyncio.to_thread(hash_password, new_password)
    await lockout.clear(uow, email=user.email)  # a reset proves the owner: lift the lock
    user.updated_at = now
    await revoke_user_sessions(uow, user_id=user.id, now=now)
    await uow.outbox.add(UserPasswordReset(user_id=user.id, reset_at=now), aggregate_id=user.id)
