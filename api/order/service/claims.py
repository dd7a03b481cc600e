"""The checkout's claim of (user, Idempotency-Key): one transaction per claim, one to forget it.

The claim is what makes a checkout idempotent (the same key answers the same checkout) and what
enforces the unpaid limit (a per-buyer advisory lock, so racing claims are decided one at a
time). See ``checkout.py`` for the saga around it.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from uuid import UUID, uuid4

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert

from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.order.errors import CheckoutInProgress, IdempotencyKeyReused, TooManyUnpaidCheckouts
from api.order.models import Checkout, Order
from api.order.schemas import CheckoutCreate, CheckoutRead
from api.order.settings import OrderSettings
from api.order.statemachine import Status

# A pending claim older than this belongs to a checkout that died half-way: resume it.
STALE_CLAIM = timedelta(seconds=60)


def fingerprint(body: CheckoutCreate) -> str:
    """What makes two requests "the same": the body (the cart is the caller's own)."""
    # without the absent optional fields, so a body of before ``wallet_amount`` keeps its print
    return hashlib.sha256(body.model_dump_json(exclude_none=True).encode()).hexdigest()


async def claim(
    uows: UnitOfWorkFactory,
    *,
    user_id: UUID,
    key: str,
    body: CheckoutCreate,
    settings: OrderSettings,
) -> tuple[UUID, CheckoutRead | None, bool]:
    """The checkout id of (user, key), the stored answer if any, and whether the claim is new
    (no earlier attempt of it can have reserved anything)."""
    now = settings.now()
    async with uows() as uow:
        # one buyer's claims are decided one at a time, so the unpaid limit holds under races
        await uow.session.execute(
            select(func.pg_advisory_xact_lock(func.hashtextextended(f"checkout:{user_id}", 0)))
        )
        existing = await uow.session.scalar(
            select(Checkout)
            .where(Checkout.user_id == user_id, Checkout.idempotency_key == key)
            .with_for_update()
        )
        if existing is None:
            await _within_unpaid_limit(uow, user_id=user_id, settings=settings)
            claimed = uuid4()
            await uow.session.execute(
                insert(Checkout).values(
                    id=claimed,
                    user_id=user_id,
                    idempotency_key=key,
                    fingerprint=fingerprint(body),
                    status="pending",
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
            return claimed, None, True
        if existing.fingerprint != fingerprint(body):
            raise IdempotencyKeyReused()
        if existing.status == "completed" and existing.response is not None:
            return existing.id, CheckoutRead.model_validate(existing.response), False
        if now - existing.updated_at < STALE_CLAIM:
            raise CheckoutInProgress()
        existing.updated_at = now
        await uow.commit()
        return existing.id, None, False


async def _within_unpaid_limit(uow: UnitOfWork, *, user_id: UUID, settings: OrderSettings) -> None:
    """409 when the buyer already holds ``max_unpaid_checkouts`` unpaid checkouts."""
    awaiting_payment = exists().where(
        Order.checkout_id == Checkout.id, Order.status == Status.pending_payment
    )
    # a claim that died half-way may still hold a reservation until the warehouse expires it
    in_flight = (Checkout.status == "pending") & (
        Checkout.created_at > settings.now() - timedelta(minutes=settings.reservation_hold_minutes)
    )
    unpaid = list(
        await uow.session.scalars(
            select(Checkout.id)
            .where(Checkout.user_id == user_id, or_(in_flight, awaiting_payment))
            .order_by(Checkout.created_at)
        )
    )
    if len(unpaid) >= settings.max_unpaid_checkouts:
        raise TooManyUnpaidCheckouts(limit=settings.max_unpaid_checkouts, checkout_ids=unpaid)


async def forget(uows: UnitOfWorkFactory, checkout_id: UUID) -> None:
    """Undo the claim of a checkout that failed: the order side keeps nothing of it."""
    async with uows() as uow:
        await uow.session.execute(
            delete(Checkout).where(Checkout.id == checkout_id, Checkout.status == "pending")
        )
        await uow.commit()


async def seen(uows: UnitOfWorkFactory, *, user_id: UUID, key: str) -> bool:
    """Whether (user, key) was claimed before (a plain read: the claim itself decides races)."""
    async with uows() as uow:
        return bool(
            await uow.session.scalar(
                select(exists().where(Checkout.user_id == user_id, Checkout.idempotency_key == key))
            )
        )
