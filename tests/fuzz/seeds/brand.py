"""Brand's fuzz seed: the brand manager runs the first house brand and prices a variant."""

from __future__ import annotations

from tests.fuzz.seeds import FuzzSeed

ORDER = 20


def seed(fuzz: FuzzSeed) -> None:
    brands = fuzz.call("brand", "GET", "/api/brands", as_="anonymous")["items"]
    brand_id = brands[0]["id"]
    fuzz.call(
        "brand",
        "PUT",
        f"/api/brands/{brand_id}/manager",
        json={"manager_user_id": str(fuzz.users["brand_manager"])},
    )
    house = fuzz.values["house_product_id"][0]
    variants = fuzz.call("product", "GET", f"/api/products/{house}")["variants"]
    for variant in variants:
        fuzz.call(
            "brand",
            "PUT",
            f"/api/brands/{brand_id}/products/{variant['id']}",
            as_="brand_manager",
            json={"price": 199_000},
        )
    fuzz.remember("brand_id", brand_id, brands[1]["id"])
