"""Trust at the service edge: who is calling (from the gateway's headers) and may they.

Services sit behind the gateway. They trust ``x-user-id`` / ``x-user-role`` only when the request
also carries the gateway's key, and ``/internal/...`` routes only with the internal API key. Keys
are compared in constant time so response timing does not leak how much of a guess was right.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Request
from pydantic import SecretStr

from api.kit.errors import Forbidden, Unauthorized
from api.kit.lean import lean_form


class Role(StrEnum):
    customer = "customer"
    seller = "seller"
    brand_manager = "brand_manager"
    warehouse_staff = "warehouse_staff"
    support_agent = "support_agent"
    admin = "admin"


# where require_roles leaves its roles on the dependency, for api.kit.access to read
ROLES_ATTRIBUTE = "__lakoo_roles__"

STAFF_ROLES = frozenset({Role.admin, Role.warehouse_staff, Role.support_agent, Role.brand_manager})


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller as the gateway vouched for it."""

    user_id: UUID
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin


def keys_match(given: str | None, expected: SecretStr) -> bool:
    """Constant-time comparison of a presented key with the configured one."""
    if not given:
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


async def current_principal(
    request: Request,
    x_gateway_key: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_user_id: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_user_role: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    """The authenticated caller; 401 unless the gateway vouched for the user headers."""
    settings = request.app.state.settings
    if not keys_match(x_gateway_key, settings.gateway_secret_key):
        raise Unauthorized("Requests must come through the API gateway")
    if not x_user_id or not x_user_role:
        raise Unauthorized("Authentication required")
    try:
        return Principal(user_id=UUID(x_user_id), role=Role(x_user_role))
    except ValueError as exc:
        raise Unauthorized("Malformed identity headers") from exc


async def optional_principal(
    request: Request,
    x_gateway_key: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_user_id: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_user_role: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal | None:
    """The caller when signed in, None for anonymous calls (public catalogue routes)."""
    if x_user_id is None and x_user_role is None:
        return None
    return await current_principal(request, x_gateway_key, x_user_id, x_user_role)


async def _require_internal_lean(request: Request) -> None:
    # the header as FastAPI reads it for the parameter below: the first of that name
    await require_internal(request, request.headers.get("x-internal-api-key"))


@lean_form(_require_internal_lean)
async def require_internal(
    request: Request,
    x_internal_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    """Guard of ``/internal/...`` routes: service-to-service calls only."""
    if not keys_match(x_internal_api_key, request.app.state.settings.internal_api_key):
        raise Unauthorized("A valid internal API key is required")


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
InternalCall = Depends(require_internal)


def require_roles(*roles: Role) -> Any:
    """A dependency that answers 403 unless the caller has one of ``roles``.

    Use as ``principal: Annotated[Principal, require_roles(Role.admin)]``.
    """
    allowed = frozenset(roles)

    async def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"This action requires one of the roles: {names}")
        return principal

    setattr(dependency, ROLES_ATTRIBUTE, allowed)  # read by api.kit.access for the route table
    return Depends(dependency)


def ensure_owner(principal: Principal, owner_id: UUID | None, *, what: str = "resource") -> None:
    """403 unless the caller owns the resource (admins may act on anything)."""
    if principal.is_admin:
        return
    if owner_id is None or owner_id != principal.user_id:
        raise Forbidden(f"You do not own this {what}")
