"""Cart's fuzz seed: the customer's cart holds a house item (with its brand) and a seller's."""

from __future__ import annotations

from tests.fuzz.seeds import FuzzSeed

ORDER = 30  # after product, brand and warehouse: prices and stock exist


def seed(fuzz: FuzzSeed) -> None:
    house, own = fuzz.values["product_id"][:2]
    brand_id = fuzz.values["brand_id"][0]
    for product_id, brand in ((house, brand_id), (own, None)):
        variant = fuzz.call("product", "GET", f"/api/products/{product_id}")["variants"][0]
        body = {"variant_id": variant["id"], "quantity": 1}
        if brand:
            body["brand_id"] = brand
        cart = fuzz.call("cart", "POST", "/api/cart/items", as_="customer", json=body)
    fuzz.remember("item_id", *(item["id"] for item in cart["items"]))
