"""Auth's routes: public account and session routes, the JWKS, and the internal routes (a
seller's role; a user's contacts for notification)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Request, Response

from api.auth import service, sessions, verification
from api.auth.clock import ClockDep
from api.auth.deps import ClientIp, CodePolicyDep, SenderDep, TokenPolicyDep
from api.auth.errors import (
    AccountLocked,
    InvalidCode,
    InvalidCredentials,
    InvalidRefreshToken,
    UserNotFound,
)
from api.auth.models import User
from api.auth.schemas import (
    InternalRoleUpdate,
    LoginRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    RoleUpdate,
    TokenPair,
    UserCreate,
    UserRead,
    UserRegistered,
    VerificationConfirm,
    VerificationRequest,
)
from api.kit.access import owner, public
from api.kit.auth import CurrentPrincipal, InternalCall, Principal, Role, require_roles
from api.kit.deps import Uow
from api.kit.responses import JsonResponse

router = APIRouter(tags=["auth"])
internal_router = APIRouter(tags=["auth (internal)"], dependencies=[InternalCall])

Admin = Annotated[Principal, require_roles(Role.admin)]


@router.get("/.well-known/jwks.json", include_in_schema=False)
@router.get("/api/auth/.well-known/jwks.json", summary="Public keys of access tokens (JWKS)")
@public("none: the public halves of the signing keys")
async def jwks(request: Request) -> JsonResponse:
    """The public keys the gateway verifies access tokens with (cacheable for 5 minutes)."""
    return JsonResponse(
        request.app.state.signing_keys.jwks, headers={"Cache-Control": "public, max-age=300"}
    )


@router.post("/api/auth/register", status_code=201, response_model=UserRegistered)
@public("creates an account; the answer is the same whether or not the email is taken")
async def register(
    body: UserCreate, uow: Uow, clock: ClockDep, sender: SenderDep
) -> UserRegistered:
    """Create a customer account (pending verification); answers ``{id, email, role}``.

    The same 201 whether or not the email already has an account (its owner is emailed
    instead): registration must not tell anyone which emails exist.
    """
    registered = await service.register(uow, clock=clock, sender=sender, **body.model_dump())
    await uow.commit()
    return registered


@router.post("/api/auth/login", response_model=TokenPair)
@public("the account of the email, proven by its password (lockout per email)")
async def login(
    body: LoginRequest,
    uow: Uow,
    clock: ClockDep,
    policy: TokenPolicyDep,
    ip: ClientIp,
    user_agent: Annotated[str | None, Header()] = None,
) -> TokenPair:
    """Exchange email and password for tokens. 401 when wrong; 423 while the account is locked."""
    try:
        pair = await sessions.login(
            uow,
            clock=clock,
            policy=policy,
            ip_address=ip,
            user_agent=user_agent,
            **body.model_dump(),
        )
    except (InvalidCredentials, AccountLocked):
        await uow.commit()  # the failure count must persist although the login fails
        raise
    await uow.commit()
    return pair


@router.post("/api/auth/refresh", response_model=TokenPair)
@public("the session of the refresh token presented")
async def refresh(
    body: RefreshRequest, uow: Uow, clock: ClockDep, policy: TokenPolicyDep
) -> TokenPair:
    """Rotate the refresh token; reusing an old one revokes the whole session family (401)."""
    try:
        pair = await sessions.refresh(
            uow, clock=clock, policy=policy, refresh_token=body.refresh_token
        )
    except InvalidRefreshToken:
        await uow.commit()  # a detected reuse has revoked the family: keep that
        raise
    await uow.commit()
    return pair


@router.post("/api/auth/logout", status_code=204)
@public("the session of the refresh token presented")
async def logout(body: RefreshRequest, uow: Uow, clock: ClockDep) -> Response:
    """Revoke the session the refresh token belongs to."""
    await sessions.logout(uow, clock=clock, refresh_token=body.refresh_token)
    await uow.commit()
    return Response(status_code=204)


@router.get("/api/auth/me", response_model=UserRead)
@owner("the caller's own account")
async def me(principal: CurrentPrincipal, uow: Uow) -> UserRead:
    """The signed-in user."""
    return UserRead.model_validate(await service.get_user(uow, user_id=principal.user_id))


@router.put("/api/auth/users/{user_id}/role", response_model=UserRead)
@owner("any user (admins only)")
async def change_role(
    user_id: UUID, body: RoleUpdate, uow: Uow, clock: ClockDep, admin: Admin
) -> UserRead:
    """Give a user a new role (admins only); effective from their next access token."""
    user = await service.change_role(
        uow, clock=clock, user_id=user_id, role=body.role, changed_by=admin.user_id
    )
    await uow.commit()
    return UserRead.model_validate(user)


@router.post("/api/auth/verification/request", status_code=202)
@owner("the caller's own email or phone")
async def request_verification(
    body: VerificationRequest,
    principal: CurrentPrincipal,
    uow: Uow,
    clock: ClockDep,
    policy: CodePolicyDep,
    sender: SenderDep,
) -> dict[str, str]:
    """Send a verification code to the signed-in user's email (or phone: ``channel: sms``)."""
    await verification.request_verification(
        uow,
        clock=clock,
        sender=sender,
        policy=policy,
        user_id=principal.user_id,
        channel=body.channel,
    )
    await uow.commit()
    return {"status": "sent"}


