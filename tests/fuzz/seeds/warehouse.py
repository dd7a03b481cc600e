"""Warehouse's fuzz seed: stock for every seeded variant, a bundle and a purchase order."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from tests.fuzz.seeds import FuzzSeed

ORDER = 20  # after product: its events registered the variants here


def seed(fuzz: FuzzSeed) -> None:
    house = fuzz.values["house_product_id"][0]
    house_variants = [
        v["id"] for v in fuzz.call("product", "GET", f"/api/products/{house}")["variants"]
    ]
    for variant_id in fuzz.values["variant_id"]:
        fuzz.call(
            "warehouse",
            "POST",
            "/api/warehouse/stock-adjustments",
            as_="warehouse_staff",
            json={"variant_id": variant_id, "quantity_change": 50, "reason": "fuzz count"},
        )
    fuzz.call(
        "warehouse",
        "PUT",
        f"/api/grosir/bundles/{house}",
        as_="warehouse_staff",
        json={
            "units_per_bundle": {v: 6 for v in house_variants},
            "max_excess_units": {v: 12 for v in house_variants},
            "bundle_cost": 600_000,
            "supplier_id": str(uuid4()),
        },
    )
    po = fuzz.call(
        "warehouse",
        "POST",
        "/api/purchase-orders",
        as_="warehouse_staff",
        json={
            "expected_date": (date.today() + timedelta(days=7)).isoformat(),
            "products": [{"product_id": house, "bundles": 2}],
        },
    )
    fuzz.remember("po_id", po["id"])
    alerts = fuzz.call("warehouse", "GET", "/api/warehouse/alerts", as_="warehouse_staff")
    fuzz.remember("alert_id", *(a["id"] for a in alerts["items"]))
