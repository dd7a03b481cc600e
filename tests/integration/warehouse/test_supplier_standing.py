"""Standing steers purchasing: the warehouse learns suppliers, their catalogues and their scores
from the real supplier service's events; a PO drafted without naming a supplier goes to the one in
the best standing on its terms, and switches when that one's score falls; a very-poor supplier is
refused unless an admin overrides (kept on the PO); a poor one answers with a warning."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.warehouse.consumers import HANDLERS
from tests.integration.product.harness import deliver_outbox
from tests.integration.supplier.conftest import house_product
from tests.integration.supplier.test_performance import period, push
from tests.integration.warehouse.conftest import ADMIN, STAFF, table_counts
from tests.support.databases import create_database, drop_database
from tests.support.services import migrated_database, service_client


@pytest.fixture
def supplier_db(postgres_url: str) -> Iterator[str]:
    url = migrated_database("supplier", create_database(postgres_url, "supplier"))
    yield url
    drop_database(postgres_url, url)


@pytest.fixture
async def supplier(supplier_db: str, product_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The real supplier app, checking offers against the same product app."""

    def wire(app: FastAPI) -> None:
        app.state.transports = {"product": httpx.ASGITransport(app=product_app)}

    async with service_client("supplier", supplier_db, configure=wire) as client:
        yield client


async def _deliver(supplier_db: str, engine: AsyncEngine) -> None:
    """The supplier service's outbox, through the warehouse's real handlers and inbox."""
    await deliver_outbox(
        supplier_db, "supplier", engine=engine, consumer="warehouse", handlers=HANDLERS
    )


async def _factory(
    supplier: httpx.AsyncClient, code: str, product: dict[str, Any], offer: dict[str, Any]
) -> str:
    answer = await supplier.post(
        "/api/suppliers",
        json={"code": code, "name": f"Konveksi {code}", "whatsapp": "+6281234567890"},
        headers=STAFF,
    )
    assert answer.status_code == 201, answer.text
    supplier_id: str = answer.json()["id"]
    answer = await supplier.put(
        f"/api/suppliers/{supplier_id}/catalogue/{product['id']}", json=offer, headers=STAFF
    )
    assert answer.status_code == 201, answer.text
    return supplier_id


async def _score(
    supplier: httpx.AsyncClient,
    supplier_id: str,
    *,
    on_time: float = 0.0,
    fill: float = 1.0,
    quality: float = 1.0,
    day: int,
) -> None:
    """A rolling window ending ``day`` days after the 1st of November, with these rates
    (score 0.4 on-time + 0.3 quality + 0.3 fill)."""
    end = date(2026, 11, 1) + timedelta(days=day)
    computed = datetime.combine(end, datetime.min.time(), tzinfo=UTC) + timedelta(hours=20)
    body = period(end=end, on_time=on_time, fill=fill, quality=quality, computed_at=computed)
    answer = await push(supplier, supplier_id, body)
    assert answer.status_code == 201, answer.text


async def _po(
    client: httpx.AsyncClient, product_id: str, bundles: int, **extra: Any
) -> httpx.Response:
    headers = extra.pop("headers", STAFF)
    return await client.post(
        "/api/purchase-orders",
        json={"products": [{"product_id": product_id, "bundles": bundles}], **extra},
        headers=headers,
    )


@pytest.fixture
async def sourced(
    client: httpx.AsyncClient, product: httpx.AsyncClient, supplier: httpx.AsyncClient
) -> dict[str, Any]:
    """A house product with a bundle config and two factories offering it on their own terms."""
    item = await house_product(product, sizes=("S", "M"))
    s, m = (v["id"] for v in item["variants"])
    answer = await client.put(
        f"/api/grosir/bundles/{item['id']}",
        json={"units_per_bundle": {s: 2, m: 5}, "max_excess_units": {s: 20, m: 50}},
        headers=STAFF,
    )
    assert answer.status_code == 200, answer.text
    bandung = await _factory(
        supplier,
        "BDG",
        item,
        {
            "unit_cost": 40_000,
            "units_per_bundle": {s: 2, m: 4},
            "min_bundles": 3,
            "lead_time_days": 10,
        },
    )
    solo = await _factory(
        supplier,
        "SOLO",
        item,
        {
            "unit_cost": 45_000,
            "units_per_bundle": {s: 1, m: 3},
            "min_bundles": 1,
            "lead_time_days": 5,
        },
    )
    return {"product": item["id"], "s": s, "m": m, "bandung": bandung, "solo": solo}


async def test_the_proposal_goes_to_the_best_standing_supplier_and_switches_when_it_falls(
    client: httpx.AsyncClient,
    supplier: httpx.AsyncClient,
    supplier_db: str,
    engine: AsyncEngine,
    sourced: dict[str, Any],
) -> None:
    await _score(supplier, sourced["bandung"], on_time=1.0, day=0)  # 1.0: excellent
    await _score(supplier, sourced["solo"], on_time=0.0, day=0)  # 0.6: average
    await _deliver(supplier_db, engine)

    first = await _po(client, sourced["product"], 3)
    assert first.status_code == 201, first.text
    po = first.json()
    # Bandung's terms: its bundle of 2 S + 4 M at Rp 40,000, 10 days' lead time
    assert po["supplier_id"] == sourced["bandung"] and po["supplier_standing"] == "excellent"
    assert {li["variant_id"]: li["units_ordered"] for li in po["lines"]} == {
        sourced["s"]: 6,
        sourced["m"]: 12,
    }
    assert po["total_cost"] == 3 * 6 * 40_000 and po["warnings"] == []
    assert date.fromisoformat(po["expected_date"]) >= date.today() + timedelta(days=9)
    below_minimum = await _po(client, sourced["product"], 2)
    assert below_minimum.status_code == 422
    assert [e["field"] for e in below_minimum.json()["errors"]] == ["products.0.bundles"]

    # Bandung's next 90 days are late and sloppy: 0.3 × 0.2 + 0.3 × 0.5 = 0.21, very poor
    await _score(supplier, sourced["bandung"], fill=0.2, quality=0.5, day=1)
    await _deliver(supplier_db, engine)
    second = await _po(client, sourced["product"], 3)
    assert second.status_code == 201, second.text
    po = second.json()
    assert po["supplier_id"] == sourced["solo"] and po["supplier_standing"] == "average"
    assert {li["variant_id"]: li["units_ordered"] for li in po["lines"]} == {
        sourced["s"]: 3,
        sourced["m"]: 9,
    }
    assert po["total_cost"] == 3 * 4 * 45_000


