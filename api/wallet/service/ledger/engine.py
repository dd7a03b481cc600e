"""The engine: posts a batch of ledger operations in the caller's database transaction.

In order, so that no two transactions can wait on each other in a cycle:

1. read the transactions already recorded under the batch's idempotency keys (no lock);
2. lock the holds the batch settles (``FOR UPDATE``, by id);
3. lock every account the batch touches (``FOR UPDATE``): the wallets' accounts by id, then the
   platform accounts by id — the hot platform account is always locked last;
4. plan each operation against the locked balances (pure, :mod:`operations`): a refused
   operation (insufficient balance, a hold no longer active…) writes nothing and does not stop
   the others;
5. write everything in a few statements: the transactions (claiming their keys, in key order),
   the postings, the holds, the accounts' cached balances, one outbox event per transaction.

The database checks the result at commit (Σ postings = 0 per transaction, no user account below
zero). Another transaction that claimed one of the keys meanwhile makes step 5 raise
:class:`KeyRace`; the caller runs the batch again and finds that transaction's result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID, uuid4

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.errors import Conflict, LakooError
from api.kit.numbering import next_numbers
from api.kit.outbox import OutboxWriter
from api.wallet.errors import IdempotencyKeyReused, WalletNotFound
from api.wallet.models import Account, Hold, Posting, Wallet, transaction_numbers
from api.wallet.service.ledger.accounts import (
    Part,
    Platform,
    platform_account_id,
    wallet_account_id,
)
from api.wallet.service.ledger.events import ledger_event
from api.wallet.service.ledger.operations import (
    Book,
    CaptureHold,
    Credit,
    Debit,
    HoldState,
    Operation,
    PlaceHold,
    Plan,
    ReleaseHold,
    WalletRef,
)
from api.wallet.service.ledger.records import TRANSACTIONS, TransactionRecord

ACCOUNTS = cast(Table, Account.__table__)
POSTINGS = cast(Table, Posting.__table__)
HOLDS = cast(Table, Hold.__table__)
WALLETS = cast(Table, Wallet.__table__)


class KeyRace(Conflict):
    """A concurrent transaction recorded one of the batch's idempotency keys first (the
    writer runs the batch again; a single request answers 409 and its retry finds the result)."""

    slug, title = "idempotency-key-in-use", "Idempotency key in use"


@dataclass(frozen=True, slots=True)
class Posted:
    """An operation's transaction: posted now, or the one recorded before under its key."""

    record: TransactionRecord
    replayed: bool = False


Outcome = Posted | LakooError


async def post(
    session: AsyncSession, outbox: OutboxWriter, ops: Sequence[Operation], *, now: datetime
) -> list[Outcome]:
    """Post ``ops`` in the session's transaction; one outcome per operation, in order."""
    earlier = await _recorded(session, [op.meta.key for op in ops])
    holds = await _lock_holds(
        session, sorted({op.hold_id for op in ops if isinstance(op, CaptureHold | ReleaseHold)})
    )
    balances = await _lock_accounts(session, _accounts_of(ops, holds))
    locked = dict(balances)  # the book moves ``balances`` on; postings replay from here
    book = Book(balances=balances, holds=holds, now=now)

    outcomes: list[Outcome | None] = [None] * len(ops)
    planned: list[tuple[int, Operation, Plan, dict[str, Any]]] = []
    first_of_key: dict[str, int] = {}
    for index, op in enumerate(ops):
        key = op.meta.key
        if key in earlier:
            outcomes[index] = _replay(earlier[key], op)
            continue
        if key in first_of_key:
            continue  # answered from the first operation with this key, below
        try:
            plan = book.plan(op)
            if any(leg.account_id not in balances for leg in plan.legs):
                raise WalletNotFound("The wallet does not exist")
            book.apply(plan)
        except LakooError as refused:
            outcomes[index] = refused
            continue
        first_of_key[key] = index
        planned.append((index, op, plan, _figures(book, plan)))

    if planned:
        records = await _write(session, outbox, planned, book, locked, now=now)
        for (index, _, _, _), record in zip(planned, records, strict=True):
            outcomes[index] = Posted(record)
    for index, op in enumerate(ops):
        if outcomes[index] is None:  # a repeat of a key first seen in this batch
            first = outcomes[first_of_key[op.meta.key]]
            outcomes[index] = _replay(first.record, op) if isinstance(first, Posted) else first
    return [outcome for outcome in outcomes if outcome is not None]


