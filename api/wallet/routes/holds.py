"""Internal hold routes for the order saga: hold a checkout's wallet share, capture it (all or
part, the rest released) when the order is paid, void it on cancel or expiry."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from fastapi import APIRouter, Response

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.errors import Unprocessable
from api.wallet.routes.deps import Books, Settings
from api.wallet.schemas import HoldCapture, HoldCreate, HoldRead
from api.wallet.service import holds, movements
from api.wallet.service.ledger.engine import Posted

router = APIRouter(tags=["holds"], dependencies=[InternalCall])


async def _answer(posted: Posted, hold_id: UUID, books: Books, response: Response) -> HoldRead:
    response.status_code = 200 if posted.replayed else 201
    async with books.uows() as uow:
        return await holds.read_hold(uow.session, hold_id)


@router.post(
    "/internal/wallets/holds",
    status_code=201,
    responses={409: {"description": "insufficient-balance: nothing was held"}},
)
@owner("the buyer's wallet named in the body (checkout holds)")
async def place_hold(
    body: HoldCreate,
    books: Books,
    settings: Settings,
    response: Response,
) -> HoldRead:
    """Set ``amount`` of the buyer's wallet aside until ``expires_at`` (promotional credit is
    used first); a repeated key answers the first hold."""
    now = settings.now()
    if not now < body.expires_at <= now + timedelta(days=settings.max_hold_days):
        raise Unprocessable(
            f"expires_at must be in the future and within {settings.max_hold_days} days",
            field="expires_at",
        )
    wallet = await books.wallets.open_committed(books.uows, body.user_id, body.owner_type)
    op = movements.hold(
        wallet,
        key=f"hold:{body.idempotency_key}",
        hold_id=uuid4(),
        amount=body.amount,
        purpose="checkout",
        reference_type=body.reference_type,
        reference_id=body.reference_id,
        expires_at=body.expires_at,
    )
    posted = await books.ledger.submit(op)
    assert posted.record.hold_id is not None
    return await _answer(posted, posted.record.hold_id, books, response)


@router.post("/internal/wallets/holds/{hold_id}/capture", status_code=201)
@owner("the checkout hold in the path; never a withdrawal's")
async def capture_hold(
    hold_id: UUID, body: HoldCapture, books: Books, response: Response
) -> HoldRead:
    """Capture the hold (or ``amount`` of it; the rest goes back to the wallet) — once."""
    posted = await books.ledger.submit(
        movements.capture(hold_id, key=body.idempotency_key, amount=body.amount)
    )
    return await _answer(posted, hold_id, books, response)


@router.post("/internal/wallets/holds/{hold_id}/void", status_code=201)
@owner("the checkout hold in the path; never a withdrawal's")
async def void_hold(hold_id: UUID, books: Books, response: Response) -> HoldRead:
    """Give the whole hold back to the wallet; voiding it again answers the same (200)."""
    posted = await books.ledger.submit(movements.release(hold_id, outcome="voided"))
    return await _answer(posted, hold_id, books, response)


@router.get("/internal/wallets/holds/{hold_id}")
@owner("the checkout hold in the path; never a withdrawal's")
async def read_hold(hold_id: UUID, books: Books) -> HoldRead:
    """A hold and what became of it."""
    async with books.uows() as uow:
        return await holds.read_hold(uow.session, hold_id)