async def test_a_very_poor_supplier_is_refused_unless_an_admin_overrides(
    client: httpx.AsyncClient,
    supplier: httpx.AsyncClient,
    supplier_db: str,
    engine: AsyncEngine,
    sourced: dict[str, Any],
) -> None:
    await _score(supplier, sourced["bandung"], fill=0.2, quality=0.5, day=0)  # 0.21
    await _deliver(supplier_db, engine)
    before = await table_counts(engine)

    refused = await _po(client, sourced["product"], 3, supplier_id=sourced["bandung"])
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["supplier_id"]
    not_admin = await _po(
        client,
        sourced["product"],
        3,
        supplier_id=sourced["bandung"],
        standing_override_reason="only factory with the fabric",
    )
    assert not_admin.status_code == 403
    assert await table_counts(engine) == before

    allowed = await _po(
        client,
        sourced["product"],
        3,
        supplier_id=sourced["bandung"],
        standing_override_reason="only factory with the fabric",
        headers=ADMIN,
    )
    assert allowed.status_code == 201, allowed.text
    po = allowed.json()
    assert po["supplier_standing"] == "very_poor" and po["warnings"]
    assert po["standing_override_reason"] == "only factory with the fabric"
    async with engine.connect() as conn:
        overrider = await conn.scalar(
            text("SELECT standing_override_by FROM purchase_orders WHERE id = :id"),
            {"id": po["id"]},
        )
    assert str(overrider) == ADMIN["x-user-id"]


async def test_a_poor_supplier_answers_with_a_warning_and_a_needless_override_is_refused(
    client: httpx.AsyncClient,
    supplier: httpx.AsyncClient,
    supplier_db: str,
    engine: AsyncEngine,
    sourced: dict[str, Any],
) -> None:
    await _score(supplier, sourced["solo"], fill=0.6, quality=0.8, day=0)  # 0.42: poor
    await _deliver(supplier_db, engine)
    warned = await _po(client, sourced["product"], 1, supplier_id=sourced["solo"])
    assert warned.status_code == 201, warned.text
    assert warned.json()["supplier_standing"] == "poor"
    assert [w for w in warned.json()["warnings"] if "poor standing" in w]
    needless = await _po(
        client,
        sourced["product"],
        1,
        supplier_id=sourced["solo"],
        standing_override_reason="just because",
        headers=ADMIN,
    )
    assert needless.status_code == 422
    assert [e["field"] for e in needless.json()["errors"]] == ["standing_override_reason"]


async def test_an_approved_po_carries_where_the_notification_service_sends_it(
    client: httpx.AsyncClient,
    supplier: httpx.AsyncClient,
    supplier_db: str,
    engine: AsyncEngine,
    sourced: dict[str, Any],
) -> None:
    await _deliver(supplier_db, engine)
    created = await _po(client, sourced["product"], 1, supplier_id=sourced["solo"])
    assert created.status_code == 201, created.text
    po_id = created.json()["id"]
    for action in ("submit", "approve"):
        answer = await client.post(f"/api/purchase-orders/{po_id}/{action}", headers=STAFF)
        assert answer.status_code == 200, answer.text
    async with engine.connect() as conn:
        (payload,) = [
            row[0]
            for row in await conn.execute(
                text("SELECT payload FROM outbox WHERE event_type = 'purchase_order.approved'")
            )
        ]
    assert payload["po_id"] == po_id and payload["supplier_id"] == sourced["solo"]
    assert (payload["supplier_code"], payload["supplier_whatsapp"]) == ("SOLO", "+6281234567890")
    assert sorted(line["units_ordered"] for line in payload["lines"]) == [1, 3]


async def test_products_best_bought_from_different_suppliers_need_the_supplier_named(
    client: httpx.AsyncClient,
    product: httpx.AsyncClient,
    supplier: httpx.AsyncClient,
    supplier_db: str,
    engine: AsyncEngine,
    sourced: dict[str, Any],
) -> None:
    other = await house_product(product, sizes=("M",))
    (m,) = (v["id"] for v in other["variants"])
    answer = await client.put(
        f"/api/grosir/bundles/{other['id']}",
        json={"units_per_bundle": {m: 4}, "max_excess_units": {m: 8}},
        headers=STAFF,
    )
    assert answer.status_code == 200, answer.text
    await _factory(supplier, "GRT", other, {"unit_cost": 30_000, "units_per_bundle": {m: 4}})
    await _score(supplier, sourced["bandung"], on_time=1.0, day=0)  # excellent for the first
    await _deliver(supplier_db, engine)
    before = await table_counts(engine)
    refused = await client.post(
        "/api/purchase-orders",
        json={
            "products": [
                {"product_id": sourced["product"], "bundles": 3},
                {"product_id": other["id"], "bundles": 1},
            ]
        },
        headers=STAFF,
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["supplier_id"]
    assert await table_counts(engine) == before
