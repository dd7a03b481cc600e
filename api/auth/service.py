"""Account operations: register (without revealing which emails exist), read, role changes,
the first admin.

Each function takes an entered unit of work and never commits; the route (or the command line)
commits, so the user row and its outbox event land together or not at all.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from api.auth.clock import Clock
from api.auth.errors import EmailTaken, UserNotFound
from api.auth.messaging import MessageSender
from api.auth.models import User
from api.auth.passwords import hash_password
from api.auth.schemas import UserRegistered
from api.events.user import UserRegistered as UserRegisteredEvent
from api.events.user import UserRoleChanged
from api.kit.auth import Role
from api.kit.uow import UnitOfWork


def _registered_event(user: User) -> UserRegisteredEvent:
    return UserRegisteredEvent(
        user_id=user.id,
        email=user.email,
        phone=user.phone,
        full_name=user.full_name,
        role=user.role,
        status=user.status,
        registered_at=user.created_at,
    )


async def _taken(uow: UnitOfWork, column: InstrumentedAttribute[Any], value: str) -> bool:
    return bool(await uow.session.scalar(select(User.id).where(column == value)))


async def create_user(
    uow: UnitOfWork,
    *,
    clock: Clock,
    email: str,
    password_hash: str,
    full_name: str,
    phone: str | None = None,
    role: Role = Role.customer,
    status: str = "pending_verification",
) -> User | None:
    """Insert an account and announce ``user.registered``; None when the email or phone was
    taken meanwhile (the insert runs in a savepoint, so the transaction goes on)."""
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
    try:
        async with uow.session.begin_nested():
            uow.session.add(user)
            await uow.session.flush()
    except IntegrityError:
        return None  # a concurrent registration won the race between our check and our insert
    await uow.outbox.add(_registered_event(user), aggregate_id=user.id)
    return user


async def register(
    uow: UnitOfWork,
    *,
    clock: Clock,
    sender: MessageSender,
    email: str,
    password: str,
    full_name: str,
    phone: str | None = None,
) -> UserRegistered:
    """Create a customer account (``email`` already normalised): ``{id, email, role}``.

    The answer does not say whether the email was free (no account enumeration, the way the
    password reset already works). For a taken email no account is made: its owner is told by
    email, and the caller gets the same 201 with an id that names no account. A phone number
    another account already has is left off the new account (the answer never shows it; the
    account can verify no phone until one is added), rather than be confirmed as someone's.
    """
    # argon2 is deliberately slow: hashed off the event loop, and always, so a taken email
    # costs the same time as a free one
    password_hash = await asyncio.to_thread(hash_password, password)
    if phone and await _taken(uow, User.phone, phone):
        phone = None
    user = None
    if not await _taken(uow, User.email, email):
        user = await create_user(
            uow,
            clock=clock,
            email=email,
            password_hash=password_hash,
            full_name=full_name,
            phone=phone,
        )
        if user is None and phone and not await _taken(uow, User.email, email):
            # the phone was taken meanwhile, not the email: the account without it
            user = await create_user(
                uow, clock=clock, email=email, password_hash=password_hash, full_name=full_name
            )
    if user is None:
        # the owner is told by the notification service (queued like any notice, so this
        # answer waits on no provider and takes no longer than a free email's)
        owner = await uow.session.scalar(select(User.id).where(User.email == email))
        await sender.send(
            uow,
            user_id=owner,
            channel="email",
            recipient=email,
            kind="registration_attempt",
            params={},
            secret_params={},
        )
        return UserRegistered(id=uuid4(), email=email, role=Role.customer)
    return UserRegistered.model_validate(user)


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
        created = await create_user(
            uow,
            clock=clock,
            email=email,
            password_hash=await asyncio.to_thread(hash_password, password),
            full_name=full_name,
            role=Role.admin,
            status="active",
        )
        if created is None:
            raise EmailTaken("This email was registered meanwhile; run the command again")
        return created, True
    await _set_role(uow, user=user, role=Role.admin, changed_by=None, now=clock.now())
    return user, False
