"""The seller's payout bank account: validated by name through the wallet (which asks the bank
through Xendit and keeps the full number), recorded here with its last four digits.

The holder must be the shop's legal name (the one the admin checked on its documents). A first
validated account is usable at once; a replacement blocks withdrawals for 24 h (the wallet
decides and says until when). A name mismatch replaces nothing but is announced as well, so a
string of mismatches is visible to fraud checks downstream.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from api.events.seller import SellerBankAccountChanged
from api.kit.uow import UnitOfWork
from api.seller.errors import SellerNotActive
from api.seller.models import BankAccount
from api.seller.schemas import BankAccountPut, BankAccountRead
from api.seller.service.shops import get
from api.seller.upstream import Upstreams


async def put_bank_account(
    uow: UnitOfWork, upstreams: Upstreams, *, seller_id: UUID, body: BankAccountPut, now: datetime
) -> BankAccountRead:
    """Validate and record the account (``validated``) or refuse it (``name_mismatch``)."""
    seller = await get(uow, seller_id, for_update=True)
    if seller.status == "rejected":
        raise SellerNotActive("A rejected shop has no payout account; apply again first")
    answer: dict[str, Any] = await upstreams.register_payout_account(
        {
            "user_id": str(seller.id),
            "owner_type": "seller",
            "bank_code": body.bank_code,
            "account_number": body.account_number,
            "account_holder_name": body.account_holder_name,
            "expected_name": seller.legal_name,
        }
    )
    status = answer["status"]
    blocked_until = (
        datetime.fromisoformat(answer["withdrawals_blocked_until"])
        if answer.get("withdrawals_blocked_until")
        else None
    )
    result = BankAccountRead(
        status=status,
        bank_code=answer["bank_code"],
        account_number_last4=answer["account_number_last4"],
        account_holder_name=body.account_holder_name,
        withdrawals_blocked_until=blocked_until,
    )
    current = await uow.session.get(BankAccount, seller.id)
    unchanged = (
        current is not None
        and status == "validated"
        and (current.bank_code, current.account_number_last4, current.withdrawals_blocked_until)
        == (result.bank_code, result.account_number_last4, blocked_until)
    )
    if unchanged:
        return result  # the same account validated again: nothing new to announce
    if status == "validated":
        if current is None:
            current = BankAccount(seller_id=seller.id)
            uow.session.add(current)
        current.bank_code = result.bank_code
        current.account_number_last4 = result.account_number_last4
        current.account_holder_name = body.account_holder_name
        current.withdrawals_blocked_until = blocked_until
        current.validated_at = now
    await uow.outbox.add(
        SellerBankAccountChanged(
            seller_id=seller.id,
            user_id=seller.id,
            bank_code=result.bank_code,
            account_number_last4=result.account_number_last4,
            account_holder_name=body.account_holder_name,
            status=status,
            withdrawals_blocked_until=blocked_until,
            changed_at=now,
        ),
        aggregate_id=seller.id,
    )
    return result


async def get_bank_account(uow: UnitOfWork, *, seller_id: UUID) -> BankAccount | None:
    """The shop's validated account, if it has one."""
    await get(uow, seller_id)
    return await uow.session.get(BankAccount, seller_id)
