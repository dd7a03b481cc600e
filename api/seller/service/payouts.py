"""Payouts: each ``settlement.completed`` records the week's payout for its seller (the wallet
credits the money itself from the same event), and the weekly auto-payout withdraws the seller
wallet's withdrawable balance to the bank through the wallet's internal withdrawals.

The auto-payout is once per seller and WIB week: the run's row (unique per seller and week) and
the wallet's idempotency key (``auto-payout:<seller>:<week>``) make a job killed or repeated at
any point ask for one withdrawal only. The wallet applies the owner's rules (active seller,
validated account not blocked, at least the minimum) and its refusal is recorded, not retried
within the week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import exists, func, select
from sqlalchemy.dialects.postgresql import insert

from api.events.payment import SettlementCompleted
from api.events.seller import SellerPayoutScheduled
from api.kit.logging import get_logger
from api.kit.numbering import WIB
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.seller.models import AutoPayout, BankAccount, Payout, Seller
from api.seller.service.moderation import week_start
from api.seller.upstream import Upstreams

log = get_logger(__name__)


def next_auto_payout(after: datetime, *, weekday: int, hour: int) -> date:
    """The WIB date of the first auto-payout run at or after ``after``."""
    start = week_start(after) + timedelta(days=weekday)
    local = after.astimezone(WIB)
    if local.date() > start or (local.date() == start and local.hour >= hour):
        start += timedelta(days=7)
    return start


async def record_settlement(
    uow: UnitOfWork, settlement: SettlementCompleted, *, now: datetime, weekday: int, hour: int
) -> Payout | None:
    """The payout of one settlement (once, whatever the redeliveries); ``seller.payout_scheduled``
    when money is paid and the seller has auto-payout and a bank account."""
    row = {
        "seller_id": settlement.seller_id,
        "settlement_id": settlement.settlement_id,
        "settlement_number": settlement.settlement_number,
        "period_start": settlement.period_start,
        "period_end": settlement.period_end,
        "gross": settlement.gross,
        "net": settlement.net,
        "amount": settlement.payout,
        "carried_over_out": settlement.carried_over_out,
        "recorded_at": now,
    }
    seller = await uow.session.get(Seller, settlement.seller_id)
    account = await uow.session.get(BankAccount, settlement.seller_id)
    scheduled = (
        next_auto_payout(now, weekday=weekday, hour=hour)
        if settlement.payout > 0 and seller is not None and seller.auto_payout and account
        else None
    )
    inserted = await uow.session.scalar(
        insert(Payout)
        .values(id=uuid4(), scheduled_for=scheduled, **row)
        .on_conflict_do_nothing(index_elements=["settlement_id"])
        .returning(Payout.id)
    )
    if inserted is None:
        return None  # the same settlement announced again
    payout = await uow.session.get_one(Payout, inserted)
    if scheduled is not None and account is not None:
        await uow.outbox.add(
            SellerPayoutScheduled(
                payout_id=payout.id,
                seller_id=payout.seller_id,
                settlement_id=payout.settlement_id,
                settlement_number=payout.settlement_number,
                period_start=payout.period_start,
                period_end=payout.period_end,
                amount=payout.amount,
                currency="IDR",
                bank_code=account.bank_code,
                account_number_last4=account.account_number_last4,
                scheduled_for=scheduled,
                scheduled_at=now,
            ),
            aggregate_id=payout.seller_id,
        )
    return payout


async def list_payouts(
    uow: UnitOfWork, *, seller_id: UUID, offset: int, limit: int
) -> tuple[list[Payout], int]:
    """The seller's payouts, newest week first."""
    where = Payout.seller_id == seller_id
    total = await uow.session.scalar(select(func.count()).where(where))
    rows = await uow.session.scalars(
        select(Payout).where(where).order_by(Payout.period_start.desc()).offset(offset).limit(limit)
    )
    return list(rows), int(total or 0)


async def due_sellers(uow: UnitOfWork, *, week: date, limit: int) -> list[UUID]:
    """Active sellers with auto-payout and a bank account whose run of ``week`` is not done."""
    done = exists().where(AutoPayout.seller_id == Seller.id, AutoPayout.week_start == week)
    rows = await uow.session.scalars(
        select(Seller.id)
        .join(BankAccount, BankAccount.seller_id == Seller.id)
        .where(Seller.status == "active", Seller.auto_payout.is_(True), ~done)
        .order_by(Seller.id)
        .limit(limit)
    )
    return list(rows)


async def run_auto_payout(
    uows: UnitOfWorkFactory, upstreams: Upstreams, *, seller_id: UUID, week: date, now: datetime
) -> AutoPayout:
    """Ask the wallet to withdraw everything withdrawable for one seller and record the answer.

    No connection is held while the wallet works; the row is written after it answered, and a
    repeat after a crash in between asks again under the same key, which the wallet replays.
    """
    response = await upstreams.withdraw_all(
        seller_id, idempotency_key=f"auto-payout:{seller_id}:{week.isoformat()}"
    )
    body = response.json() if response.content else {}
    if response.status_code in (200, 201):
        status, withdrawal_id, amount, detail = (
            "requested",
            UUID(body["id"]),
            int(body["amount"]),
            None,
        )
    elif response.status_code == 409:
        slug = str(body.get("type", "")).rsplit("/", 1)[-1]
        status = "nothing_to_withdraw" if slug == "nothing-to-withdraw" else "refused"
        withdrawal_id, amount, detail = None, 0, f"{slug}: {body.get('detail')}"
    else:
        # a 4xx the wallet should never answer this call: recorded so the week is not retried
        # in a loop, and logged for someone to look at
        log.error(
            "auto-payout refused",
            extra={"seller_id": str(seller_id), "status": response.status_code},
        )
        status, withdrawal_id, amount, detail = "refused", None, 0, response.text[:500]
    async with uows() as uow:
        await uow.session.execute(
            insert(AutoPayout)
            .values(
                id=uuid4(),
                seller_id=seller_id,
                week_start=week,
                status=status,
                withdrawal_id=withdrawal_id,
                amount=amount,
                detail=detail,
                ran_at=now,
            )
            .on_conflict_do_nothing(index_elements=["seller_id", "week_start"])
        )
        await uow.commit()
    async with uows() as uow:
        return await uow.session.get_one(
            AutoPayout,
            await uow.session.scalar(
                select(AutoPayout.id).where(
                    AutoPayout.seller_id == seller_id, AutoPayout.week_start == week
                )
            ),
        )
