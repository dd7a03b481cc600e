"""Who may call each route, and whose data it touches (DESIGN §5), declared beside the route.

*Who may call* is read from the dependencies a route already has, so it cannot drift from what
is enforced:

    InternalCall (require_internal)      internal: services only, with x-internal-api-key
    require_roles(Role.a, Role.b)        those roles (through the gateway)
    CurrentPrincipal                     any signed-in user
    OptionalPrincipal                    anyone; signed-in callers are recognised

A route with none of these states it: ``@public(...)`` (anyone, no identity at all) or
``@webhook(verified_by=...)`` (a provider, proven by a signature or token the route checks).

*Whose data it touches* is always stated, with ``@owner(...)`` (or in ``@public`` /
``@webhook``): the ownership rule the route enforces, in words a reviewer can check against the
code — "the caller's own cart", "the buyer or the seller of the order; staff any".

    @router.get("/api/orders/{order_id}")
    @owner("the buyer or the seller of the order; admin and support any")
    async def get_order(order_id: UUID, uow: Uow, principal: CurrentPrincipal) -> OrderRead: ...

:func:`describe` turns an app into one :class:`RouteAccess` per route and method;
:func:`problems` lists every route without a rule or with a contradictory one. ``lakoo
security doc`` writes the table of every service to ``docs/security.md``, and a test fails when
a route has no rule or the document is stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.kit.auth import (
    ROLES_ATTRIBUTE,
    Role,
    current_principal,
    optional_principal,
    require_internal,
)

F = TypeVar("F", bound=Callable[..., Any])
Kind = Literal["internal", "roles", "signed-in", "anyone", "public", "webhook"]

_ATTRIBUTE = "__lakoo_access__"
EVERY_ROLE = frozenset(Role)


@dataclass(frozen=True, slots=True)
class Declaration:
    """What a route's author wrote: the ownership rule, and for public routes or webhooks the
    fact that no principal is involved (and what proves a webhook's sender)."""

    owner: str
    kind: Literal["public", "webhook"] | None = None
    verified_by: str | None = None


@dataclass(frozen=True, slots=True)
class RouteAccess:
    """One route and method: who may call it and whose data it touches."""

    method: str
    path: str
    kind: Kind | None
    roles: frozenset[Role]
    owner: str | None
    verified_by: str | None = None

    @property
    def callers(self) -> str:
        """Who may call, in words (the table's second column)."""
        if self.kind == "roles":
            if self.roles == EVERY_ROLE:
                return "any signed-in user"
            return ", ".join(role.value for role in Role if role in self.roles)
        if self.kind == "webhook":
            return f"webhook, verified by {self.verified_by}"
        return {
            "internal": "internal (x-internal-api-key)",
            "signed-in": "any signed-in user",
            "anyone": "anyone (signed-in callers recognised)",
            "public": "public",
            None: "UNDECLARED",
        }[self.kind]


def _declare(declaration: Declaration) -> Callable[[F], F]:
    def decorate(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, declaration)
        return endpoint

    return decorate


def owner(rule: str) -> Callable[[F], F]:
    """Declare whose data a route touches; who may call comes from its auth dependencies."""
    return _declare(Declaration(owner=rule))


def public(rule: str) -> Callable[[F], F]:
    """Declare a route anyone may call without identity (``rule``: what data it shows)."""
    return _declare(Declaration(owner=rule, kind="public"))


def webhook(*, verified_by: str, touches: str) -> Callable[[F], F]:
    """Declare a provider's callback: no principal; ``verified_by`` names what the route checks."""
    return _declare(Declaration(owner=touches, kind="webhook", verified_by=verified_by))


@dataclass(frozen=True, slots=True)
class _Route:
    path: str
    methods: frozenset[str]
    dependant: Dependant
    endpoint: Callable[..., Any]


def _routes(app: FastAPI) -> Iterator[_Route]:
    """Every API route with its *effective* dependencies (the routers' included).

    FastAPI 0.165 keeps included routers lazily (``app.routes`` holds the routers, not their
    routes); ``iter_route_contexts`` flattens them as FastAPI itself does for OpenAPI.
    """
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # an older FastAPI flattens included routers into app.routes itself
        contexts: Any = app.routes
    else:
        contexts = iter_route_contexts(app.routes)
    for context in contexts:
        original = getattr(context, "original_route", context)
        if not isinstance(original, APIRoute):
            continue  # FastAPI's own /openapi.json and /docs: public documentation
        yield _Route(
            path=context.path,
            methods=frozenset(context.methods or ()),
            dependant=context.dependant,
            endpoint=context.endpoint,
        )


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _callers(route: _Route) -> tuple[Kind | None, frozenset[Role]]:
    calls = list(_calls(route.dependant))
    if require_internal in calls:
        return "internal", frozenset()
    role_sets = [getattr(call, ROLES_ATTRIBUTE) for call in calls if hasattr(call, ROLES_ATTRIBUTE)]
    if role_sets:
        # several require_roles on one route: the caller must pass each of them
        return "roles", frozenset.intersection(*role_sets)
    if current_principal in calls:
        return "signed-in", frozenset()
    if optional_principal in calls:
        return "anyone", frozenset()
    return None, frozenset()


def describe(app: FastAPI) -> list[RouteAccess]:
    """Every route of ``app`` with its access rule, in path then method order."""
    rules = []
    for route in _routes(app):
        kind, roles = _callers(route)
        declared: Declaration | None = getattr(route.endpoint, _ATTRIBUTE, None)
        if declared is not None and declared.kind is not None and kind is None:
            kind = declared.kind
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            rules.append(
                RouteAccess(
                    method=method,
                    path=route.path,
                    kind=kind,
                    roles=roles,
                    owner=declared.owner if declared else None,
                    verified_by=declared.verified_by if declared else None,
                )
            )
    return sorted(rules, key=lambda r: (r.path, r.method))


def problems(app: FastAPI) -> list[str]:
    """Every route without a rule, or whose declaration contradicts what it enforces."""
    found = []
    for route in _routes(app):
        where = f"{','.join(sorted(route.methods))} {route.path}"
        kind, _ = _callers(route)
        declared: Declaration | None = getattr(route.endpoint, _ATTRIBUTE, None)
        if declared is None:
            found.append(f"{where}: no declared rule (@owner, @public or @webhook)")
            continue
        if declared.kind is not None and kind is not None:
            found.append(f"{where}: declared {declared.kind} but it requires a caller ({kind})")
        if declared.kind is None and kind is None:
            found.append(f"{where}: no auth dependency; declare it @public or @webhook")
        if route.path.startswith("/internal/") and kind != "internal":
            found.append(f"{where}: an /internal route without InternalCall")
        if kind == "internal" and not route.path.startswith("/internal/"):
            found.append(f"{where}: InternalCall outside /internal/")
        is_webhook = declared.kind == "webhook"
        if is_webhook != route.path.startswith("/webhooks/"):
            found.append(f"{where}: webhooks, and only they, live under /webhooks/")
    return found
