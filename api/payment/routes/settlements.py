"""Settlements from the data platform (idempotent per seller and week)."""

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
    """Record a seller's week and publish ``settlement.completed``; a repeat answers 200."""
    settlement, created = await settlements.record_settlement(
        uow, body=body, now=settings.now(), min_payout=settings.min_payout
    )
    await uow.commit()
    if not created:
        response.status_code = 200
    return SettlementRead.model_validate(settlement)
