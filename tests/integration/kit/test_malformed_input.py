"""No malformed header or out-of-range number reaches a 5xx, in any service (DESIGN §5).

The header cases run against every built service's real app (found on disk, so a new service is
covered the day its package lands); they never reach a route's database work, so the app runs on
a database of its own that stays empty (migrated for a service whose start-up writes seed rows:
notification's templates). The out-of-range numbers are the ones a fuzzing run found
answering 500; each runs on the service's migrated database.
"""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from api.gateway.routing import built_services
from api.kit.auth import Role
from tests.support.services import as_user, migrated_database, service_client

SERVICES = sorted(built_services())
SEEDED_ON_START = {"notification"}  # its lifespan seeds the default templates


def _database(service: str, fresh_database: str) -> str:
    if service in SEEDED_ON_START:
        return migrated_database(service, fresh_database)
    return fresh_database


@pytest.mark.parametrize("service", SERVICES)
async def test_a_malformed_request_id_is_replaced_not_a_500(
    service: str, fresh_database: str
) -> None:
    async with service_client(service, _database(service, fresh_database)) as client:
        for given in (b"\xff\xfe-not-utf-8", b"x" * 10_000, b"two words", b"\xc3\xa9t\xc3\xa9"):
            response = await client.get("/health", headers=[(b"x-request-id", given)])
            assert response.status_code == 200, (given, response.text)
            assert UUID(response.headers["x-request-id"])  # a fresh id, not the caller's bytes
        response = await client.get("/health", headers={"x-request-id": "trace-4f2a.9"})
        assert response.headers["x-request-id"] == "trace-4f2a.9"


@pytest.mark.parametrize("service", SERVICES)
async def test_control_characters_and_nul_answer_400_problems(
    service: str, fresh_database: str
) -> None:
    async with service_client(service, _database(service, fresh_database)) as client:
        for request in (
            client.build_request("GET", "/health", headers=[(b"x-anything", b"a\x00b")]),
            client.build_request("GET", "/health", headers=[(b"idempotency-key", b"k\r\ney")]),
            client.build_request("GET", "/health?q=a%00b"),
            client.build_request("GET", "/health/a%00b"),
        ):
            response = await client.send(request)
            assert response.status_code == 400, (request.url, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert "Malformed request" in response.json()["detail"]


HUGE = "87905440081172873216"
OUT_OF_RANGE = [
    ("address", f"/api/addresses?page={HUGE}", "page"),
    ("address", f"/api/regions/search?q=gambir&page={HUGE}", "page"),
    ("brand", f"/api/brands?page={HUGE}", "page"),
    ("brand", f"/api/brands/{uuid4()}/products?page={HUGE}", "page"),
    ("product", "/api/products?max_price=5444145741314988441", "max_price"),
    ("product", f"/api/products?min_price={HUGE}", "min_price"),
    ("order", "/api/orders?page_size=101", "page_size"),
]


@pytest.mark.parametrize(("service", "path", "field"), OUT_OF_RANGE)
async def test_an_out_of_range_integer_is_a_422_naming_it(
    service: str, path: str, field: str, fresh_database: str
) -> None:
    migrated_database(service, fresh_database)
    async with service_client(service, fresh_database) as client:
        response = await client.get(path, headers=as_user(Role.admin))
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_money_and_quantities_in_bodies_are_bounded(fresh_database: str) -> None:
    migrated_database("warehouse", fresh_database)
    async with service_client("warehouse", fresh_database) as client:
        response = await client.post(
            "/api/warehouse/stock-adjustments",
            headers=as_user(Role.admin),
            json={"variant_id": str(uuid4()), "quantity_change": 10**19, "reason": "count"},
        )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["quantity_change"]
