"""The caller's weekly earnings statements (PDF), as the finance pack wrote them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.kit.access import owner
from api.seller.routes.deps import ActiveSeller, Settings
from api.seller.service import statements

router = APIRouter(tags=["sellers"])

Week = Annotated[
    date,
    Path(description="Monday (WIB) of the settlement week, YYYY-MM-DD", examples=["2026-10-19"]),
]


@router.get(
    "/api/sellers/me/statements/{week}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The PDF statement"}},
)
@owner("the caller's own statement (named by the caller's user id)")
async def my_statement(week: Week, principal: ActiveSeller, settings: Settings) -> Response:
    """The "Laporan Penghasilan" of a closed week (404 when there is none for the caller)."""
    pdf = statements.statement_pdf(settings.statements_root, seller_id=principal.user_id, week=week)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="laporan-{week.isoformat()}.pdf"'},
    )
