"""The kit's edge, exercised through a small app defined here (not a service under api/)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, ClassVar
from uuid import uuid4

import httpx
import pytest
from fastapi import APIRouter
from pydantic import Field
from pydantic_settings import SettingsConfigDict
from sqlalchemy import BigInteger, Column, MetaData, Table, Text, func, insert, select

from api.events import UserRegistered
from api.kit.app import create_service_app
from api.kit.auth import CurrentPrincipal, InternalCall, Principal, Role, require_roles
from api.kit.db import make_sync_engine
from api.kit.deps import Uow
from api.kit.errors import Conflict
from api.kit.schemas import Schema
from api.kit.settings import ServiceSettings
from api.kit.tables import outbox
from tests.support.services import app_client, as_user, internal_headers

widgets_metadata = MetaData()
widgets = Table(
    "widgets", widgets_metadata, Column("name", Text, unique=True), Column("price", BigInteger)
)


class WidgetCreate(Schema):
    name: str = Field(min_length=1, max_length=40)
    price: int = Field(ge=0)


class ToySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TOY_")
    service_name: ClassVar[str] = "auth"  # any known service: only its database name is used


router = APIRouter()


@router.post("/api/widgets", status_code=201)
async def create_widget(
    body: WidgetCreate,
    uow: Uow,
    principal: Annotated[Principal, require_roles(Role.admin, Role.seller)],
) -> dict[str, object]:
    taken = await uow.session.execute(select(widgets.c.name).where(widgets.c.name == body.name))
    if taken.first():
        raise Conflict(f"A widget named {body.name!r} exists")
    await uow.session.execute(insert(widgets).values(name=body.name, price=body.price))
    user = UserRegistered(
        user_id=principal.user_id,
        email="w@example.id",
        phone=None,
        full_name="W",
        role="seller",
        status="active",
        registered_at=datetime.now(UTC),
    )
    await uow.outbox.add(user, aggregate_id=principal.user_id)
    await uow.commit()
    return {"name": body.name, "price": body.price}


@router.get("/api/me")
async def me(principal: CurrentPrincipal) -> dict[str, str]:
    return {"user_id": str(principal.user_id), "role": principal.role.value}


@router.post("/internal/ping", dependencies=[InternalCall])
async def ping() -> dict[str, str]:
    return {"pong": "ok"}


@pytest.fixture
async def client(kit_database: str) -> AsyncIterator[httpx.AsyncClient]:
    engine = make_sync_engine(kit_database)
    with engine.begin() as conn:
        widgets_metadata.create_all(conn)
    engine.dispose()
    app = create_service_app(
        settings=ToySettings(database_url=kit_database), routers=[router], configure_logs=False
    )
    async with app_client(app) as client:
        yield client


async def _written(client: httpx.AsyncClient, kit_database: str) -> tuple[int, int]:
    engine = make_sync_engine(kit_database)
    with engine.connect() as conn:
        counts = (
            conn.execute(select(func.count()).select_from(widgets)).scalar_one(),
            conn.execute(select(func.count()).select_from(outbox)).scalar_one(),
        )
    engine.dispose()
    return counts


async def test_trusted_headers_without_the_gateway_key_are_refused(
    client: httpx.AsyncClient,
) -> None:
    spoofed = {"x-user-id": str(uuid4()), "x-user-role": "admin"}
    response = await client.get("/api/me", headers=spoofed)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/unauthorized")

    wrong_key = {**spoofed, "x-gateway-key": "guessed"}
    assert (await client.get("/api/me", headers=wrong_key)).status_code == 401

    user_id = uuid4()
    answer = await client.get("/api/me", headers=as_user(Role.seller, user_id))
    assert answer.status_code == 200
    assert answer.json() == {"user_id": str(user_id), "role": "seller"}


async def test_internal_routes_need_the_internal_key(client: httpx.AsyncClient) -> None:
    assert (await client.post("/internal/ping")).status_code == 401
    wrong = await client.post("/internal/ping", headers={"x-internal-api-key": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["status"] == 401
    # the gateway key is not an internal key
    assert (await client.post("/internal/ping", headers=as_user(Role.admin))).status_code == 401
    ok = await client.post("/internal/ping", headers=internal_headers())
    assert ok.status_code == 200


async def test_roles_are_enforced(client: httpx.AsyncClient, kit_database: str) -> None:
    response = await client.post(
        "/api/widgets", json={"name": "kain", "price": 1}, headers=as_user(Role.customer)
    )
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]
    assert await _written(client, kit_database) == (0, 0)


@pytest.mark.parametrize(
    ("body", "bad_fields"),
    [
        ({"name": "", "price": -5}, {"name", "price"}),
        ({"price": 100}, {"name"}),
        ({"name": "batik", "price": "mahal"}, {"price"}),
        ({"name": "batik", "price": 100, "colour": "red"}, {"colour"}),
    ],
)
async def test_bad_input_is_a_422_naming_each_field_and_writes_nothing(
    client: httpx.AsyncClient, kit_database: str, body: dict[str, object], bad_fields: set[str]
) -> None:
    response = await client.post("/api/widgets", json=body, headers=as_user(Role.seller))

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert problem["title"] == "Validation failed"
    assert {error["field"] for error in problem["errors"]} == bad_fields
    assert await _written(client, kit_database) == (0, 0)


async def test_a_domain_conflict_rolls_back_and_answers_409(
    client: httpx.AsyncClient, kit_database: str
) -> None:
    seller = as_user(Role.seller)
    first = await client.post("/api/widgets", json={"name": "songket", "price": 10}, headers=seller)
    assert first.status_code == 201
    again = await client.post("/api/widgets", json={"name": "songket", "price": 11}, headers=seller)
    assert again.status_code == 409
    assert again.json()["type"] == "https://lakoo.id/problems/conflict"
    assert await _written(client, kit_database) == (1, 1)


async def test_unknown_routes_answer_problem_json_and_every_answer_has_a_request_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"]
    echoed = await client.get("/health", headers={"x-request-id": "req-123"})
    assert echoed.headers["x-request-id"] == "req-123"


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json()["status"] == "ok"
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "kafka": "ok"}


async def test_readiness_fails_when_the_database_is_unreachable() -> None:
    settings = ToySettings(database_url="postgresql://postgres@127.0.0.1:1/none")
    app = create_service_app(settings=settings, routers=[], configure_logs=False)
    async with app_client(app) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error")
