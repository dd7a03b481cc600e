"""Who the fuzzer calls each operation as: every caller the route's access rule admits.

The rule comes from ``api.kit.access`` (the route's own dependencies), so a route restricted to
admins is fuzzed as an admin — past its 403 — and a route any signed-in user may call is fuzzed
as each of the six roles. Roles that may not call it get one caller too (the first refused
role, or anonymous), to show the refusal is a 4xx for every input and not a 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from api.kit.access import RouteAccess
from api.kit.auth import Role
from api.kit.settings import CommonSettings

ANONYMOUS = "anonymous"
INTERNAL = "internal"
WEBHOOK = "webhook"


@dataclass(frozen=True, slots=True)
class Caller:
    """One identity the fuzzer sends requests as."""

    name: str  # a role's value, "anonymous", "internal" or "webhook"
    allowed: bool  # whether the route's rule admits it (refused callers prove the refusal)


def callers_of(rule: RouteAccess) -> list[Caller]:
    """The callers an operation is fuzzed as (allowed ones first)."""
    if rule.kind == "internal":
        return [Caller(INTERNAL, True), Caller(ANONYMOUS, False)]
    if rule.kind == "webhook":
        return [Caller(WEBHOOK, True), Caller(ANONYMOUS, False)]
    if rule.kind == "public":
        return [Caller(ANONYMOUS, True)]
    if rule.kind == "anyone":
        return [Caller(ANONYMOUS, True), *(Caller(role.value, True) for role in Role)]
    if rule.kind == "signed-in":
        return [*(Caller(role.value, True) for role in Role), Caller(ANONYMOUS, False)]
    if rule.kind == "roles":
        allowed = [Caller(role.value, True) for role in Role if role in rule.roles]
        refused = [role for role in Role if role not in rule.roles]
        first_refused = Caller(refused[0].value, False) if refused else Caller(ANONYMOUS, False)
        return [*allowed, first_refused]
    raise AssertionError(f"{rule.method} {rule.path} has no access rule")


@dataclass
class Identities:
    """The user id of each role for one fuzz run (seeds create data owned by these users)."""

    users: dict[Role, UUID]

    @classmethod
    def fresh(cls) -> Identities:
        return cls({role: uuid4() for role in Role})

    def headers(self, caller: str) -> dict[str, str]:
        """The headers a request of ``caller`` carries (as the gateway or a service sets them)."""
        settings = CommonSettings()
        gateway = {"x-gateway-key": settings.gateway_secret_key.get_secret_value()}
        if caller == ANONYMOUS:
            return gateway
        if caller == INTERNAL:
            return {"x-internal-api-key": settings.internal_api_key.get_secret_value()}
        if caller == WEBHOOK:
            return {}  # the service's seed module signs webhook bodies (``webhook_headers``)
        role = Role(caller)
        return {**gateway, "x-user-id": str(self.users[role]), "x-user-role": role.value}
