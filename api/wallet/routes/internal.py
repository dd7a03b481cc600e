"""Internal money movements for other services (DESIGN §10): credits and debits, idempotent by
key, answered ``201`` the first time and ``200`` with the same transaction for a repeat."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.kit.access import owner
from api.kit.auth import InternalCall
from api.kit.lean import LeanRoute
from api.kit.responses import JsonResponse
from api.wallet.errors import InsufficientBalance
from api.wallet.routes.deps import Books, OwnerQuery
from api.wallet.schemas import CreditCreate, DebitCreate, LedgerTransactionRead, WalletRead
from api.wallet.service import movements
from api.wallet.service.ledger.engine import Posted
from api.wallet.service.wallets import balances_of

# The money movements are the service's hot path (ad charges): answered by the kit's lean handler
# (the same guard, validation and errors, without FastAPI's general dependency solving).
router = APIRouter(tags=["internal"], dependencies=[InternalCall], route_class=LeanRoute)


# the answer's fields, rendered by orjson straight from the record (the hot path's answer)
_ANSWERED = tuple(LedgerTransactionRead.model_fields)


def answered(posted: Posted) -> JsonResponse:
    """The transaction as posted (201) or as first recorded under its key (200).

    Rendered here, once, from the record the engine wrote: a model handed back to FastAPI would
    be built and validated again for a body already known to be right."""
    body = {name: getattr(posted.record, name) for name in _ANSWERED}
    if posted.replayed:
        return JsonResponse(body, status_code=200, headers={"Idempotent-Replayed": "true"})
    return JsonResponse(body, status_code=201)


@router.post("/internal/wallets/credits", status_code=201, response_model=LedgerTransactionRead)
@owner("the wallet of the user named in the body (opened on first credit)")
async def credit_wallet(body: CreditCreate, books: Books) -> JsonResponse:
    """Credit a wallet (opened if it is the first money it receives)."""
    wallet = await books.wallets.open_committed(books.uows, body.user_id, body.owner_type)
    op = movements.credit(
        wallet,
        key=f"credit:{body.idempotency_key}",
        amount=body.amount,
        reason=body.reason,
        reference_type=body.reference_type,
        reference_id=body.reference_id,
        description=body.description,
    )
    return answered(await books.ledger.submit(op))


@router.post(
    "/internal/wallets/debits",
    status_code=201,
    response_model=LedgerTransactionRead,
    responses={409: {"description": "insufficient-balance: nothing was debited"}},
)
@owner("the wallet of the user named in the body; money goes to the platform account")
async def debit_wallet(body: DebitCreate, books: Books) -> JsonResponse:
    """Debit a wallet (ad charges, purchases, corrections); 409 ``insufficient-balance`` when
    it cannot cover the amount, and then nothing is written."""
    wallet = await books.wallets.find_committed(books.uows, body.user_id, body.owner_type)
    if wallet is None:
        raise InsufficientBalance(
            f"The wallet has Rp 0 available, less than the Rp {body.amount} asked for",
            available=0,
        )
    op = movements.debit(
        wallet,
        key=f"debit:{body.idempotency_key}",
        amount=body.amount,
        reason=body.reason,
        reference_type=body.reference_type,
        reference_id=body.reference_id,
        description=body.description,
        campaign_id=body.campaign_id,
        charge_date=body.charge_date,
    )
    return answered(await books.ledger.submit(op))


@router.get("/internal/wallets/users/{user_id}")
@owner("the wallet of the user in the path")
async def read_user_wallet(
    user_id: UUID, books: Books, owner_type: OwnerQuery = None
) -> WalletRead:
    """A user's wallet figures for another service (the seller dashboard); a user without a
    wallet has one of zeros."""
    wallet = await books.wallets.open_committed(books.uows, user_id, owner_type or "buyer")
    async with books.uows() as uow:
        figures = await balances_of(uow.session, wallet.id)
    return WalletRead(id=wallet.id, user_id=user_id, owner_type=wallet.owner_type, **figures)
