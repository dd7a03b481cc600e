"""Address's fuzz seed: two addresses of the customer in Gambir (one to delete, one to keep)."""

from __future__ import annotations

from tests.fuzz.seeds import FuzzSeed

ORDER = 20


def seed(fuzz: FuzzSeed) -> None:
    hits = fuzz.call(
        "address", "GET", "/api/regions/search", as_="anonymous", params={"q": "Gambir"}
    )["items"]
    gambir = next(h for h in hits if h["village"].lower() == "gambir")
    for street in ("Jl. Medan Merdeka Barat No. 1", "Jl. Abdul Muis No. 7"):
        address = fuzz.call(
            "address",
            "POST",
            "/api/addresses",
            as_="customer",
            json={
                "recipient_name": "Siti Rahma",
                "phone": "081234567890",
                "street": street,
                "village_code": gambir["village_code"],
                "postal_code": gambir["postal_code"],
            },
        )
        fuzz.remember("address_id", address["id"])
