"""Payout accounts: the bank account withdrawals go to, validated by name at the provider.

One active account per wallet owner. The first validated account is usable at once; replacing
it with another validated account blocks withdrawals for 24 h (a fraud guard against a stolen
login redirecting the money). A name mismatch is recorded but replaces nothing. The bank's
holder name is shown only when it matched, so the route cannot be used to look names up.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select

from api.kit.errors import Unprocessable, UpstreamError
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.kit.xendit import GatewayResponse
from api.wallet.banks import BANKS, account_number_problem, names_match
from api.wallet.errors import PayoutAccountNotFound, ValidationPending
from api.wallet.models import PayoutAccount
from api.wallet.schemas import PayoutAccountRead
from api.wallet.service.provider_log import log_call
from api.wallet.xendit import XenditDisbursements

# a PENDING name check is asked about again a few times before the caller is told to retry
_PENDING_POLLS = 4
_PENDING_POLL_SECONDS = 0.5


def check_account_number(bank_code: str, account_number: str) -> None:
    """422 naming ``bank_code`` or ``account_number`` when the bank would refuse it."""
    problem = account_number_problem(bank_code, account_number)
    if problem is not None:
        field, message = problem
        raise Unprocessable(message, field=field)


def read(account: PayoutAccount, *, now: datetime) -> PayoutAccountRead:
    blocked = account.usable_from if account.usable_from and account.usable_from > now else None
    validated = account.status == "validated"
    return PayoutAccountRead(
        status=account.status,
        bank_code=account.bank_code,
        account_number_last4=account.account_number[-4:],
        bank_holder_name=account.bank_holder_name if validated else None,
        withdrawals_blocked_until=blocked if validated else None,
    )


async def current_account(
    uow: UnitOfWork, *, user_id: UUID, owner_type: str
) -> PayoutAccount | None:
    """The owner's active payout account, if any."""
    return (
        await uow.session.scalars(
            select(PayoutAccount).where(
                PayoutAccount.user_id == user_id,
                PayoutAccount.owner_type == owner_type,
                PayoutAccount.active,
            )
        )
    ).first()


async def active_account(uow: UnitOfWork, *, user_id: UUID, owner_type: str) -> PayoutAccount:
    """The owner's active payout account; 404 without one."""
    account = await current_account(uow, user_id=user_id, owner_type=owner_type)
    if account is None:
        raise PayoutAccountNotFound("No validated payout account yet")
    return account


async def _check_at_bank(
    provider: XenditDisbursements, *, bank_code: str, account_number: str, given_name: str
) -> GatewayResponse:
    response = await provider.validate_bank_account(
        bank_code=bank_code, account_number=account_number, given_name=given_name
    )
    for _ in range(_PENDING_POLLS):
        if not (response.ok and response.body.get("status") == "PENDING"):
            break
        await asyncio.sleep(_PENDING_POLL_SECONDS)
        response = await provider.bank_account_check(str(response.body.get("id")))
    return response


def _holder_name(response: GatewayResponse, bank_code: str) -> str:
    """The bank's holder name from a finished check, or the error saying what was wrong."""
    bank = BANKS[bank_code].name
    if not response.ok:
        if response.error_code in ("BANK_CODE_NOT_SUPPORTED", "INVALID_BANK_CODE"):
            raise Unprocessable(f"{bank} cannot be checked by the provider", field="bank_code")
        if response.status_code in (400, 404, 422):
            raise Unprocessable(
                f"{bank} refused the account number: {response.body.get('message', '')}",
                field="account_number",
            )
        raise UpstreamError(f"The provider failed the account check ({response.status_code})")
    status = response.body.get("status")
    if status == "PENDING":
        raise ValidationPending(
            "The bank has not answered yet; try again in a minute", headers={"Retry-After": "30"}
        )
    result: dict[str, Any] = response.body.get("result") or {}
    name = result.get("account_holder_name")
    if status != "SUCCESS" or not result.get("is_found") or not name:
        raise Unprocessable(f"No such account at {bank}", field="account_number")
    if result.get("is_virtual_account"):
        raise Unprocessable("A virtual account cannot receive payouts", field="account_number")
    return str(name)


async def register(
    uow_factory: UnitOfWorkFactory,
    provider: XenditDisbursements,
    *,
    user_id: UUID,
    owner_type: str,
    bank_code: str,
    account_number: str,
    account_holder_name: str,
    expected_name: str,
    now: datetime,
    block_hours: float,
) -> PayoutAccountRead:
    """Validate the account at its bank and make it the owner's payout account if the holder's
    name matches ``expected_name``."""
    check_account_number(bank_code, account_number)
    response = await _check_at_bank(
        provider, bank_code=bank_code, account_number=account_number, given_name=account_holder_name
    )
    async with uow_factory() as uow:
        log_call(uow, response, withdrawal_id=None)
        try:
            holder = _holder_name(response, bank_code)
        except Unprocessable:
            await uow.commit()  # the log of the refused check stays
            raise
        account = await _record(
            uow,
            user_id=user_id,
            owner_type=owner_type,
            bank_code=bank_code,
            account_number=account_number,
            submitted=account_holder_name,
            expected=expected_name,
            holder=holder,
            reference=str(response.body.get("id") or "") or None,
            now=now,
            block=timedelta(hours=block_hours),
        )
        await uow.commit()
    return read(account, now=now)


async def _record(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    owner_type: str,
    bank_code: str,
    account_number: str,
    submitted: str,
    expected: str,
    holder: str,
    reference: str | None,
    now: datetime,
    block: timedelta,
) -> PayoutAccount:
    # one owner's account changes one at a time (a transaction lock on the owner)
    lock_key = f"payout-account:{user_id}:{owner_type}"
    await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(lock_key))))
    current = await current_account(uow, user_id=user_id, owner_type=owner_type)
    matched = names_match(holder, expected)
    if (
        matched
        and current is not None
        and (current.bank_code, current.account_number) == (bank_code, account_number)
    ):
        return current  # validated again: nothing changes, no new block
    account = PayoutAccount(
        user_id=user_id,
        owner_type=owner_type,
        bank_code=bank_code,
        account_number=account_number,
        submitted_holder_name=submitted,
        expected_name=expected,
        bank_holder_name=holder,
        status="validated" if matched else "name_mismatch",
        active=matched,
        provider_reference=reference,
        usable_from=(now if current is None else now + block) if matched else None,
        created_at=now,
    )
    if matched and current is not None:
        current.active = False
        current.deactivated_at = now
        await uow.session.flush()  # the old one leaves the one-active index before the new joins
    uow.session.add(account)
    await uow.session.flush()
    return account
