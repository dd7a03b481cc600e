"""The Xendit-compatible sandbox: invoices, their expiry, refunds, and the invoice callback;
disbursements and bank-account name validation (:mod:`lakoo.sandboxes.xendit_disbursements`).

Provider API (HTTP Basic auth, the secret key as the username):

    POST /v2/invoices               {external_id, amount, payer_email?, description?,
                                     invoice_duration?}  → invoice (status PENDING)
    GET  /v2/invoices/{id}          → invoice
    POST /invoices/{id}/expire!     → invoice (status EXPIRED)
    POST /refunds                   {invoice_id, amount, reference_id?, reason?} → refund

Sandbox controls (no auth, they stand for the customer at the hosted payment page):

    POST /sandbox/invoices/{id}/pay     {payment_method?, payment_channel?, callback_times?}
    POST /sandbox/invoices/{id}/expire  {callback_times?}
    GET  /health
"""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
from fastapi import Body, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from lakoo.sandboxes.fees import xendit_fee
from lakoo.sandboxes.http import answer_provider_errors, basic_auth_username, callback_client
from lakoo.sandboxes.xendit_disbursements import disbursement_router


class XenditSandboxSettings(BaseSettings):
    """The same ``XENDIT_*`` names as the payment service reads; the keys have no defaults."""

    model_config = SettingsConfigDict(env_prefix="XENDIT_", extra="ignore")

    secret_key: str
    callback_token: str
    callback_url: str = "http://127.0.0.1:3000/webhooks/xendit/invoice"
    disbursement_callback_url: str = "http://127.0.0.1:3000/webhooks/xendit/disbursement"
    # seconds until a disbursement completes (or fails) by itself; 0: only by a sandbox control
    disbursement_completion_seconds: float = 1.0
    public_url: str = "http://127.0.0.1:3090"
    # Moves the sandbox's clock with the services' (the demo trades in a week that has ended).
    clock_offset_seconds: float = 0.0


class InvoiceRequest(BaseModel):
    external_id: str = Field(min_length=1)
    amount: int = Field(ge=1)
    payer_email: str | None = None
    description: str | None = None
    invoice_duration: int = Field(86400, ge=1)
    currency: str = "IDR"


class PayRequest(BaseModel):
    payment_method: str = "BANK_TRANSFER"
    payment_channel: str = "BCA"
    callback_times: int = Field(1, ge=0, le=5)


class ExpireRequest(BaseModel):
    callback_times: int = Field(1, ge=0, le=5)


