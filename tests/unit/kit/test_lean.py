"""The lean route handler answers exactly as FastAPI's would, and only for routes it can."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from pydantic import SecretStr

from api.kit.app import create_service_app
from api.kit.auth import InternalCall
from api.kit.deps import app_state
from api.kit.lean import LeanRoute, lean_form
from api.kit.responses import JsonResponse
from api.kit.schemas import Schema

KEY = "k" * 32
Counter = Annotated[dict[str, int], Depends(app_state("counter"))]


class Thing(Schema):
    name: str
    amount: int


def _app(route_class: type[Any]) -> FastAPI:
    router = APIRouter(dependencies=[InternalCall], route_class=route_class)

    @router.post("/internal/things", status_code=201)
    async def create_thing(body: Thing, counter: Counter) -> JsonResponse:
        counter["calls"] += 1
        return JsonResponse({"name": body.name, "amount": body.amount}, status_code=201)

    @router.get("/internal/things/{name}")
    async def read_thing(name: str) -> dict[str, str]:
        return {"name": name}

    settings = SimpleNamespace(
        service_name="toy",
        log_level="WARNING",
        log_json=False,
        resolved_database_url="postgresql://nobody@127.0.0.1:1/none",
        internal_api_key=SecretStr(KEY),
    )
    app = create_service_app(settings=settings, routers=[router], configure_logs=False)  # type: ignore[arg-type]
    app.state.counter = {"calls": 0}
    return app


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://toy")


GOOD = {"name": "a", "amount": 1}
CASES: list[tuple[str, dict[str, Any]]] = [
    ("good", {"json": GOOD, "headers": {"x-internal-api-key": KEY}}),
    ("no key", {"json": GOOD}),
    ("wrong key", {"json": GOOD, "headers": {"x-internal-api-key": "x" * 32}}),
    ("empty key", {"json": GOOD, "headers": {"x-internal-api-key": ""}}),
    ("bad field", {"json": {"name": "a", "amount": "x"}, "headers": {"x-internal-api-key": KEY}}),
    ("extra field", {"json": GOOD | {"more": 1}, "headers": {"x-internal-api-key": KEY}}),
    ("missing body", {"headers": {"x-internal-api-key": KEY}}),
    ("bad key, bad field", {"json": {"amount": "x"}, "headers": {"x-internal-api-key": "no"}}),
    (
        "malformed JSON, bad key",
        {"content": b'{"name": ', "headers": {"content-type": "application/json"}},
    ),
    (
        "NaN",
        {
            "content": b'{"name": "a", "amount": NaN}',
            "headers": {"content-type": "application/json", "x-internal-api-key": KEY},
        },
    ),
    (
        "no content type",
        {"content": b'{"name": "a", "amount": 1}', "headers": {"x-internal-api-key": KEY}},
    ),
    (
        "text/plain",
        {
            "content": b'{"name": "a", "amount": 1}',
            "headers": {"content-type": "text/plain", "x-internal-api-key": KEY},
        },
    ),
    (
        "problem+json body",
        {
            "content": b'{"name": "a", "amount": 1}',
            "headers": {"content-type": "application/merge-patch+json", "x-internal-api-key": KEY},
        },
    ),
]


@pytest.mark.parametrize(("case", "request_"), CASES, ids=[case for case, _ in CASES])
async def test_lean_answers_as_fastapi_does(case: str, request_: dict[str, Any]) -> None:
    answers = []
    for route_class in (LeanRoute, APIRouter().route_class):
        async with _client(_app(route_class)) as client:
            response = await client.post("/internal/things", **request_)
        body = response.json()
        body.pop("request_id", None)
        answers.append((response.status_code, response.headers["content-type"], body))
    assert answers[0] == answers[1], case


async def test_the_guard_runs_before_the_endpoint_and_nothing_happens_without_it() -> None:
    app = _app(LeanRoute)
    async with _client(app) as client:
        refused = await client.post("/internal/things", json=GOOD)
        taken = await client.post(
            "/internal/things", json=GOOD, headers={"x-internal-api-key": KEY}
        )
    assert (refused.status_code, taken.status_code) == (401, 201)
    assert app.state.counter == {"calls": 1}


CALLS: list[str] = []


async def _counted_form(request: Any) -> str:
    CALLS.append("lean")
    return "lean"


@lean_form(_counted_form)
async def _marked() -> str:
    CALLS.append("fastapi")
    return "fastapi"


Marked = Annotated[str, Depends(_marked)]


async def test_lean_forms_are_what_answers_and_other_shapes_keep_fastapi() -> None:
    router = APIRouter(route_class=LeanRoute)

    @router.post("/lean")
    async def lean(value: Marked) -> JsonResponse:
        return JsonResponse({"value": value})

    @router.post("/path/{name}")  # a path parameter: FastAPI's handler
    async def with_path(name: str, value: Marked) -> JsonResponse:
        return JsonResponse({"value": value})

    app = FastAPI()
    app.include_router(router)
    async with _client(app) as client:
        assert (await client.post("/lean")).json() == {"value": "lean"}
        assert (await client.post("/path/x")).json() == {"value": "fastapi"}
        app.dependency_overrides[_marked] = lambda: "override"
        assert (await client.post("/lean")).json() == {"value": "override"}
    assert CALLS == ["lean", "fastapi"]


async def test_a_router_dependency_without_a_lean_form_keeps_fastapi() -> None:
    seen: list[str] = []

    async def unmarked() -> None:
        seen.append("guard")

    router = APIRouter(dependencies=[Depends(unmarked)], route_class=LeanRoute)

    @router.post("/x")
    async def endpoint() -> JsonResponse:
        return JsonResponse({})

    app = FastAPI()
    app.include_router(router)
    async with _client(app) as client:
        assert (await client.post("/x")).status_code == 200
    assert seen == ["guard"]
