"""The access mechanism: who may call is read from the dependencies, whose data is declared, and
every route of every built service has a rule that ``docs/security.md`` shows as it is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI

from api.kit.access import describe, owner, problems, public, webhook
from api.kit.auth import (
    CurrentPrincipal,
    InternalCall,
    OptionalPrincipal,
    Principal,
    Role,
    require_roles,
)
from lakoo.commands import security

Staff = Annotated[Principal, require_roles(Role.admin, Role.warehouse_staff)]


def _toy() -> FastAPI:
    router = APIRouter()

    @router.get("/api/things/{thing_id}")
    @owner("the caller's own thing")
    async def read_thing(thing_id: str, principal: CurrentPrincipal) -> None: ...

    @router.post("/api/things")
    @owner("any thing")
    async def create_thing(principal: Staff) -> None: ...

    @router.get("/api/catalogue")
    @owner("none")
    async def catalogue(principal: OptionalPrincipal) -> None: ...

    @router.get("/api/open")
    @public("none: a static page")
    async def open_page() -> None: ...

    @router.post("/internal/things", dependencies=[InternalCall])
    @owner("any thing (another service)")
    async def internal_things() -> None: ...

    @router.post("/webhooks/provider")
    @webhook(verified_by="x-signature", touches="the thing named in the body")
    async def provider_hook() -> None: ...

    app = FastAPI()
    app.include_router(router)
    return app


def test_callers_come_from_the_dependencies_and_owners_from_the_declaration() -> None:
    rules = {(r.method, r.path): (r.callers, r.owner) for r in describe(_toy())}
    assert rules == {
        ("GET", "/api/things/{thing_id}"): ("any signed-in user", "the caller's own thing"),
        ("POST", "/api/things"): ("warehouse_staff, admin", "any thing"),
        ("GET", "/api/catalogue"): ("anyone (signed-in callers recognised)", "none"),
        ("GET", "/api/open"): ("public", "none: a static page"),
        ("POST", "/internal/things"): (
            "internal (x-internal-api-key)",
            "any thing (another service)",
        ),
        ("POST", "/webhooks/provider"): (
            "webhook, verified by x-signature",
            "the thing named in the body",
        ),
    }
    assert problems(_toy()) == []


def test_router_level_dependencies_count_and_nested_roles_intersect() -> None:
    router = APIRouter(dependencies=[InternalCall])

    @router.get("/internal/nested")
    @owner("any")
    async def nested() -> None: ...

    both = APIRouter()

    @both.get("/api/both")
    @owner("any")
    async def both_roles(
        a: Staff, b: Annotated[Principal, require_roles(Role.admin, Role.seller)]
    ) -> None: ...

    outer = APIRouter()
    outer.include_router(router)
    app = FastAPI()
    app.include_router(outer)
    app.include_router(both)
    rules = {r.path: r.callers for r in describe(app)}
    assert rules == {"/internal/nested": "internal (x-internal-api-key)", "/api/both": "admin"}


def test_missing_and_contradictory_rules_are_reported() -> None:
    router = APIRouter()

    @router.get("/api/forgotten")
    async def forgotten(principal: CurrentPrincipal) -> None: ...

    @router.get("/api/anonymous")
    @owner("none")
    async def anonymous() -> None: ...

    @router.get("/api/contradiction")
    @public("none")
    async def contradiction(principal: CurrentPrincipal) -> None: ...

    @router.get("/internal/unguarded")
    @owner("any")
    async def unguarded(principal: CurrentPrincipal) -> None: ...

    @router.post("/api/hook")
    @webhook(verified_by="nothing", touches="any")
    async def misplaced() -> None: ...

    @router.post("/webhooks/unsigned")
    @public("any")
    async def unsigned() -> None: ...

    app = FastAPI()
    app.include_router(router)
    found = "\n".join(problems(app))
    assert "GET /api/forgotten: no declared rule" in found
    assert "GET /api/anonymous: no auth dependency; declare it @public or @webhook" in found
    assert "GET /api/contradiction: declared public but it requires a caller" in found
    assert "GET /internal/unguarded: an /internal route without InternalCall" in found
    assert "POST /api/hook: webhooks, and only they, live under /webhooks/" in found
    assert "POST /webhooks/unsigned: webhooks, and only they, live under /webhooks/" in found


async def seller_only(principal: Annotated[Principal, require_roles(Role.seller)]) -> str:
    return "ok"


def test_a_dependency_that_wraps_the_principal_is_still_read() -> None:
    router = APIRouter()

    @router.get("/api/wrapped")
    @owner("the seller's own")
    async def wrapped(value: Annotated[str, Depends(seller_only)]) -> None: ...

    app = FastAPI()
    app.include_router(router)
    assert [r.callers for r in describe(app)] == ["seller"]


def test_every_route_of_every_service_declares_its_rule_and_the_document_is_current() -> None:
    """Fails when a service adds a route without @owner/@public/@webhook, or when
    docs/security.md no longer says what the code does: run `lakoo security doc`."""
    apps = security._apps()
    assert security.undeclared(apps) == []
    assert security.DOC.read_text() == security.render(apps), "run `lakoo security doc`"
