"""Public wallet routes (DESIGN §10): the caller's own wallets and statements; a wallet by id for
its owner or an admin (anyone else gets 404, never a hint that it exists)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.kit.access import owner
from api.kit.deps import Uow
from api.kit.schemas import Page, Paging
from api.wallet.routes.deps import AnyUser, OwnerQuery, UowFactory, Wallets, owner_type_for
from api.wallet.schemas import TransactionRead, WalletRead
from api.wallet.service.ledger.operations import WalletRef
from api.wallet.service.wallets import balances_of, owned_wallet, statement

router = APIRouter(tags=["wallets"])


async def _read(uow: Uow, wallet: WalletRef) -> WalletRead:
    figures = await balances_of(uow.session, wallet.id)
    return WalletRead(
        id=wallet.id,
        user_id=wallet.user_id,
        owner_type=wallet.owner_type,
        **figures,
    )


async def _statement(uow: Uow, wallet: WalletRef, paging: Paging) -> Page[TransactionRead]:
    rows, total = await statement(uow.session, wallet_id=wallet.id, paging=paging)
    return Page[TransactionRead](
        items=[TransactionRead.model_validate(row) for row in rows],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get("/api/wallets/me")
@owner("the caller's own wallet")
async def my_wallet(
    principal: AnyUser, uow: Uow, uows: UowFactory, wallets: Wallets, owner_type: OwnerQuery = None
) -> WalletRead:
    """The caller's wallet: ``balance`` (posted), ``held``, ``available`` = balance − held."""
    wallet = await wallets.open_committed(
        uows, principal.user_id, owner_type_for(principal, owner_type)
    )
    return await _read(uow, wallet)


@router.get("/api/wallets/me/transactions")
@owner("the caller's own wallet")
async def my_transactions(
    principal: AnyUser,
    uow: Uow,
    uows: UowFactory,
    wallets: Wallets,
    paging: Paging,
    owner_type: OwnerQuery = None,
) -> Page[TransactionRead]:
    """The caller's statement, newest first."""
    wallet = await wallets.open_committed(
        uows, principal.user_id, owner_type_for(principal, owner_type)
    )
    return await _statement(uow, wallet, paging)


@router.get("/api/wallets/{wallet_id}")
@owner("the wallet in the path: its owner; admin any (others 404)")
async def read_wallet(
    wallet_id: UUID, principal: AnyUser, uow: Uow, wallets: Wallets
) -> WalletRead:
    """A wallet (its owner, an admin)."""
    wallet = await owned_wallet(uow, wallets, wallet_id=wallet_id, principal=principal)
    return await _read(uow, wallet)


@router.get("/api/wallets/{wallet_id}/transactions")
@owner("the wallet in the path: its owner; admin any (others 404)")
async def wallet_transactions(
    wallet_id: UUID, principal: AnyUser, uow: Uow, wallets: Wallets, paging: Paging
) -> Page[TransactionRead]:
    """A wallet's statement (its owner, an admin)."""
    wallet = await owned_wallet(uow, wallets, wallet_id=wallet_id, principal=principal)
    return await _statement(uow, wallet, paging)
