"""The engine: posts a batch of ledger operations in the caller's database transaction.

In order, so that no two transactions can wait on each other in a cycle:

1. lock the holds the batch settles (``FOR UPDATE``, by id), if any;
2. lock every account the batch touches (``FOR UPDATE``): the wallets' accounts by id, then the
   platform accounts by id — the hot platform account is always locked last; and, in the same
   round trip, read the transactions already recorded under the batch's idempotency keys;
3. plan each operation against the locked balances (pure, :mod:`operations`): a refused
   operation (insufficient balance, a hold no longer active…) writes nothing and does not stop
   the others;
4. write everything in one statement (:mod:`statements`): the transactions (claiming their keys,
   in key order), the postings, the accounts' cached balances, one outbox event per
   transaction; then the holds, if the batch placed or settled any.

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
from sqlalchemy.ext.asyncio import AsyncConnection

from api.kit.errors import Conflict, LakooError
from api.kit.outbox import OutboxWriter
from api.kit.uow import UnitOfWork
from api.wallet.errors import IdempotencyKeyReused, WalletNotFound
from api.wallet.models import Hold, Wallet
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
from api.wallet.service.ledger.records import TransactionRecord
from api.wallet.service.ledger.statements import (
    LOCK_AND_RECORDED,
    TRANSACTION_NUMBERS,
    WRITE_BATCH,
    batch_parameters,
)

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


async def post_in(uow: UnitOfWork, ops: Sequence[Operation], *, now: datetime) -> list[Outcome]:
    """Post ``ops`` in a unit of work's transaction (its session's connection, its outbox)."""
    return await post(await uow.session.connection(), uow.outbox, ops, now=now)


async def post_one(uow: UnitOfWork, op: Operation, *, now: datetime) -> Posted:
    """Post one operation in a unit of work's transaction; raises the error refusing it."""
    (outcome,) = await post_in(uow, [op], now=now)
    if isinstance(outcome, LakooError):
        raise outcome
    return outcome


async def post(
    session: AsyncConnection, outbox: OutboxWriter, ops: Sequence[Operation], *, now: datetime
) -> list[Outcome]:
    """Post ``ops`` in the connection's transaction; one outcome per operation, in order.

    A Core connection, not an ORM session: the engine is the service's hot path and writes with
    its own statements only."""
    holds = await _lock_holds(
        session, sorted({op.hold_id for op in ops if isinstance(op, CaptureHold | ReleaseHold)})
    )
    balances, earlier = await _lock_and_read(session, ops, holds)
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


async def _lock_and_read(
    session: AsyncConnection, ops: Sequence[Operation], holds: dict[UUID, HoldState]
) -> tuple[dict[UUID, int], dict[str, TransactionRecord]]:
    """The locked accounts' balances and the transactions recorded under the batch's keys."""
    rows = await session.execute(
        LOCK_AND_RECORDED,
        {"ids": sorted(_accounts_of(ops, holds)), "keys": sorted({op.meta.key for op in ops})},
    )
    balances: dict[UUID, int] = {}
    earlier: dict[str, TransactionRecord] = {}
    for account, balance, recorded in rows:
        if recorded is None:
            balances[cast(UUID, account)] = cast(int, balance)
        else:
            record = TransactionRecord.from_json(cast(dict[str, Any], recorded))
            earlier[record.idempotency_key] = record
    return balances, earlier


async def _lock_holds(session: AsyncConnection, hold_ids: list[UUID]) -> dict[UUID, HoldState]:
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
    session: AsyncConnection,
    outbox: OutboxWriter,
    planned: list[tuple[int, Operation, Plan, dict[str, Any]]],
    book: Book,
    locked: dict[UUID, int],
    *,
    now: datetime,
) -> list[TransactionRecord]:
    numbers = await TRANSACTION_NUMBERS.take(session, len(planned), now)
    records: list[TransactionRecord] = []
    postings: list[tuple[UUID, UUID, int, int]] = []
    running = dict(locked)  # each posting's balance after, in the order the batch was planned
    for (_, op, plan, figures), number in zip(planned, numbers, strict=True):
        transaction_id = uuid4()
        amount, held_change = _wallet_change(plan)
        # settling a hold is about what the hold was for (the checkout, the withdrawal)
        reference = op.meta.reference_type, op.meta.reference_id
        if isinstance(op, CaptureHold | ReleaseHold) and plan.hold is not None:
            reference = plan.hold.reference_type, plan.hold.reference_id
        records.append(
            TransactionRecord(
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
        )
        for leg in plan.legs:
            running[leg.account_id] += leg.amount
            postings.append((transaction_id, leg.account_id, leg.amount, running[leg.account_id]))
    touched = sorted({leg.account_id for _, _, plan, _ in planned for leg in plan.legs})
    events = outbox.rows(
        (ledger_event(op, plan, record), plan.wallet.id)
        for (_, op, plan, _), record in zip(planned, records, strict=True)
    )
    claimed = await session.scalar(
        WRITE_BATCH,
        batch_parameters(
            [record.as_row() for record in records],
            postings,
            {account: book.balances[account] for account in touched},
            events,
            now=now,
        ),
    )
    if claimed != len(records):
        raise KeyRace("an idempotency key of this batch was recorded concurrently")
    outbox.written(events)
    await _write_holds(session, planned, records, now=now)
    return records


async def _write_holds(
    session: AsyncConnection,
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
