"""Address (the shipping address snapshot) and logistic (shipping rates) clients.

Assumed contracts (these services are being built; see docs/checkout.md):

- ``GET /internal/addresses/{id}`` → ``{id, user_id, recipient_name, phone, street, village_code,
  district_code, regency_code, province_code, postal_code, city, province}``; 404 when unknown.
- ``POST /internal/shipping/rates {origin_postal_code, destination_postal_code, weight_grams}``
  → ``{rates: [{courier, service, price}]}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from api.events.values import AddressSnapshot
from api.kit.client import ServiceClient
from api.kit.errors import Unprocessable, UpstreamError


@dataclass(frozen=True, slots=True)
class Rate:
    courier: str
    service: str
    price: int


class AddressClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def snapshot(self, address_id: UUID, *, user_id: UUID) -> AddressSnapshot:
        """The user's address as it is now; 422 naming ``address_id`` if unknown or not theirs."""
        response = await self.http.get(f"/internal/addresses/{address_id}")
        if response.status_code == 404:
            raise Unprocessable(f"Address {address_id} does not exist", field="address_id")
        if response.status_code != 200:
            raise UpstreamError(f"address lookup failed with status {response.status_code}")
        body: dict[str, Any] = response.json()
        # Someone else's address is answered like an unknown one: ids are not to be probed.
        if str(body.get("user_id")) != str(user_id):
            raise Unprocessable(f"Address {address_id} does not exist", field="address_id")
        return AddressSnapshot(
            address_id=address_id,
            **{k: str(body[k]) for k in AddressSnapshot.model_fields if k != "address_id"},
        )


class LogisticClient:
    def __init__(self, http: ServiceClient) -> None:
        self.http = http

    async def cheapest(self, *, origin: str, destination: str, weight_grams: int) -> Rate:
        """The cheapest courier service for one parcel."""
        response = await self.http.post(
            "/internal/shipping/rates",
            json={
                "origin_postal_code": origin,
                "destination_postal_code": destination,
                "weight_grams": weight_grams,
            },
        )
        if response.status_code == 422:
            raise Unprocessable("No courier serves this address", field="address_id")
        if response.status_code != 200:
            raise UpstreamError(f"shipping rates failed with status {response.status_code}")
        rates = [
            Rate(courier=r["courier"], service=r["service"], price=int(r["price"]))
            for r in response.json()["rates"]
        ]
        if not rates:
            raise Unprocessable("No courier serves this address", field="address_id")
        return min(rates, key=lambda r: (r.price, r.courier, r.service))