class RefundRequest(BaseModel):
    invoice_id: str
    amount: int = Field(ge=1)
    reference_id: str | None = None
    reason: str | None = None


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def create_xendit_sandbox(
    settings: XenditSandboxSettings | None = None,
    *,
    callback_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """The sandbox app; ``callback_transport`` routes callbacks in-process (tests)."""
    config = settings or XenditSandboxSettings()

    def clock() -> datetime:
        return datetime.now(UTC) + timedelta(seconds=config.clock_offset_seconds)

    invoices: dict[str, dict[str, Any]] = {}
    refunds: dict[str, dict[str, Any]] = {}
    app = FastAPI(title="Xendit sandbox (LAKOO)")
    app.state.invoices = invoices

    def authenticate(authorization: str | None) -> None:
        username = basic_auth_username(authorization)
        if username is None or not hmac.compare_digest(username, config.secret_key):
            raise HTTPException(
                401, {"error_code": "INVALID_API_KEY", "message": "API key is invalid"}
            )

    def invoice_or_404(invoice_id: str) -> dict[str, Any]:
        invoice = invoices.get(invoice_id)
        if invoice is None:
            raise HTTPException(
                404, {"error_code": "INVOICE_NOT_FOUND_ERROR", "message": "Invoice not found"}
            )
        return invoice

    async def send_callback(invoice: dict[str, Any], times: int) -> list[int]:
        body = {**invoice, "user_id": "sandbox-merchant", "is_high": False}
        body.pop("invoice_url", None)
        statuses: list[int] = []
        async with callback_client(callback_transport) as client:
            for _ in range(times):
                try:
                    response = await client.post(
                        config.callback_url,
                        json=body,
                        headers={"x-callback-token": config.callback_token},
                    )
                    statuses.append(response.status_code)
                except httpx.HTTPError:
                    statuses.append(0)  # the merchant is down: Xendit would retry later
        return statuses

    app.state.money_out = {}
    answer_provider_errors(app)
    app.include_router(
        disbursement_router(
            authenticate=authenticate,
            callback_url=config.disbursement_callback_url,
            callback_token=config.callback_token,
            completion_seconds=config.disbursement_completion_seconds,
            callback_transport=callback_transport,
            state=app.state.money_out,
        )
    )

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "provider": "xendit-sandbox"}

    @app.post("/v2/invoices")
    async def create_invoice(
        body: InvoiceRequest, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        now = clock()
        invoice_id = secrets.token_hex(12)
        invoice = {
            "id": invoice_id,
            "external_id": body.external_id,
            "status": "PENDING",
            "merchant_name": "LAKOO",
            "amount": body.amount,
            "payer_email": body.payer_email,
            "description": body.description,
            "expiry_date": _iso(now + timedelta(seconds=body.invoice_duration)),
            "invoice_url": f"{config.public_url}/web/invoices/{invoice_id}",
            "currency": body.currency,
            "created": _iso(now),
            "updated": _iso(now),
        }
        invoices[invoice_id] = invoice
        return invoice

    @app.get("/v2/invoices/{invoice_id}")
    async def get_invoice(
        invoice_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        return invoice_or_404(invoice_id)

    @app.post("/invoices/{invoice_id}/expire!")
    async def expire_invoice(
        invoice_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        invoice = invoice_or_404(invoice_id)
        if invoice["status"] != "PENDING":
            raise HTTPException(
                404, {"error_code": "INVOICE_NOT_FOUND_ERROR", "message": "Invoice is not open"}
            )
        invoice.update(status="EXPIRED", updated=_iso(clock()))
        return invoice

    @app.post("/refunds")
    async def create_refund(
        body: RefundRequest, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        invoice = invoice_or_404(body.invoice_id)
        refunded = sum(r["amount"] for r in refunds.values() if r["invoice_id"] == body.invoice_id)
        if (
            invoice["status"] not in ("PAID", "SETTLED")
            or refunded + body.amount > invoice["amount"]
        ):
            raise HTTPException(
                400, {"error_code": "REFUND_NOT_ALLOWED", "message": "Refund not allowed"}
            )
        refund_id = f"rfd-{secrets.token_hex(8)}"
        refund: dict[str, Any] = {
            "id": refund_id,
            "invoice_id": body.invoice_id,
            "reference_id": body.reference_id,
            "amount": body.amount,
            "currency": "IDR",
            "status": "SUCCEEDED",
            "reason": body.reason,
            "created": _iso(clock()),
        }
        refunds[refund_id] = refund
        return refund

    @app.post("/sandbox/invoices/{invoice_id}/pay")
    async def pay(
        invoice_id: str, body: Annotated[PayRequest | None, Body()] = None
    ) -> dict[str, Any]:
        request = body or PayRequest()
        invoice = invoice_or_404(invoice_id)
        if invoice["status"] == "EXPIRED":
            raise HTTPException(409, {"error_code": "INVOICE_EXPIRED", "message": "expired"})
        if invoice["status"] == "PENDING":
            now = _iso(clock())
            fee = xendit_fee(request.payment_method, invoice["amount"])
            invoice.update(
                status="PAID",
                paid_amount=invoice["amount"],
                fees_paid_amount=fee,
                adjusted_received_amount=invoice["amount"] - fee,
                payment_method=request.payment_method,
                payment_channel=request.payment_channel,
                bank_code=request.payment_channel,
                paid_at=now,
                updated=now,
            )
        callbacks = await send_callback(invoice, request.callback_times)
        return {"invoice": invoice, "callback_statuses": callbacks}

    @app.post("/sandbox/invoices/{invoice_id}/expire")
    async def expire(
        invoice_id: str, body: Annotated[ExpireRequest | None, Body()] = None
    ) -> dict[str, Any]:
        invoice = invoice_or_404(invoice_id)
        if invoice["status"] == "PENDING":
            invoice.update(status="EXPIRED", updated=_iso(clock()))
        callbacks = await send_callback(invoice, (body or ExpireRequest()).callback_times)
        return {"invoice": invoice, "callback_statuses": callbacks}

    return app
