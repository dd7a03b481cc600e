"""Daily charges (DOMAIN.md billing): the data platform's amount per campaign and WIB day →
a wallet debit → ``ad.charged``.

Idempotent per (campaign, day): the first push records the charge, a re-push answers it as it
was (a different amount for a recorded day is a conflict: a closed day's figures do not move).
The amount is refused (422) above the daily budget or the total budget left. A wallet too short
debits nothing: the charge stays ``outstanding`` and the campaign pauses
(``insufficient_balance``); the next ``wallet.credited`` of the seller collects outstanding
charges oldest first, and a campaign with nothing left outstanding resumes. A campaign whose
charges reach its total budget is exhausted (``campaign.exhausted``).

The wallet is called outside the database transaction, under the charge's own idempotency key,
so a crash between the debit and the commit is repaired by the next push or credit (the wallet
answers the same transaction again).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from api.advertisement.models import Campaign, Charge
from api.advertisement.schemas import ChargeCreate
from api.advertisement.service import lifecycle
from api.advertisement.service.campaigns import get
from api.advertisement.upstream import WalletClient
from api.events.advertisement import AdCharged
from api.kit.errors import Conflict, Unprocessable
from api.kit.uow import UnitOfWork, UnitOfWorkFactory


class ChargeConflict(Conflict):
    slug, title = "charge-conflict", "Charge already recorded"


async def _existing(uow: UnitOfWork, body: ChargeCreate) -> Charge | None:
    return await uow.session.scalar(
        select(Charge).where(
            Charge.campaign_id == body.campaign_id, Charge.charge_date == body.charge_date
        )
    )


def _check(campaign: Campaign, amount: int) -> None:
    if amount > campaign.daily_budget:
        raise Unprocessable(
            f"Rp {amount} is above the daily budget of Rp {campaign.daily_budget}", field="amount"
        )
    left = campaign.total_budget - campaign.charged_total
    if amount > left:
        raise Unprocessable(
            f"Rp {amount} is above the Rp {left} left of the total budget", field="amount"
        )


async def _announce(uow: UnitOfWork, campaign: Campaign, charge: Charge, now: datetime) -> None:
    await uow.outbox.add(
        AdCharged(
            charge_id=charge.id,
            campaign_id=campaign.id,
            seller_id=campaign.seller_id,
            charge_date=charge.charge_date,
            pricing_model=campaign.pricing_model,
            bid=campaign.bid,
            billable_clicks=charge.billable_clicks,
            impressions=charge.impressions,
            computed_amount=charge.computed_amount,
            amount=charge.amount,
            capped_by=charge.capped_by,
            currency="IDR",
            wallet_transaction_id=charge.wallet_transaction_id,
            charged_at=now,
        ),
        aggregate_id=campaign.id,
    )


async def _settled(uow: UnitOfWork, campaign: Campaign, charge: Charge, now: datetime) -> None:
    """The charge was paid: the campaign's books, the event, the end of a spent budget."""
    charge.status = "charged"
    charge.charged_at = now
    campaign.charged_total += charge.amount
    await _announce(uow, campaign, charge, now)
    if campaign.charged_total >= campaign.total_budget:
        await lifecycle.exhaust(uow, campaign, now=now)


async def record(
    uows: UnitOfWorkFactory, wallet: WalletClient, body: ChargeCreate, *, now: datetime
) -> tuple[Charge, bool]:
    """Record the day's charge once; returns it and whether it was new."""
    async with uows() as uow:
        existing = await _existing(uow, body)
        campaign = await get(uow, body.campaign_id)
        if existing is None:
            _check(campaign, body.amount)
        seller_id = campaign.seller_id
        await uow.commit()  # read only; keeps what was loaded usable (a rollback expires it)
    if existing is not None:
        if existing.amount != body.amount:
            raise ChargeConflict(
                f"The charge of {body.charge_date} was recorded as Rp {existing.amount}",
                amount=existing.amount,
            )
        return existing, False
    debited = None
    if body.amount > 0:
        debited = await wallet.debit(
            seller_id=seller_id,
            campaign_id=body.campaign_id,
            charge_date=body.charge_date,
            amount=body.amount,
        )
    try:
        async with uows() as uow:
            campaign = await get(uow, body.campaign_id, lock=True)
            _check(campaign, body.amount)
            charge = Charge(
                id=uuid4(),
                campaign_id=campaign.id,
                seller_id=campaign.seller_id,
                charge_date=body.charge_date,
                amount=body.amount,
                computed_amount=body.amount
                if body.computed_amount is None
                else body.computed_amount,
                capped_by=body.capped_by,
                billable_clicks=body.billable_clicks,
                impressions=body.impressions,
                status="outstanding",
                wallet_transaction_id=debited.transaction_id if debited else None,
                created_at=now,
            )
            uow.session.add(charge)
            if debited is not None and debited.transaction_id is None:
                if campaign.status == "active":
                    await lifecycle.pause(
                        uow, campaign, reason="insufficient_balance", by=None, now=now
                    )
                elif campaign.status == "paused":
                    campaign.status_reason = "insufficient_balance"
            else:
                await _settled(uow, campaign, charge, now)
            await uow.session.flush()
            await uow.session.refresh(charge)
            await uow.commit()
            return charge, True
    except IntegrityError:
        # a concurrent push of the same day won; the wallet's key kept the debit single
        async with uows() as uow:
            winner = await _existing(uow, body)
            await uow.commit()
        assert winner is not None
        return winner, False


async def collect(
    uows: UnitOfWorkFactory, wallet: WalletClient, *, seller_id: UUID, now: datetime
) -> int:
    """Collect the seller's outstanding charges, oldest first, while the wallet covers them;
    resume campaigns paused for money that owe nothing any more. Returns how many were paid."""
    async with uows() as uow:
        waiting = list(
            await uow.session.scalars(
                select(Charge)
                .where(Charge.seller_id == seller_id, Charge.status == "outstanding")
                .order_by(Charge.charge_date, Charge.campaign_id)
            )
        )
        await uow.commit()  # read only; keeps the rows usable
    paid = 0
    for pending in waiting:
        debited = await wallet.debit(
            seller_id=seller_id,
            campaign_id=pending.campaign_id,
            charge_date=pending.charge_date,
            amount=pending.amount,
        )
        if debited.transaction_id is None:
            break
        async with uows() as uow:
            campaign = await get(uow, pending.campaign_id, lock=True)
            charge = await uow.session.get(Charge, pending.id, with_for_update=True)
            assert charge is not None
            if charge.status == "outstanding":
                charge.wallet_transaction_id = debited.transaction_id
                await _settled(uow, campaign, charge, now)
                paid += 1
                await uow.session.flush()
                if (
                    campaign.status == "paused"
                    and campaign.status_reason == "insufficient_balance"
                    and await lifecycle.outstanding_total(uow, campaign.id) == 0
                ):
                    await lifecycle.resume(uow, campaign, by=None, now=now)
            await uow.commit()
    return paid
