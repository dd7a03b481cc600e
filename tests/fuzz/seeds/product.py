"""Product's fuzz seed: a category, house products (admin) and a seller's own product."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tests.fuzz.seeds import FuzzSeed

ORDER = 10


def product_body(name: str, *, price: int, category_id: str | None = None) -> dict[str, Any]:
    """A two-variant product (M and L) named ``name``."""
    sku = f"FZ-{uuid4().hex[:8].upper()}"
    return {
        "name": name,
        "description": f"{name}, katun",
        "category_id": category_id,
        "variants": [
            {
                "sku": f"{sku}-{size}",
                "size": size,
                "price": price,
                "cost_price": price // 2,
                "weight_grams": 300,
            }
            for size in ("M", "L")
        ],
    }


def seed(fuzz: FuzzSeed) -> None:
    category = fuzz.call(
        "product", "POST", "/api/categories", json={"name": f"Kemeja {uuid4().hex[:6]}"}
    )
    house = fuzz.call(
        "product",
        "POST",
        "/api/products",
        json=product_body("Kemeja Batik", price=150_000, category_id=category["id"]),
    )
    own = fuzz.call(
        "product",
        "POST",
        "/api/products",
        as_="seller",
        json=product_body("Kaos Toko", price=85_000, category_id=category["id"]),
    )
    fuzz.remember("product_id", house["id"], own["id"])
    fuzz.remember("variant_id", *(v["id"] for p in (house, own) for v in p["variants"]))
    fuzz.remember("house_product_id", house["id"])
