"""Settlements from the data platform: idempotent per seller and week, chained, immutable."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.payment.routes.deps import Settings
from api.payment.schemas import SettlementCreate, SettlementRead
from api.payment.service import settlements

router = APIRouter(tags=["settlements"])


@router.post("/internal/settlements", status_code=201, dependencies=[InternalCall])
@owner("any seller's week (the data platform's settlement push)")
async def record_settlement(
    body: SettlementCreate, uow: Uow, settings: Settings, response: Response
) -> SettlementRead:
    """Record a seller's closed week and publish ``settlement.completed``; a repeat answers 200.

    409 (problem+json with ``reason``) when the week breaks the seller's carry chain
    (``carry_chain_broken``), comes before a week already recorded (``week_out_of_order``), or
    was settled before with other figures (``week_already_settled``)."""
    settlement, created = await settlements.record_settlement(
        uow, body=body, now=settings.now(), min_payout=settings.min_payout
    )
    await uow.commit()
    if not created:
        response.status_code = 200
    return SettlementRead.model_validate(settlement)
