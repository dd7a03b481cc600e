"""Supplier performance: read by purchasing staff, pushed by the data platform."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.deps import Uow
from api.supplier.routes.deps import Purchasing, Settings
from api.supplier.schemas import PerformancePush, PerformanceRead, PerformanceRecorded
from api.supplier.service import performance

router = APIRouter(tags=["performance"])


@router.get("/api/suppliers/{supplier_id}/performance")
@owner("every supplier's scores (purchasing's records)")
async def read_performance(supplier_id: UUID, uow: Uow, principal: Purchasing) -> PerformanceRead:
    """Standing, stars and score (latest rolling 90 days) and the scored periods."""
    return await performance.performance(uow, supplier_id=supplier_id)


@router.post(
    "/internal/suppliers/{supplier_id}/performance", status_code=201, dependencies=[InternalCall]
)
@owner("every supplier's scores (the data platform's pushes)")
async def push_performance(
    supplier_id: UUID, body: PerformancePush, uow: Uow, settings: Settings, response: Response
) -> PerformanceRecorded:
    """One scored period from the data platform; 201 when recorded, 200 when it changed nothing."""
    answer, recorded = await performance.record(
        uow, supplier_id=supplier_id, body=body, at=settings.now()
    )
    await uow.commit()
    if not recorded:
        response.status_code = 200
    return answer
