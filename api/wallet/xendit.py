"""A client of Xendit's Disbursements API and bank-account name validation, in Xendit's real
shape (the sandbox speaks the same):

    POST /disbursements                    create (header X-IDEMPOTENCY-KEY; external_id,
                                           amount, bank_code, account_holder_name,
                                           account_number, description) → PENDING
    GET  /disbursements/{id}               read
    GET  /disbursements?external_id=...    the disbursements made under our reference
    POST /bank_account_data_requests       name check (bank_account_number, bank_code,
                                           given_name) → SUCCESS | PENDING | FAILURE with
                                           result {is_found, account_holder_name}
    GET  /bank_account_data_requests/{id}  the same check, later

A disbursement's outcome arrives as a callback (COMPLETED or FAILED with a failure_code) on
``/webhooks/xendit/disbursement``, signed with the account's callback token. Xendit refuses a
reused idempotency key with ``DUPLICATE_TRANSACTION_ERROR``: the disbursement made the first
time is then found by its external id.
"""

from __future__ import annotations

from typing import Any

from api.kit.xendit import GatewayResponse, XenditHttp

__all__ = ["GatewayResponse", "XenditDisbursements"]


class XenditDisbursements(XenditHttp):
    """Talks to Xendit's money-out APIs (or the Xendit-compatible sandbox)."""

    async def create_disbursement(
        self,
        *,
        external_id: str,
        amount: int,
        bank_code: str,
        account_holder_name: str,
        account_number: str,
        description: str,
        idempotency_key: str,
    ) -> GatewayResponse:
        """Ask Xendit to transfer ``amount`` to the bank account (answered PENDING)."""
        body: dict[str, Any] = {
            "external_id": external_id,
            "amount": amount,
            "bank_code": bank_code,
            "account_holder_name": account_holder_name,
            "account_number": account_number,
            "description": description,
        }
        return await self._call(
            "create_disbursement",
            "POST",
            "/disbursements",
            body,
            headers={"X-IDEMPOTENCY-KEY": idempotency_key},
        )

    async def get_disbursement(self, disbursement_id: str) -> GatewayResponse:
        """A disbursement as the provider has it now."""
        return await self._call(
            "get_disbursement", "GET", f"/disbursements/{disbursement_id}", None
        )

    async def disbursements_for(self, external_id: str) -> GatewayResponse:
        """The disbursements created under our reference (``body["data"]`` is the list)."""
        return await self._call(
            "find_disbursements",
            "GET",
            "/disbursements",
            None,
            params={"external_id": external_id},
        )

    async def validate_bank_account(
        self, *, bank_code: str, account_number: str, given_name: str
    ) -> GatewayResponse:
        """Look the account's holder up at its bank."""
        body = {
            "bank_account_number": account_number,
            "bank_code": bank_code,
            "given_name": given_name,
        }
        return await self._call(
            "validate_bank_account", "POST", "/bank_account_data_requests", body
        )

    async def bank_account_check(self, request_id: str) -> GatewayResponse:
        """A name check requested before (while it was PENDING)."""
        return await self._call(
            "bank_account_check", "GET", f"/bank_account_data_requests/{request_id}", None
        )
