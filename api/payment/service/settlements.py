"""Seller settlements from the data platform: recorded once per seller and week."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from api.events.payment import SettlementCompleted
from api.kit.errors import Unprocessable
from api.kit.numbering import next_number
from api.kit.uow import UnitOfWork
from api.payment.errors import SettlementConflict
from api.payment.models import Settlement, settlement_numbers
from api.payment.schemas import SettlementCreate

_FIGURES = (
    "period_end",
    "gross",
    "refunds",
    "gateway_fees",
    "commission",
    "carried_over_in",
    "net",
    "payout",
    "line_count",
)


def check_figures(body: SettlementCreate, *, min_payout: int) -> None:
    """422 naming the field when the figures do not add up (DOMAIN.md settlement rules)."""
    if body.period_end < body.period_start:
        raise Unprocessable("period_end is before period_start", field="period_end")
    expected = (
        body.gross - body.refunds - body.gateway_fees - body.commission + body.carried_over_in
    )
    if body.net != expected:
        raise Unprocessable(
            f"net must be gross - refunds - gateway_fees - commission + carried_over_in "
            f"= {expected}",
            field="net",
        )
    payout = body.net if body.net >= min_payout else 0
    if body.payout != payout:
        raise Unprocessable(
            f"payout must be {payout}: a net below Rp {min_payout} is carried over",
            field="payout",
        )
    if body.carried_over_out is not None and body.carried_over_out != body.net - body.payout:
        raise Unprocessable(
            f"carried_over_out must be net - payout = {body.net - body.payout}",
            field="carried_over_out",
        )


async def record_settlement(
    uow: UnitOfWork, *, body: SettlementCreate, now: datetime, min_payout: int
) -> tuple[Settlement, bool]:
    """The seller's settlement of the week and whether it was created by this call."""
    check_figures(body, min_payout=min_payout)
    # a transaction lock on the (seller, week) key: a concurrent repeat waits, then finds the row
    key = f"settlement:{body.seller_id}:{body.period_start.isoformat()}"
    await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    existing = (
        await uow.session.scalars(
            select(Settlement).where(
                Settlement.seller_id == body.seller_id,
                Settlement.period_start == body.period_start,
            )
        )
    ).first()
    if existing is not None:
        if any(getattr(existing, name) != getattr(body, name) for name in _FIGURES):
            raise SettlementConflict("This seller's week was settled before with different figures")
        return existing, False
    settlement = Settlement(
        number=await next_number(uow.session, settlement_numbers, "STL", now),
        **body.model_dump(exclude={"carried_over_out", "currency", "settlement_key"}),
        carried_over_out=body.net - body.payout,
        completed_at=now,
    )
    uow.session.add(settlement)
    await uow.session.flush()
    await uow.outbox.add(
        SettlementCompleted(
            settlement_id=settlement.id,
            settlement_number=settlement.number,
            seller_id=settlement.seller_id,
            period_start=settlement.period_start,
            period_end=settlement.period_end,
            gross=settlement.gross,
            refunds=settlement.refunds,
            gateway_fees=settlement.gateway_fees,
            commission=settlement.commission,
            carried_over_in=settlement.carried_over_in,
            net=settlement.net,
            payout=settlement.payout,
            carried_over_out=settlement.carried_over_out,
            currency="IDR",
            line_count=settlement.line_count,
            completed_at=now,
        ),
        aggregate_id=settlement.id,
    )
    return settlement, True