def _replay(record: TransactionRecord, op: Operation) -> Outcome:
    # A key names one request: replaying it with other figures is a client bug, not a retry.
    if record.request_hash != op.meta.request_hash:
        return IdempotencyKeyReused("This idempotency key was used for a different request")
    return Posted(record, replayed=True)


async def _recorded(session: AsyncSession, keys: list[str]) -> dict[str, TransactionRecord]:
    rows = await session.execute(
        select(TRANSACTIONS).where(TRANSACTIONS.c.idempotency_key.in_(set(keys)))
    )
    return {row.idempotency_key: TransactionRecord.from_row(row._mapping) for row in rows}


async def _lock_holds(session: AsyncSession, hold_ids: list[UUID]) -> dict[UUID, HoldState]:
    if not hold_ids:
        return {}
    rows = await session.execute(
        select(HOLDS, WALLETS.c.user_id, WALLETS.c.owner_type)
        .join(WALLETS, WALLETS.c.id == HOLDS.c.wallet_id)
        .where(HOLDS.c.id.in_(hold_ids))
        .order_by(HOLDS.c.id)
        .with_for_update(of=HOLDS)
    )
    return {
        row.id: HoldState(
            id=row.id,
            wallet=WalletRef(row.wallet_id, row.user_id, row.owner_type),
            amount=row.amount,
            promotional_amount=row.promotional_amount,
            purpose=row.purpose,
            status=row.status,
            expires_at=row.expires_at,
            reference_type=row.reference_type,
            reference_id=row.reference_id,
            captured_amount=row.captured_amount,
        )
        for row in rows
    }


def _accounts_of(ops: Sequence[Operation], holds: dict[UUID, HoldState]) -> set[UUID]:
    ids: set[UUID] = set()
    for op in ops:
        wallet: WalletRef | None = None
        match op:
            case Credit():
                wallet = op.wallet
                ids.add(platform_account_id(op.source))
            case Debit():
                wallet = op.wallet
                ids.add(platform_account_id(op.destination))
            case PlaceHold():
                wallet = op.wallet
            case CaptureHold() | ReleaseHold():
                hold = holds.get(op.hold_id)
                if hold is not None:
                    wallet = hold.wallet
                    ids.add(platform_account_id(Platform.checkout))
                    ids.add(platform_account_id(Platform.payouts))
        if wallet is not None:
            ids.update(wallet_account_id(wallet.id, part) for part in Part)
    return ids


async def _lock_accounts(session: AsyncSession, ids: set[UUID]) -> dict[UUID, int]:
    rows = await session.execute(
        select(ACCOUNTS.c.id, ACCOUNTS.c.balance)
        .where(ACCOUNTS.c.id.in_(ids))
        # one fixed order for every transaction: users' accounts, then the platform's
        .order_by(ACCOUNTS.c.kind == "platform", ACCOUNTS.c.id)
        .with_for_update()
    )
    return {row.id: row.balance for row in rows}


def _figures(book: Book, plan: Plan) -> dict[str, int]:
    balance, available, withdrawable = book.figures(plan.wallet)
    return {
        "balance_after": balance,
        "available_after": available,
        "withdrawable_after": withdrawable,
    }


def _wallet_change(plan: Plan) -> tuple[int, int]:
    """(change of the posted balance, change of the held part) a plan makes to its wallet."""
    own = {wallet_account_id(plan.wallet.id, part) for part in Part}
    held = wallet_account_id(plan.wallet.id, Part.held)
    posted = sum(leg.amount for leg in plan.legs if leg.account_id in own)
    return posted, sum(leg.amount for leg in plan.legs if leg.account_id == held)


