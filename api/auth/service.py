"""Account operations: register, read, role changes, the first admin.

Each function takes an entered unit of work and never commits; the route (or the command line)
commits, so the user row and its outbox event land together or not at all.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.auth.clock import Clock
from api.auth.errors import EmailTaken, PhoneTaken, UserNotFound
from api.auth.models import User
from api.auth.passwords import hash_password
from api.events.user import UserRegistered, UserRoleChanged
from api.kit.auth import Role
from api.kit.uow import UnitOfWork


def _taken(error: type[EmailTaken] | type[PhoneTaken], field: str) -> EmailTaken | PhoneTaken:
    message = f"This {field} is already registered"
    return error(message, errors=[{"field": field, "message": message, "type": "conflict"}])


async def _ensure_available(uow: UnitOfWork, *, email: str, phone: str | None) -> None:
    if await uow.session.scalar(select(User.id).where(User.email == email)):
        raise _taken(EmailTaken, "email")
    if phone and await uow.session.scalar(select(User.id).where(User.phone == phone)):
        raise _taken(PhoneTaken, "phone")


def _registered_event(user: User) -> UserRegistered:
    return UserRegistered(
        user_id=user.id,
        email=user.email,
        phone=user.phone,
        full_name=user.full_name,
        role=user.role,
        status=user.status,
        registered_at=user.created_at,
    )


async def register(
    uow: UnitOfWork,
    *,
    clock: Clock,
    email: str,
    password: str,
    full_name: str,
    phone: str | None = None,
    role: Role = Role.customer,
    status: str = "pending_verification",
) -> User:
    """Create an account (``email`` already normalised) and announce ``user.registered``."""
    await _ensure_available(uow, email=email, phone=phone)
    # argon2 is deliberately slow; hashing off the event loop keeps other requests moving
    password_hash = await asyncio.to_thread(hash_password, password)
    now = clock.now()
    user = User(
        email=email,
        phone=phone,
        full_name=full_name,
        password_hash=password_hash,
        role=role.value,
        status=status,
        email_verified_at=now if status == "active" else None,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(user)
    try:
        await uow.session.flush()
    except IntegrityError as exc:
        # a concurrent registration won the race between our check and our insert
        await uow.rollback()
        field = "phone" if "phone" in str(exc.orig) else "email"
        raise _taken(PhoneTaken if field == "phone" else EmailTaken, field) from exc
    await uow.outbox.add(_registered_event(user), aggregate_id=user.id)
    return user


async def get_user(uow: UnitOfWork, *, user_id: UUID, for_update: bool = False) -> User:
    """The user, or ``UserNotFound``."""
    query = select(User).where(User.id == user_id)
    if for_update:
        query = query.with_for_update()
    user = await uow.session.scalar(query)
    if user is None:
        raise UserNotFound(f"No user {user_id}")
    return user


async def find_by_email(uow: UnitOfWork, *, email: str, for_update: bool = False) -> User | None:
    """The user with this (normalised) email, if any."""
    query = select(User).where(User.email == email)
    if for_update:
        query = query.with_for_update()
    return await uow.session.scalar(query)


async def _set_role(
    uow: UnitOfWork, *, user: User, role: Role, changed_by: UUID | None, now: datetime
) -> None:
    old = Role(user.role)
    if old is role:
        return  # no change, no event
    user.role = role.value
    user.updated_at = now
    await uow.outbox.add(
        UserRoleChanged(
            user_id=user.id,
            old_role=old.value,
            new_role=role.value,
            changed_by=changed_by,
            changed_at=now,
        ),
        aggregate_id=user.id,
    )


async def change_role(
    uow: UnitOfWork, *, clock: Clock, user_id: UUID, role: Role, changed_by: UUID | None
) -> User:
    """Give a user a new role (takes effect with their next access token)."""
    user = await get_user(uow, user_id=user_id, for_update=True)
    await _set_role(uow, user=user, role=role, changed_by=changed_by, now=clock.now())
    return user


async def ensure_admin(
    uow: UnitOfWork, *, clock: Clock, email: str, password: str, full_name: str
) -> tuple[User, bool]:
    """Create an active admin, or promote the existing account; returns (user, created)."""
    email = email.strip().lower()
    user = await find_by_email(uow, email=email, for_update=True)
    if user is None:
        user = await register(
            uow,
            clock=clock,
            email=email,
            password=password,
            full_name=full_name,
            role=Role.admin,
            status="active",
        )
        return user, True
    await _set_role(uow, user=user, role=Role.admin, changed_by=None, now=clock.now())
    return user, False