@router.post("/api/auth/verification/confirm", response_model=UserRead)
@owner("the caller's own email or phone")
async def confirm_verification(
    body: VerificationConfirm,
    principal: CurrentPrincipal,
    uow: Uow,
    clock: ClockDep,
    policy: CodePolicyDep,
) -> UserRead:
    """Confirm the code; at most 3 wrong tries, then request a new one."""
    try:
        user = await verification.confirm_verification(
            uow,
            clock=clock,
            policy=policy,
            user_id=principal.user_id,
            channel=body.channel,
            code=body.code,
        )
    except InvalidCode:
        await uow.commit()  # count the wrong attempt
        raise
    await uow.commit()
    return UserRead.model_validate(user)


@router.post("/api/auth/password-reset/request", status_code=202)
@public("the account of the email; the same answer whether or not it exists")
async def request_password_reset(
    body: PasswordResetRequest,
    uow: Uow,
    clock: ClockDep,
    policy: CodePolicyDep,
    sender: SenderDep,
) -> dict[str, str]:
    """Email a reset token; the same answer whether or not the account exists."""
    await verification.request_password_reset(
        uow, clock=clock, sender=sender, policy=policy, email=body.email
    )
    await uow.commit()
    return {"status": "accepted"}


@router.post("/api/auth/password-reset/confirm", status_code=204)
@public("the account of the email, proven by its reset token")
async def confirm_password_reset(
    body: PasswordResetConfirm, uow: Uow, clock: ClockDep, policy: CodePolicyDep
) -> Response:
    """Set a new password; every existing session is revoked."""
    try:
        await verification.confirm_password_reset(
            uow,
            clock=clock,
            policy=policy,
            email=body.email,
            token=body.token,
            new_password=body.new_password,
        )
    except InvalidCode:
        await uow.commit()  # count the wrong attempt
        raise
    await uow.commit()
    return Response(status_code=204)


@internal_router.put("/internal/auth/users/{user_id}/role", response_model=UserRead)
@owner("any user by id (the seller service makes a verified seller's user a seller)")
async def set_role(user_id: UUID, body: InternalRoleUpdate, uow: Uow, clock: ClockDep) -> UserRead:
    """Give a user a role for another service (a verified seller); the same role again changes
    nothing and publishes nothing, so a retried call is harmless."""
    user = await service.change_role(
        uow, clock=clock, user_id=user_id, role=body.role, changed_by=body.changed_by
    )
    await uow.commit()
    return UserRead.model_validate(user)


@internal_router.get("/internal/auth/users/{user_id}", response_model=UserRead)
@owner("any user by id (notification resolves a recipient whose user.registered it lacks)")
async def internal_user(user_id: UUID, uow: Uow) -> UserRead:
    """A user's contacts and role as ``user.*`` events carry them, for a service that needs
    them before those events arrive (404 for an id auth does not know)."""
    user = await uow.session.get(User, user_id)
    if user is None:
        raise UserNotFound(f"User {user_id} not found")
    return UserRead.model_validate(user)
