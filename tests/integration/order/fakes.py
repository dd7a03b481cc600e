"""Labelled FAKES of services that do not exist yet, speaking their documented contracts.

- ``address`` (api/address is not built): ``GET /internal/addresses/{id}`` → snapshot.
- ``logistic`` (api/logistic is not built): ``POST /internal/shipping/rates`` → ``{rates}``.
- ``xendit``: the third-party payment gateway, as the Xendit-compatible sandbox would answer
  the payment service (``POST /v2/invoices``, ``POST /refunds``).

Every other service in these tests is the real app on its own fresh database.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi import FastAPI, HTTPException

GAMBIR = {
    "recipient_name": "Siti Rahma",
    "phone": "+6281234567890",
    "street": "Jl. Medan Merdeka Barat No. 1",
    "village_code": "31.71.01.1001",
    "district_code": "31.71.01",
    "regency_code": "31.71",
    "province_code": "31",
    "postal_code": "10110",
    "city": "Jakarta Pusat",
    "province": "DKI Jakarta",
}


def address_app(addresses: dict[UUID, dict[str, Any]]) -> FastAPI:
    """FAKE address service: the addresses a test registered in ``addresses``."""
    app = FastAPI()

    @app.get("/internal/addresses/{address_id}")
    async def read(address_id: UUID) -> dict[str, Any]:
        if address_id not in addresses:
            raise HTTPException(404, "unknown address")
        return {"id": str(address_id), **addresses[address_id]}

    return app


def shipping_cost(weight_grams: int) -> int:
    """The fake's tariff: Rp 9,000 per started kilogram."""
    return 9_000 * max(1, -(-weight_grams // 1000))


# a destination no courier of the fake serves (its answer: no rates)
UNSERVED_POSTCODE = "99999"


def logistic_app(quotes: list[dict[str, Any]] | None = None) -> FastAPI:
    """FAKE logistic service: two courier services, the cheaper by weight (none to
    ``UNSERVED_POSTCODE``); every request for rates is kept in ``quotes`` (origin and
    destination postcodes, weight)."""
    app = FastAPI()

    @app.post("/internal/shipping/rates")
    async def rates(body: dict[str, Any]) -> dict[str, Any]:
        if quotes is not None:
            quotes.append(body)
        if body["destination_postal_code"] == UNSERVED_POSTCODE:
            return {"rates": []}
        weight = int(body["weight_grams"])
        return {
            "rates": [
                {"courier": "sicepat", "service": "reg", "price": shipping_cost(weight) + 1_000},
                {"courier": "jne", "service": "reg", "price": shipping_cost(weight)},
            ]
        }

    return app


def xendit_app(state: dict[str, Any]) -> FastAPI:
    """FAKE Xendit invoice API; ``state["fail"] = True`` makes invoice creation fail (500)."""
    app = FastAPI()

    @app.post("/v2/invoices")
    async def create(body: dict[str, Any]) -> dict[str, Any]:
        if state.get("fail"):
            raise HTTPException(500, "gateway down")
        invoice_id = f"inv_{uuid4().hex[:16]}"
        state.setdefault("invoices", []).append(invoice_id)
        state.setdefault("invoice_amounts", {})[invoice_id] = body["amount"]
        return {
            "id": invoice_id,
            "external_id": body["external_id"],
            "status": "PENDING",
            "amount": body["amount"],
            "invoice_url": f"https://checkout.xendit.test/{invoice_id}",
        }

    @app.post("/refunds")
    async def refund(body: dict[str, Any]) -> dict[str, Any]:
        state.setdefault("refunded", []).append((body["invoice_id"], body["amount"]))
        return {"id": f"rfd_{uuid4().hex[:12]}", "status": "SUCCEEDED", **body}

    return app
