"""A client of Xendit's Invoice API, in Xendit's real shape (the sandbox speaks the same).

    POST /v2/invoices               create (external_id, amount, payer_email, description,
                                    invoice_duration in seconds)
    GET  /v2/invoices/{id}          read
    POST /invoices/{id}/expire!     expire now
    POST /refunds                   refund (part of) a paid invoice

Xendit authenticates with HTTP Basic: the secret key as the username, an empty password. The
client never raises on a provider's 4xx: it hands back a :class:`GatewayResponse` so the service
can log every call (success or not) before deciding what the answer means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from api.kit.errors import UpstreamError, UpstreamTimeout


@dataclass(frozen=True, slots=True)
class GatewayResponse:
    """One call to the provider: what was sent and what came back."""

    operation: str
    method: str
    path: str
    request: dict[str, Any] | None
    status_code: int
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300


class XenditClient:
    """Talks to Xendit (or the Xendit-compatible sandbox) over HTTP."""

    def __init__(
        self,
        base_url: str,
        *,
        secret_key: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url,
            auth=httpx.BasicAuth(secret_key, ""),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def create_invoice(
        self,
        *,
        external_id: str,
        amount: int,
        invoice_duration: int,
        payer_email: str | None = None,
        description: str | None = None,
    ) -> GatewayResponse:
        """Create an invoice the customer pays on Xendit's hosted page."""
        body: dict[str, Any] = {
            "external_id": external_id,
            "amount": amount,
            "invoice_duration": invoice_duration,
            "currency": "IDR",
        }
        if payer_email:
            body["payer_email"] = payer_email
        if description:
            body["description"] = description
        return await self._call("create_invoice", "POST", "/v2/invoices", body)

    async def get_invoice(self, invoice_id: str) -> GatewayResponse:
        """Read an invoice as the provider has it now."""
        return await self._call("get_invoice", "GET", f"/v2/invoices/{invoice_id}", None)

    async def expire_invoice(self, invoice_id: str) -> GatewayResponse:
        """Close an unpaid invoice so it can no longer be paid."""
        return await self._call("expire_invoice", "POST", f"/invoices/{invoice_id}/expire!", None)

    async def create_refund(
        self, *, invoice_id: str, amount: int, reference_id: str, reason: str
    ) -> GatewayResponse:
        """Refund ``amount`` of a paid invoice to the method it was paid with."""
        body = {
            "invoice_id": invoice_id,
            "amount": amount,
            "reference_id": reference_id,
            "reason": "REQUESTED_BY_CUSTOMER",
            "metadata": {"note": reason[:200]},
        }
        return await self._call("create_refund", "POST", "/refunds", body)

    async def _call(
        self, operation: str, method: str, path: str, body: dict[str, Any] | None
    ) -> GatewayResponse:
        try:
            response = await self._http.request(method, path, json=body)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"Xendit did not answer {operation} in time") from exc
        except httpx.TransportError as exc:
            raise UpstreamError(f"Xendit is unreachable ({operation})") from exc
        try:
            data = response.json()
        except ValueError:
            data = {"raw": response.text[:2000]}
        if not isinstance(data, dict):
            data = {"data": data}
        return GatewayResponse(operation, method, path, body, response.status_code, data)
