"""The Xendit sandbox's money-out half: disbursements and bank-account name validation.

Provider API (HTTP Basic auth, the secret key as the username):

    POST /disbursements                     {external_id, amount, bank_code, account_holder_name,
                                             account_number, description}, header
                                             X-IDEMPOTENCY-KEY → disbursement (PENDING); a reused
                                             key → 400 DUPLICATE_TRANSACTION_ERROR
    GET  /disbursements/{id}                → disbursement
    GET  /disbursements?external_id=        → [disbursement]
    POST /bank_account_data_requests        {bank_account_number, bank_code, given_name?}
                                            → {id, status: SUCCESS, result: {is_found,
                                               account_holder_name, is_virtual_account}}
    GET  /bank_account_data_requests/{id}   → the same

A disbursement completes (or fails) ``disbursement_completion_seconds`` after it was created and
its callback goes to ``disbursement_callback_url`` with the ``x-callback-token``; with 0 it waits
for a control below. An account nobody registered exists and is held by whoever the caller names.

Sandbox controls (no auth; they play the banks):

    PUT  /sandbox/bank-accounts/{bank_code}/{account_number}
                         {account_holder_name, exists?, transfer_failure_code?} — the bank's
                         record; with a failure code every transfer to it fails
    POST /sandbox/disbursements/{id}/complete  {callback_times?}
    POST /sandbox/disbursements/{id}/fail      {failure_code?, callback_times?}
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Body, Header, Query
from pydantic import BaseModel, Field

from lakoo.sandboxes.http import ProviderError, callback_client

BANK_CODES = frozenset(
    {"BCA", "BNI", "BRI", "MANDIRI", "CIMB", "PERMATA", "BSI", "DANAMON", "BTN", "OCBC",
     "PANIN", "MAYBANK", "BTPN", "MEGA", "BJB"}
)  # fmt: skip


class DisbursementRequest(BaseModel):
    external_id: str = Field(min_length=1)
    amount: int = Field(ge=1)
    bank_code: str
    account_holder_name: str = Field(min_length=1)
    account_number: str = Field(min_length=1)
    description: str = ""
    email_to: list[str] | None = None


class NameCheckRequest(BaseModel):
    bank_account_number: str = Field(min_length=1)
    bank_code: str
    given_name: str | None = None
    reference_id: str | None = None


class BankAccountRecord(BaseModel):
    account_holder_name: str = Field(min_length=1)
    exists: bool = True
    transfer_failure_code: str | None = None


class SettleRequest(BaseModel):
    failure_code: str = "REJECTED_BY_BANK"
    callback_times: int = Field(1, ge=0, le=5)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(status: int, code: str, message: str) -> ProviderError:
    return ProviderError(status, code, message)


def disbursement_router(
    *,
    authenticate: Callable[[str | None], None],
    callback_url: str,
    callback_token: str,
    completion_seconds: float,
    callback_transport: httpx.AsyncBaseTransport | None,
    state: dict[str, Any],
) -> APIRouter:
    """The routes above, keeping their records in ``state``; the app renders their refusals
    in Xendit's shape (:func:`lakoo.sandboxes.http.answer_provider_errors`)."""
    router = APIRouter()
    disbursements: dict[str, dict[str, Any]] = state.setdefault("disbursements", {})
    keys: dict[str, str] = state.setdefault("disbursement_keys", {})
    banks: dict[tuple[str, str], BankAccountRecord] = state.setdefault("bank_accounts", {})
    checks: dict[str, dict[str, Any]] = state.setdefault("name_checks", {})
    pending: set[asyncio.Task[None]] = state.setdefault("pending_settlements", set())

    def found(disbursement_id: str) -> dict[str, Any]:
        if disbursement_id not in disbursements:
            raise _error(404, "DIRECT_DISBURSEMENT_NOT_FOUND_ERROR", "Disbursement not found")
        return disbursements[disbursement_id]

    async def callback(disbursement: dict[str, Any], times: int) -> list[int]:
        body = {**disbursement, "user_id": "sandbox-merchant", "is_instant": True}
        statuses: list[int] = []
        async with callback_client(callback_transport) as client:
            for _ in range(times):
                try:
                    response = await client.post(
                        callback_url, json=body, headers={"x-callback-token": callback_token}
                    )
                    statuses.append(response.status_code)
                except httpx.HTTPError:
                    statuses.append(0)  # the merchant is down: Xendit would retry later
        return statuses

    def settle(disbursement: dict[str, Any], failure_code: str | None) -> None:
        if disbursement["status"] == "PENDING":
            disbursement["status"] = "FAILED" if failure_code else "COMPLETED"
            if failure_code:
                disbursement["failure_code"] = failure_code
            disbursement["updated"] = _now()

    def bank_outcome(disbursement: dict[str, Any]) -> str | None:
        """The failure code the destination bank answers with (None: it takes the money)."""
        record = banks.get((disbursement["bank_code"], disbursement["account_number"]))
        if record is None:
            return None
        if not record.exists:
            return "INVALID_DESTINATION"
        return record.transfer_failure_code

    async def settle_later(disbursement: dict[str, Any]) -> None:
        await asyncio.sleep(completion_seconds)
        if disbursement["status"] == "PENDING":
            settle(disbursement, bank_outcome(disbursement))
            await callback(disbursement, 1)

    @router.post("/disbursements")
    async def create(
        body: DisbursementRequest,
        authorization: Annotated[str | None, Header()] = None,
        x_idempotency_key: Annotated[str | None, Header()] = None,
    ) -> dict[str, Any]:
        authenticate(authorization)
        if x_idempotency_key and x_idempotency_key in keys:
            raise _error(400, "DUPLICATE_TRANSACTION_ERROR", "Idempotency key has been used before")
        if body.bank_code not in BANK_CODES:
            raise _error(400, "BANK_CODE_NOT_SUPPORTED_ERROR", "Destination bank is not supported")
        if not body.description.strip():
            raise _error(400, "API_VALIDATION_ERROR", "description is required")
        disbursement_id = f"disb-{secrets.token_hex(10)}"
        disbursement = {
            "id": disbursement_id,
            "external_id": body.external_id,
            "amount": body.amount,
            "bank_code": body.bank_code,
            "account_holder_name": body.account_holder_name,
            "account_number": body.account_number,
            "disbursement_description": body.description,
            "status": "PENDING",
            "created": _now(),
            "updated": _now(),
        }
        disbursements[disbursement_id] = disbursement
        if x_idempotency_key:
            keys[x_idempotency_key] = disbursement_id
        if completion_seconds > 0:
            task = asyncio.create_task(settle_later(disbursement))
            pending.add(task)
            task.add_done_callback(pending.discard)
        return {k: v for k, v in disbursement.items() if k != "account_number"}

    @router.get("/disbursements/{disbursement_id}")
    async def read(
        disbursement_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        return found(disbursement_id)

    @router.get("/disbursements")
    async def by_external_id(
        external_id: Annotated[str, Query()], authorization: Annotated[str | None, Header()] = None
    ) -> list[dict[str, Any]]:
        authenticate(authorization)
        return [d for d in disbursements.values() if d["external_id"] == external_id]

    @router.post("/bank_account_data_requests")
    async def check_name(
        body: NameCheckRequest, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        if body.bank_code not in BANK_CODES:
            raise _error(400, "BANK_CODE_NOT_SUPPORTED", "Bank code is not supported")
        record = banks.get((body.bank_code, body.bank_account_number))
        holder = record.account_holder_name if record else (body.given_name or "SANDBOX HOLDER")
        exists = record.exists if record else True
        check_id = f"bknv-{secrets.token_hex(10)}"
        check: dict[str, Any] = {
            "id": check_id,
            "bank_code": body.bank_code,
            "bank_account_number": body.bank_account_number,
            "reference_id": body.reference_id,
            "status": "SUCCESS",
            "result": {
                "is_found": exists,
                "account_holder_name": holder.upper() if exists else None,
                "is_virtual_account": False,
            },
            "created": _now(),
            "updated": _now(),
        }
        checks[check_id] = check
        return check

    @router.get("/bank_account_data_requests/{check_id}")
    async def read_check(
        check_id: str, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        authenticate(authorization)
        if check_id not in checks:
            raise _error(404, "DATA_NOT_FOUND", "Bank account data request not found")
        return checks[check_id]

    @router.put("/sandbox/bank-accounts/{bank_code}/{account_number}")
    async def register_bank_account(
        bank_code: str, account_number: str, body: BankAccountRecord
    ) -> dict[str, Any]:
        banks[(bank_code, account_number)] = body
        return {"bank_code": bank_code, "account_number": account_number, **body.model_dump()}

    async def settle_now(
        disbursement_id: str, failure_code: str | None, times: int
    ) -> dict[str, Any]:
        disbursement = found(disbursement_id)
        settle(disbursement, failure_code)
        statuses = await callback(disbursement, times)
        return {"disbursement": disbursement, "callback_statuses": statuses}

    @router.post("/sandbox/disbursements/{disbursement_id}/complete")
    async def complete(
        disbursement_id: str, body: Annotated[SettleRequest | None, Body()] = None
    ) -> dict[str, Any]:
        return await settle_now(disbursement_id, None, (body or SettleRequest()).callback_times)

    @router.post("/sandbox/disbursements/{disbursement_id}/fail")
    async def fail(
        disbursement_id: str, body: Annotated[SettleRequest | None, Body()] = None
    ) -> dict[str, Any]:
        request = body or SettleRequest()
        return await settle_now(disbursement_id, request.failure_code, request.callback_times)

    return router
