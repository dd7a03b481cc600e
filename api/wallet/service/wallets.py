"""Wallets: finding or opening a user's wallet (with its three accounts), and reading balances
and statements."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.auth import Principal
from api.kit.schemas import PageParams
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.wallet.errors import WalletNotFound
from api.wallet.models import Account, LedgerTransaction, Wallet
from api.wallet.service.ledger.accounts import Part, wallet_account_code, wallet_account_id
from api.wallet.service.ledger.operations import WalletRef

OwnerKey = tuple[UUID, str]


class WalletDirectory:
    """Where each user's wallets are. Wallets are never deleted, so a wallet once found is
    remembered for the life of the process (the hot path reads no wallet row at all)."""

    def __init__(self) -> None:
        self._known: dict[OwnerKey, WalletRef] = {}
        self._by_id: dict[UUID, WalletRef] = {}

    def _remember(self, wallet: WalletRef) -> WalletRef:
        self._known[(wallet.user_id, wallet.owner_type)] = wallet
        self._by_id[wallet.id] = wallet
        return wallet

    async def find(self, session: AsyncSession, user_id: UUID, owner_type: str) -> WalletRef | None:
        """The user's wallet of ``owner_type``, or None (nothing is created)."""
        if (known := self._known.get((user_id, owner_type))) is not None:
            return known
        row = (
            await session.execute(
                select(Wallet.id).where(Wallet.user_id == user_id, Wallet.owner_type == owner_type)
            )
        ).first()
        return None if row is None else self._remember(WalletRef(row.id, user_id, owner_type))

    async def by_id(self, session: AsyncSession, wallet_id: UUID) -> WalletRef | None:
        if (known := self._by_id.get(wallet_id)) is not None:
            return known
        row = (
            await session.execute(
                select(Wallet.user_id, Wallet.owner_type).where(Wallet.id == wallet_id)
            )
        ).first()
        return None if row is None else self._remember(WalletRef(wallet_id, *row))

    async def open(self, session: AsyncSession, user_id: UUID, owner_type: str) -> WalletRef:
        """The user's wallet of ``owner_type``, opened with its accounts if it did not exist
        (in the caller's transaction; concurrent openers agree on one wallet)."""
        if (found := await self.find(session, user_id, owner_type)) is not None:
            return found
        await session.execute(
            insert(Wallet)
            .values(id=uuid4(), user_id=user_id, owner_type=owner_type)
            .on_conflict_do_nothing(index_elements=["user_id", "owner_type"])
        )
        wallet_id = (
            await session.execute(
                select(Wallet.id).where(Wallet.user_id == user_id, Wallet.owner_type == owner_type)
            )
        ).scalar_one()
        await session.execute(
            insert(Account)
            .values(
                [
                    {
                        "id": wallet_account_id(wallet_id, part),
                        "code": wallet_account_code(wallet_id, part),
                        "wallet_id": wallet_id,
                        "kind": part.value,
                    }
                    for part in Part
                ]
            )
            # no conflict target: a concurrent opener's accounts collide on the id and the code
            # at once, and either index may be the one to notice
            .on_conflict_do_nothing()
        )
        # remembered only once the opening transaction is known to commit (see open_committed)
        return WalletRef(wallet_id, user_id, owner_type)

    async def find_committed(
        self, uow_factory: UnitOfWorkFactory, user_id: UUID, owner_type: str
    ) -> WalletRef | None:
        """:meth:`find` in a read of its own (no connection at all once the wallet is known)."""
        if (known := self._known.get((user_id, owner_type))) is not None:
            return known
        async with uow_factory() as uow:
            return await self.find(uow.session, user_id, owner_type)

    async def open_committed(
        self, uow_factory: UnitOfWorkFactory, user_id: UUID, owner_type: str
    ) -> WalletRef:
        """:meth:`open` in a transaction of its own (before a ledger operation is submitted)."""
        if (known := self._known.get((user_id, owner_type))) is not None:
            return known
        async with uow_factory() as uow:
            wallet = await self.open(uow.session, user_id, owner_type)
            await uow.commit()
        return self._remember(wallet)


async def balances_of(session: AsyncSession, wallet_id: UUID) -> dict[str, int]:
    """The wallet's figures: posted ``balance``, ``held``, ``available`` (= posted − held),
    of which ``withdrawable`` and ``promotional``."""
    rows = await session.execute(
        select(Account.kind, Account.balance).where(Account.wallet_id == wallet_id)
    )
    parts = {kind: balance for kind, balance in rows}
    withdrawable = parts.get(Part.available.value, 0)
    promotional = parts.get(Part.promotional.value, 0)
    held = parts.get(Part.held.value, 0)
    return {
        "balance": withdrawable + promotional + held,
        "held": held,
        "available": withdrawable + promotional,
        "withdrawable": withdrawable,
        "promotional": promotional,
    }


async def owned_wallet(
    uow: UnitOfWork, directory: WalletDirectory, *, wallet_id: UUID, principal: Principal
) -> WalletRef:
    """A wallet its owner or an admin may read; anyone else learns nothing (404, not 403)."""
    wallet = await directory.by_id(uow.session, wallet_id)
    if wallet is None or (not principal.is_admin and wallet.user_id != principal.user_id):
        raise WalletNotFound(f"Wallet {wallet_id} not found")
    return wallet


async def statement(
    session: AsyncSession, *, wallet_id: UUID, paging: PageParams
) -> tuple[list[LedgerTransaction], int]:
    """A wallet's transactions, newest first, and how many there are."""
    total = (
        await session.execute(
            select(func.count())
            .select_from(LedgerTransaction)
            .where(LedgerTransaction.wallet_id == wallet_id)
        )
    ).scalar_one()
    rows = await session.scalars(
        select(LedgerTransaction)
        .where(LedgerTransaction.wallet_id == wallet_id)
        .order_by(LedgerTransaction.created_at.desc(), LedgerTransaction.number.desc())
        .offset(paging.offset)
        .limit(paging.page_size)
    )
    return list(rows), total
