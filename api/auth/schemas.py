"""Auth's request and response bodies (DESIGN §6 fixes register/login/refresh/me)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, EmailStr, Field

from api.kit.auth import Role
from api.kit.schemas import ReadSchema, Schema

MIN_PASSWORD_LENGTH = 8


def _lower(value: str) -> str:
    return value.lower()


# The whole address lower-cased: "Siti@Example.ID" and "siti@example.id" are one account.
Email = Annotated[EmailStr, AfterValidator(_lower)]
Password = Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH, max_length=256)]
# Indonesian numbers in E.164: +62, then 8–12 digits (mobile numbers start with 8)
Phone = Annotated[str, Field(pattern=r"^\+62\d{8,12}$", examples=["+6281234567890"])]


class UserCreate(Schema):
    """``POST /api/auth/register``."""

    email: Email
    password: Password
    full_name: Annotated[str, Field(min_length=1, max_length=200)]
    phone: Phone | None = None


class UserRegistered(ReadSchema):
    """The answer of a registration: ``{id, email, role}``."""

    id: UUID
    email: str
    role: Role


class LoginRequest(Schema):
    """``POST /api/auth/login`` (no length rule here: old passwords must still log in)."""

    email: Email
    password: Annotated[str, Field(min_length=1, max_length=256)]


class RefreshRequest(Schema):
    """``POST /api/auth/refresh`` and ``POST /api/auth/logout``."""

    refresh_token: Annotated[str, Field(min_length=1, max_length=200)]


class TokenPair(Schema):
    """Access token (JWT, short-lived) and refresh token (opaque, rotated)."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class UserRead(ReadSchema):
    """``GET /api/auth/me`` and role changes."""

    id: UUID
    email: str
    full_name: str
    role: Role
    phone: str | None
    status: str
    email_verified_at: datetime | None
    phone_verified_at: datetime | None


class RoleUpdate(Schema):
    """``PUT /api/auth/users/{id}/role``."""

    role: Role


class InternalRoleUpdate(RoleUpdate):
    """``PUT /internal/auth/users/{id}/role`` (the seller service's verification): the admin who
    decided, for the ``user.role_changed`` audit trail."""

    changed_by: UUID | None = None


class VerificationRequest(Schema):
    """Ask for a verification code on one channel."""

    channel: Literal["email", "sms"] = "email"


class VerificationConfirm(Schema):
    """Confirm a verification code received on ``channel``."""

    channel: Literal["email", "sms"] = "email"
    code: Annotated[str, Field(pattern=r"^\d{6}$")]


class PasswordResetRequest(Schema):
    """Ask for a reset token (always 202, whether or not the email has an account)."""

    email: Email


class PasswordResetConfirm(Schema):
    """Set a new password with the emailed token."""

    email: Email
    token: Annotated[str, Field(min_length=10, max_length=200)]
    new_password: Password
