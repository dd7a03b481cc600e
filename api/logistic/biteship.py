"""A client of Biteship's API, in Biteship's real shape (the sandbox speaks the same).

    POST /v1/rates/couriers   {origin_postal_code, destination_postal_code, couriers, items}
    POST /v1/orders           {origin_*, destination_*, courier_company, courier_type, items, …}
    GET  /v1/trackings/{id}   tracking with its history

Biteship authenticates with the API key as the bare ``authorization`` header.
"""

from __future__ import annotations

from typing import Any

import httpx

from api.kit.errors import UpstreamError, UpstreamTimeout


class BiteshipError(UpstreamError):
    """Biteship answered with an error."""


class BiteshipClient:
    """Talks to Biteship (or the Biteship-compatible sandbox) over HTTP."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            headers={"authorization": api_key},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def rates(
        self,
        *,
        origin_postal_code: str,
        destination_postal_code: str,
        weight_grams: int,
        couriers: str,
    ) -> list[dict[str, Any]]:
        """Every courier service's price for one parcel (Biteship's ``pricing`` list)."""
        body = {
            "origin_postal_code": int(origin_postal_code),
            "destination_postal_code": int(destination_postal_code),
            "couriers": couriers,
            "items": [{"name": "parcel", "value": 0, "weight": weight_grams, "quantity": 1}],
        }
        data = await self._call("POST", "/v1/rates/couriers", body)
        pricing: list[dict[str, Any]] = data.get("pricing", [])
        return pricing

    async def create_order(self, body: dict[str, Any]) -> dict[str, Any]:
        """Book a pickup; answers the order with its ``courier.waybill_id`` and tracking id."""
        return await self._call("POST", "/v1/orders", body)

    async def tracking(self, tracking_id: str) -> dict[str, Any]:
        """A parcel's tracking with its ``history``."""
        return await self._call("GET", f"/v1/trackings/{tracking_id}", None)

    async def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        try:
            response = await self._http.request(method, path, json=body)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"Biteship did not answer {path} in time") from exc
        except httpx.TransportError as exc:
            raise UpstreamError(f"Biteship is unreachable ({path})") from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code >= 400 or not data.get("success", False):
            raise BiteshipError(
                f"Biteship refused {path}: {data.get('error') or response.status_code}"
            )
        result: dict[str, Any] = data
        return result
