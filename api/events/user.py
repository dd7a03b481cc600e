"""``user.*`` events, produced by auth onto ``user.events``."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime

from api.events.base import EventPayload
from api.events.values import Role, UserStatus


class UserRegistered(EventPayload, event_type="user.registered", aggregate_type="user"):
    """A person created an account (not yet verified)."""

    user_id: UUID
    email: str
    phone: str | None
    full_name: str
    role: Role
    status: UserStatus
    registered_at: AwareDatetime


class UserVerified(EventPayload, event_type="user.verified", aggregate_type="user"):
    """A user proved they own their email or phone and the account became active."""

    user_id: UUID
    email: str
    channel: Literal["email", "sms"]
    verified_at: AwareDatetime


class UserLogin(EventPayload, event_type="user.login", aggregate_type="user"):
    """A user logged in successfully."""

    user_id: UUID
    role: Role
    ip_address: str | None
    user_agent: str | None
    logged_in_at: AwareDatetime


class UserPasswordReset(EventPayload, event_type="user.password_reset", aggregate_type="user"):
    """A user set a new password through a reset token; their sessions were revoked."""

    user_id: UUID
    reset_at: AwareDatetime


class UserRoleChanged(EventPayload, event_type="user.role_changed", aggregate_type="user"):
    """An admin changed a user's role."""

    user_id: UUID
    old_role: Role
    new_role: Role
    changed_by: UUID | None
    changed_at: AwareDatetime
