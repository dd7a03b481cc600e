"""Seller settlements from the data platform: one immutable record per seller and closed week,
chained per seller (DOMAIN "Settlement weeks close").

The chain: a week's ``carried_over_in`` is the ``carried_over_out`` recorded for the seller's
previous week, weeks are recorded in order, and a positive carry is paid once it has waited
``CARRY_PAYOUT_WEEKS`` weeks whatever its size. A push that breaks it is refused (409, with the
reason), never patched up here: the data platform's run fails and someone looks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from api.events.payment import SettlementCompleted
from api.kit.errors import Unprocessable
from api.kit.numbering import next_number
from api.kit.uow import UnitOfWork
from api.payment.errors import SettlementConflict
from api.payment.models import Settlement, settlement_numbers
from api.payment.schemas import SettlementCreate

# DOMAIN.md: a positive carry is paid after 4 weeks, whatever its size
CARRY_PAYOUT_WEEKS = 4

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
# echoes compared on a repeat only when the repeat carries them
_ECHOES = ("carried_over_out", "carry_since")


def carry_due(period_start: date, previous: Settlement | None) -> bool:
    """Whether the positive carry coming in from ``previous`` must be paid this week."""
    return (
        previous is not None
        and previous.carried_over_out > 0
        and previous.carry_since is not None
        and period_start >= previous.carry_since + timedelta(weeks=CARRY_PAYOUT_WEEKS)
    )


def carry_since(body: SettlementCreate, previous: Settlement | None) -> date | None:
    """When the positive balance this week carries out was first carried (None: nothing is)."""
    if body.net - body.payout <= 0:
        return None
    if body.carried_over_in > 0 and previous is not None and previous.carry_since is not None:
        return previous.carry_since
    return body.period_start


def check_arithmetic(body: SettlementCreate) -> None:
    """422 naming the field when the week or its figures do not add up (no history needed)."""
    if body.period_start.weekday() != 0:
        raise Unprocessable("period_start must be a Monday (WIB weeks)", field="period_start")
    if body.period_end != body.period_start + timedelta(days=6):
        raise Unprocessable(
            f"period_end must be the Sunday of the week, {body.period_start + timedelta(days=6)}",
            field="period_end",
        )
    expected = (
        body.gross - body.refunds - body.gateway_fees - body.commission + body.carried_over_in
    )
    if body.net != expected:
        raise Unprocessable(
            f"net must be gross - refunds - gateway_fees - commission + carried_over_in "
            f"= {expected}",
            field="net",
        )
    if body.carried_over_out is not None and body.carried_over_out != body.net - body.payout:
        raise Unprocessable(
            f"carried_over_out must be net - payout = {body.net - body.payout}",
            field="carried_over_out",
        )


def check_payout(body: SettlementCreate, *, min_payout: int, due: bool) -> None:
    """422 unless the payout follows DOMAIN's rule: the net when it reaches ``min_payout`` or
    when the carry coming in is ``due`` (and the net is positive), else 0 (carried over)."""
    paid = body.net >= min_payout or (due and body.net > 0)
    payout = body.net if paid else 0
    if body.payout != payout:
        reason = (
            f"the carry has waited {CARRY_PAYOUT_WEEKS} weeks and is paid whatever its size"
            if due and body.net > 0
            else f"a net below Rp {min_payout} is carried over"
        )
        raise Unprocessable(f"payout must be {payout}: {reason}", field="payout")


def check_figures(body: SettlementCreate, *, min_payout: int, due: bool = False) -> None:
    """Both checks; ``due``: the carry coming in has waited long enough to be paid."""
    check_arithmetic(body)
    check_payout(body, min_payout=min_payout, due=due)


async def _seller_week(
    uow: UnitOfWork, body: SettlementCreate, *, before: bool
) -> Settlement | None:
    """The seller's latest recorded week before ``period_start`` (or the earliest after it)."""
    query = select(Settlement).where(Settlement.seller_id == body.seller_id)
    if before:
        query = query.where(Settlement.period_start < body.period_start).order_by(
            Settlement.period_start.desc()
        )
    else:
        query = query.where(Settlement.period_start > body.period_start).order_by(
            Settlement.period_start
        )
    return (await uow.session.scalars(query.limit(1))).first()


def _check_repeat(existing: Settlement, body: SettlementCreate) -> None:
    differing = [name for name in _FIGURES if getattr(existing, name) != getattr(body, name)]
    differing += [
        name
        for name in _ECHOES
        if name in body.model_fields_set and getattr(existing, name) != getattr(body, name)
    ]
    if differing:
        raise SettlementConflict(
            f"This seller's week {body.period_start} was settled before ({existing.number}) "
            f"with different figures: {', '.join(differing)}; a settled week never changes",
            reason="week_already_settled",
        )


def _check_chain(body: SettlementCreate, previous: Settlement | None) -> None:
    recorded = (
        f"the last recorded week is {previous.period_start} ({previous.number}), "
        f"which carried out {previous.carried_over_out}"
        if previous is not None
        else "no earlier week is recorded for this seller"
    )
    if "previous_period_start" in body.model_fields_set and body.previous_period_start != (
        previous.period_start if previous is not None else None
    ):
        raise SettlementConflict(
            f"previous_period_start {body.previous_period_start} breaks the carry chain: "
            f"{recorded}",
            reason="carry_chain_broken",
        )
    expected_in = previous.carried_over_out if previous is not None else 0
    if body.carried_over_in != expected_in:
        raise SettlementConflict(
            f"carried_over_in {body.carried_over_in} breaks the carry chain: {recorded}",
            reason="carry_chain_broken",
        )


async def record_settlement(
    uow: UnitOfWork, *, body: SettlementCreate, now: datetime, min_payout: int
) -> tuple[Settlement, bool]:
    """The seller's settlement of the week and whether it was created by this call."""
    check_arithmetic(body)  # what needs no history: fail fast, before any lock
    # a transaction lock per seller: the chain is checked and extended by one call at a time
    key = f"settlement:{body.seller_id}"
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
        _check_repeat(existing, body)
        return existing, False
    later = await _seller_week(uow, body, before=False)
    if later is not None:
        raise SettlementConflict(
            f"week {body.period_start} comes before {later.period_start} ({later.number}), "
            "already recorded for this seller: weeks are settled in order",
            reason="week_out_of_order",
        )
    previous = await _seller_week(uow, body, before=True)
    _check_chain(body, previous)
    check_payout(body, min_payout=min_payout, due=carry_due(body.period_start, previous))
    since = carry_since(body, previous)
    if "carry_since" in body.model_fields_set and body.carry_since != since:
        raise SettlementConflict(
            f"carry_since {body.carry_since} breaks the carry chain: the carry started {since}",
            reason="carry_chain_broken",
        )
    settlement = Settlement(
        number=await next_number(uow.session, settlement_numbers, "STL", now),
        **body.model_dump(
            exclude={
                "carried_over_out",
                "currency",
                "settlement_key",
                "previous_period_start",
                "carry_since",
            }
        ),
        carried_over_out=body.net - body.payout,
        carry_since=since,
        previous_settlement_id=previous.id if previous is not None else None,
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
