"""A client of Xendit's Invoice API, in Xendit's real shape (the sandbox speaks the same).

    POST /v2/invoices               create (external_id, amount, payer_email, description,
                                    invoice_duration in seconds)
    GET  /v2/invoices/{id}          read
    POST /invoices/{id}/expire!     expire now
    POST /refunds                   refund (part of) a paid invoice

The transport (HTTP Basic with the secret key, timeouts, answers handed back whole as a
:class:`GatewayResponse`) is the kit's, shared with the wallet's disbursement client.
"""

from __future__ import annotations

from typing import Any

from api.kit.xendit import GatewayResponse, XenditHttp

__all__ = ["GatewayResponse", "XenditClient"]


class XenditClient(XenditHttp):
    """Talks to Xendit's Invoice API (or the Xendit-compatible sandbox)."""

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
