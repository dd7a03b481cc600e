"""Supplier's fuzz seed: a supplier offering the house product, scored once (so its ids, its
catalogue and its performance are real data, not 404s)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from tests.fuzz.seeds import FuzzSeed

ORDER = 15  # after product (the offer is checked against its variants), before warehouse


def seed(fuzz: FuzzSeed) -> None:
    house = fuzz.values["house_product_id"][0]
    variants = [v["id"] for v in fuzz.call("product", "GET", f"/api/products/{house}")["variants"]]
    supplier = fuzz.call(
        "supplier",
        "POST",
        "/api/suppliers",
        as_="warehouse_staff",
        json={
            "code": f"FZ-{uuid4().hex[:6].upper()}",
            "name": "Konveksi Fuzz",
            "whatsapp": "+6281234567890",
        },
    )
    fuzz.call(
        "supplier",
        "PUT",
        f"/api/suppliers/{supplier['id']}/catalogue/{house}",
        as_="warehouse_staff",
        json={"unit_cost": 50_000, "units_per_bundle": {v: 6 for v in variants}},
    )
    computed = datetime.now(UTC)
    end = computed.date() - timedelta(days=1)
    fuzz.call(
        "supplier",
        "POST",
        f"/internal/suppliers/{supplier['id']}/performance",
        as_="internal",
        json={
            "window": "rolling_90d",
            "period_start": (end - timedelta(days=89)).isoformat(),
            "period_end": end.isoformat(),
            "po_count": 2,
            "on_time_rate": 0.5,
            "fill_rate": 1.0,
            "quality_rate": 1.0,
            "avg_lead_time_days": 8.0,
            "promised_lead_time_days": 7.0,
            "score": 0.8,
            "stars": 4,
            "computed_at": computed.isoformat(),
        },
    )
    fuzz.remember("supplier_id", supplier["id"])
    fuzz.deliver()  # the warehouse learns the supplier and its offer
