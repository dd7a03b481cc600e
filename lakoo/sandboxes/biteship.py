"""The Biteship-compatible sandbox: rates, orders, trackings, and the signed status webhook.

Provider API (the API key as the bare ``authorization`` header):

    POST /v1/rates/couriers   {origin_postal_code, destination_postal_code, couriers, items}
    POST /v1/orders           → order {id, courier: {tracking_id, waybill_id, …}, status, price}
    GET  /v1/orders/{id}
    GET  /v1/trackings/{id}   → tracking with its history

Sandbox controls (they stand for the courier on the road):

    POST /sandbox/orders/{id}/advance   {status?}  next status (or the one given), then the
                                        ``order.status`` webhook signed with HMAC-SHA256 of the
                                        raw body in ``x-biteship-signature``
    GET  /health
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from fastapi import Body, FastAPI, Header, HTTPException
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

from lakoo.sandboxes.fees import COURIERS, courier_price
from lakoo.sandboxes.http import callback_client

# The road a parcel travels in the sandbox, in Biteship's status names.
PROGRESSION = ("confirmed", "allocated", "picking_up", "picked", "dropping_off", "delivered")
FINAL = frozenset({"delivered", "rejected", "cancelled", "returned", "disposed"})


class BiteshipSandboxSettings(BaseSettings):
    """The same ``BITESHIP_*`` names as the logistic service reads; the keys have no defaults."""

    model_config = SettingsConfigDict(env_prefix="BITESHIP_", extra="ignore")

    api_key: str
    webhook_secret: str
    webhook_url: str = "http://127.0.0.1:3000/webhooks/biteship"


class AdvanceRequest(BaseModel):
    status: str | None = None
    note: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _error(status: int, message: str) -> HTTPException:
    return HTTPException(status, {"success": False, "error": message, "code": 40000000 + status})


def create_biteship_sandbox(
    settings: BiteshipSandboxSettings | None = None,
    *,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """The sandbox app; ``webhook_transport`` routes webhooks in-process (tests)."""
    config = settings or BiteshipSandboxSettings()
    orders: dict[str, dict[str, Any]] = {}
    by_reference: dict[str, str] = {}
    app = FastAPI(title="Biteship sandbox (LAKOO)")
    app.state.orders = orders

    def authenticate(authorization: str | None) -> None:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), config.api_key.encode()):
            raise _error(401, "Authentication failed: invalid API key")

    def order_or_404(order_id: str) -> dict[str, Any]:
        if order_id not in orders:
            raise _error(404, "Order not found")
        return orders[order_id]

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "provider": "biteship-sandbox"}

    @app.post("/v1/rates/couriers")
    async def rates(
        body: dict[str, Any], authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        try:
            origin = f"{int(body['origin_postal_code']):05d}"
            destination = f"{int(body['destination_postal_code']):05d}"
            grams = sum(int(i["weight"]) * int(i.get("quantity", 1)) for i in body["items"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _error(400, f"Invalid rate request: {exc}") from exc
        wanted = [c.strip() for c in str(body.get("couriers", "")).split(",") if c.strip()]
        pricing = [
            {
                "courier_name": code.upper(),
                "courier_code": code,
                "courier_service_name": name,
                "courier_service_code": service,
                "description": name,
                "duration": f"{days} days",
                "shipment_duration_range": days,
                "shipment_duration_unit": "days",
                "service_type": kind,
                "shipping_type": "parcel",
                "price": courier_price(base, per_kg, origin, destination, grams),
                "type": service,
            }
            for code in wanted or list(COURIERS)
            for service, name, kind, base, per_kg, days in COURIERS.get(code, [])
        ]
        return {
            "success": True,
            "object": "courier_pricing",
            "message": "Success to retrieve courier pricing",
            "origin": {"postal_code": int(origin)},
            "destination": {"postal_code": int(destination)},
            "pricing": pricing,
        }

    @app.post("/v1/orders")
    async def create_order(
        body: dict[str, Any], authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        reference = body.get("reference_id")
        # a retried booking with the same reference gets the same order, not a second pickup
        if reference and reference in by_reference:
            return orders[by_reference[reference]]
        company, kind = body.get("courier_company"), body.get("courier_type")
        services = {s[0]: s for s in COURIERS.get(str(company), [])}
        if kind not in services:
            raise _error(400, f"Courier {company}/{kind} is not available")
        _, _, _, base, per_kg, _ = services[kind]
        grams = sum(int(i["weight"]) * int(i.get("quantity", 1)) for i in body.get("items", []))
        price = courier_price(
            base,
            per_kg,
            f"{int(body['origin_postal_code']):05d}",
            f"{int(body['destination_postal_code']):05d}",
            grams,
        )
        order_id = secrets.token_hex(12)
        order = {
            "success": True,
            "object": "order",
            "id": order_id,
            "reference_id": reference,
            "shipper": {"name": body.get("origin_contact_name")},
            "origin": {"postal_code": body["origin_postal_code"]},
            "destination": {
                "postal_code": body["destination_postal_code"],
                "contact_name": body.get("destination_contact_name"),
            },
            "courier": {
                "tracking_id": secrets.token_hex(12),
                "waybill_id": f"{str(company).upper()}{secrets.randbelow(10**10):010d}",
                "company": company,
                "type": kind,
                "history": [
                    {"status": "confirmed", "note": "Order confirmed", "updated_at": _now()}
                ],
            },
            "items": body.get("items", []),
            "price": price,
            "status": "confirmed",
        }
        orders[order_id] = order
        if reference:
            by_reference[reference] = order_id
        return order

    @app.get("/v1/orders/{order_id}")
    async def get_order(
        order_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        return order_or_404(order_id)

    @app.get("/v1/trackings/{tracking_id}")
    async def tracking(
        tracking_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        order = next(
            (o for o in orders.values() if o["courier"]["tracking_id"] == tracking_id), None
        )
        if order is None:
            raise _error(404, "Tracking not found")
        return {
            "success": True,
            "object": "tracking",
            "id": tracking_id,
            "waybill_id": order["courier"]["waybill_id"],
            "courier": {"company": order["courier"]["company"]},
            "status": order["status"],
            "history": order["courier"]["history"],
            "link": f"https://track.example/{order['courier']['waybill_id']}",
            "order_id": order["id"],
        }

    @app.get("/sandbox/orders")
    async def list_orders(reference_id: str | None = None) -> dict[str, Any]:
        """The courier's dashboard: every booked order, or the one for a ``reference_id``."""
        # a client driving the courier (tests, the simulator) knows LAKOO's order id, not ours
        if reference_id is not None:
            found = by_reference.get(reference_id)
            return {"items": [orders[found]] if found else []}
        return {"items": list(orders.values())}

    @app.post("/sandbox/orders/{order_id}/advance")
    async def advance(
        order_id: str, body: Annotated[AdvanceRequest | None, Body()] = None
    ) -> dict[str, Any]:
        request = body or AdvanceRequest()
        order = order_or_404(order_id)
        if order["status"] in FINAL:
            raise _error(409, f"Order is already {order['status']}")
        if request.status:
            status = request.status
        else:
            position = PROGRESSION.index(order["status"]) if order["status"] in PROGRESSION else 0
            status = PROGRESSION[min(position + 1, len(PROGRESSION) - 1)]
        note = request.note or f"Sandbox: {status.replace('_', ' ')}"
        order["status"] = status
        order["courier"]["history"].append({"status": status, "note": note, "updated_at": _now()})
        payload = {
            "event": "order.status",
            "courier_tracking_id": order["courier"]["tracking_id"],
            "courier_waybill_id": order["courier"]["waybill_id"],
            "courier_company": order["courier"]["company"],
            "courier_type": order["courier"]["type"],
            "order_id": order_id,
            "order_price": order["price"],
            "status": status,
            "note": note,
            "updated_at": _now(),
        }
        raw = json.dumps(payload).encode()
        signature = hmac.new(config.webhook_secret.encode(), raw, hashlib.sha256).hexdigest()
        async with callback_client(webhook_transport) as client:
            try:
                response = await client.post(
                    config.webhook_url,
                    content=raw,
                    headers={"content-type": "application/json", "x-biteship-signature": signature},
                )
                delivered = response.status_code
            except httpx.HTTPError:
                delivered = 0
        return {"order_id": order_id, "status": status, "webhook_status": delivered}

    return app
