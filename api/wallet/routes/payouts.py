"""Payout accounts: the seller service registers a seller's bank account here (internal), a buyer
registers their own (public); either is validated by name at the provider."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from api.kit.access import owner
from api.kit.auth import InternalCall, Principal, Role, require_roles
from api.kit.deps import Uow
from api.wallet.errors import ProfileUnknown
from api.wallet.routes.deps import (
    OwnerQuery,
    Provider,
    Settings,
    UowFactory,
    WalletOwner,
    owner_type_for,
)
from api.wallet.schemas import BankAccountIn, PayoutAccountPut, PayoutAccountRead
from api.wallet.service import payout_accounts, standing

router = APIRouter(tags=["payout accounts"])
Buyer = Annotated[Principal, require_roles(Role.customer)]


@router.put("/internal/wallets/payout-accounts", dependencies=[InternalCall])
@owner("the payout account of the owner named in the body")
async def put_payout_account(
    body: PayoutAccountPut, uows: UowFactory, provider: Provider, settings: Settings
) -> PayoutAccountRead:
    """Validate a bank account by name (the holder must be ``expected_name``) and make it the
    owner's payout account: ``validated`` (usable at once the first time, after 24 h when it
    replaces another) or ``name_mismatch`` (nothing replaced)."""
    return await payout_accounts.register(
        uows,
        provider,
        user_id=body.user_id,
        owner_type=body.owner_type,
        bank_code=body.bank_code,
        account_number=body.account_number,
        account_holder_name=body.account_holder_name,
        expected_name=body.expected_name,
        now=settings.now(),
        block_hours=settings.payout_account_change_block_hours,
    )


@router.put("/api/wallets/me/payout-account")
@owner("the caller's own payout account")
async def put_my_payout_account(
    body: BankAccountIn,
    principal: Buyer,
    uows: UowFactory,
    provider: Provider,
    settings: Settings,
) -> PayoutAccountRead:
    """A buyer's own bank account for withdrawals; the holder must be the name the buyer
    registered with (sellers register theirs through ``PUT /api/sellers/me/bank-account``)."""
    async with uows() as uow:  # not held open while the bank answers
        name = await standing.registered_name(uow, principal.user_id)
    if name is None:
        raise ProfileUnknown("Your registered name is not known to the wallet yet; try again soon")
    return await payout_accounts.register(
        uows,
        provider,
        user_id=principal.user_id,
        owner_type="buyer",
        bank_code=body.bank_code,
        account_number=body.account_number,
        account_holder_name=body.account_holder_name,
        expected_name=name,
        now=settings.now(),
        block_hours=settings.payout_account_change_block_hours,
    )


@router.get("/api/wallets/me/payout-account")
@owner("the caller's own payout account")
async def my_payout_account(
    principal: WalletOwner, uow: Uow, settings: Settings, owner_type: OwnerQuery = None
) -> PayoutAccountRead:
    """The caller's payout account (the number's last four digits only)."""
    account = await payout_accounts.active_account(
        uow, user_id=principal.user_id, owner_type=owner_type_for(principal, owner_type)
    )
    return payout_accounts.read(account, now=settings.now())