async def _write(
    session: AsyncSession,
    outbox: OutboxWriter,
    planned: list[tuple[int, Operation, Plan, dict[str, Any]]],
    book: Book,
    locked: dict[UUID, int],
    *,
    now: datetime,
) -> list[TransactionRecord]:
    numbers = await next_numbers(session, transaction_numbers, "WTX", now, len(planned))
    records: list[TransactionRecord] = []
    postings: list[dict[str, Any]] = []
    running = dict(locked)  # each posting's balance after, in the order the batch was planned
    for (_, op, plan, figures), number in zip(planned, numbers, strict=True):
        transaction_id = uuid4()
        amount, held_change = _wallet_change(plan)
        # settling a hold is about what the hold was for (the checkout, the withdrawal)
        reference = op.meta.reference_type, op.meta.reference_id
        if isinstance(op, CaptureHold | ReleaseHold) and plan.hold is not None:
            reference = plan.hold.reference_type, plan.hold.reference_id
        record = TransactionRecord(
            id=transaction_id,
            number=number,
            idempotency_key=op.meta.key,
            request_hash=op.meta.request_hash,
            type=plan.type,
            reason=plan.reason,
            wallet_id=plan.wallet.id,
            amount=amount,
            held_change=held_change,
            description=op.meta.description,
            reference_type=reference[0],
            reference_id=reference[1],
            hold_id=plan.hold.id if plan.hold else None,
            created_by=op.meta.created_by,
            details=op.meta.details,
            created_at=now,
            **figures,
        )
        records.append(record)
        for leg in plan.legs:
            running[leg.account_id] += leg.amount
            postings.append(
                {
                    "transaction_id": transaction_id,
                    "account_id": leg.account_id,
                    "amount": leg.amount,
                    "balance_after": running[leg.account_id],
                    "created_at": now,
                }
            )
    claimed = await session.execute(
        insert(TRANSACTIONS)
        .values(sorted((r.as_row() for r in records), key=lambda row: row["idempotency_key"]))
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(TRANSACTIONS.c.id)
    )
    if len(claimed.all()) != len(records):
        raise KeyRace("an idempotency key of this batch was recorded concurrently")
    await session.execute(POSTINGS.insert(), postings)
    await _write_holds(session, planned, records, now=now)
    touched = {leg.account_id for _, _, plan, _ in planned for leg in plan.legs}
    await session.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == bindparam("account"))
        .values(balance=bindparam("balance"), updated_at=now),
        [{"account": account, "balance": book.balances[account]} for account in sorted(touched)],
    )
    await outbox.add_all(
        (ledger_event(op, plan, record), plan.wallet.id)
        for (_, op, plan, _), record in zip(planned, records, strict=True)
    )
    return records


async def _write_holds(
    session: AsyncSession,
    planned: list[tuple[int, Operation, Plan, dict[str, Any]]],
    records: list[TransactionRecord],
    *,
    now: datetime,
) -> None:
    placed: list[dict[str, Any]] = []
    settled: list[dict[str, Any]] = []
    for (_, _, plan, _), record in zip(planned, records, strict=True):
        hold = plan.hold
        if hold is None:
            continue
        if plan.new_hold:
            placed.append(
                {
                    "id": hold.id,
                    "wallet_id": hold.wallet.id,
                    "amount": hold.amount,
                    "promotional_amount": hold.promotional_amount,
                    "purpose": hold.purpose,
                    "status": "active",
                    "captured_amount": 0,
                    "reference_type": hold.reference_type,
                    "reference_id": hold.reference_id,
                    "expires_at": hold.expires_at,
                    "hold_transaction_id": record.id,
                    "created_at": now,
                }
            )
        else:
            settled.append(
                {
                    "hold": hold.id,
                    "status": hold.status,
                    "captured": hold.captured_amount,
                    "settled_by": record.id,
                }
            )
    if placed:
        await session.execute(HOLDS.insert(), placed)
    if settled:
        await session.execute(
            update(HOLDS)
            .where(HOLDS.c.id == bindparam("hold"))
            .values(
                status=bindparam("status"),
                captured_amount=bindparam("captured"),
                settle_transaction_id=bindparam("settled_by"),
                settled_at=now,
            ),
            settled,
        )
