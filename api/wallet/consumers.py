"""The events the wallet consumes: money in (wallet refunds, settlement payouts) and what it must
know about users and sellers (names, verification, standing). Each handler runs in the consumer
runtime's transaction with the inbox claim; the ledger's idempotency key (the refund's or the
settlement's id) is a second guard, so a settlement re-announced under a new event id still
credits once."""

from __future__ import annotations

from api.events.envelope import Event
from api.events.payment import RefundCompleted, SettlementCompleted
from api.events.seller import SellerReinstated, SellerSuspended, SellerVerified
from api.events.user import UserRegistered, UserVerified
from api.kit.consumer import Handler
from api.kit.uow import UnitOfWork
from api.wallet.service import movements, standing
from api.wallet.service.ledger.engine import post_one
from api.wallet.service.ledger.operations import Credit
from api.wallet.service.wallets import WalletDirectory
from api.wallet.settings import get_settings


async def _credit(uow: UnitOfWork, op: Credit) -> None:
    # a credit is never refused; if it is, the runtime retries, then dead-letters the event
    await post_one(uow, op, now=get_settings().now())


async def on_refund_completed(event: Event[RefundCompleted], uow: UnitOfWork) -> None:
    """A refund paid to the wallet credits the buyer from ``platform:refunds``."""
    refund = event.payload
    if refund.method != "wallet":
        return
    wallet = await WalletDirectory().open(uow.session, refund.user_id, "buyer")
    op = movements.credit(
        wallet,
        key=f"refund:{refund.refund_id}",
        amount=refund.amount,
        reason="refund",
        reference_type="refund",
        reference_id=str(refund.refund_id),
        description=f"Refund {refund.refund_number}",
    )
    await _credit(uow, op)


async def on_settlement_completed(event: Event[SettlementCompleted], uow: UnitOfWork) -> None:
    """A seller's weekly payout credits the seller's wallet from ``platform:settlements``
    (``seller_id`` is the seller's user id); a week with nothing to pay credits nothing."""
    settlement = event.payload
    if settlement.payout <= 0:
        return
    wallet = await WalletDirectory().open(uow.session, settlement.seller_id, "seller")
    op = movements.credit(
        wallet,
        key=f"settlement:{settlement.settlement_id}",
        amount=settlement.payout,
        reason="settlement",
        reference_type="settlement",
        reference_id=str(settlement.settlement_id),
        description=(
            f"Settlement {settlement.settlement_number} "
            f"({settlement.period_start.isoformat()} – {settlement.period_end.isoformat()})"
        ),
    )
    await _credit(uow, op)


async def on_user_registered(event: Event[UserRegistered], uow: UnitOfWork) -> None:
    user = event.payload
    await standing.record_name(
        uow, user_id=user.user_id, full_name=user.full_name, at=user.registered_at
    )


async def on_user_verified(event: Event[UserVerified], uow: UnitOfWork) -> None:
    await standing.record_verified(uow, user_id=event.payload.user_id, at=event.payload.verified_at)


async def on_seller_verified(event: Event[SellerVerified], uow: UnitOfWork) -> None:
    seller = event.payload
    await standing.record_seller(
        uow, user_id=seller.user_id, status="active", at=seller.verified_at
    )


async def on_seller_suspended(event: Event[SellerSuspended], uow: UnitOfWork) -> None:
    seller = event.payload
    await standing.record_seller(
        uow, user_id=seller.user_id, status="suspended", at=seller.suspended_at
    )


async def on_seller_reinstated(event: Event[SellerReinstated], uow: UnitOfWork) -> None:
    seller = event.payload
    await standing.record_seller(
        uow, user_id=seller.user_id, status="active", at=seller.reinstated_at
    )


HANDLERS: dict[str, Handler] = {
    "refund.completed": on_refund_completed,
    "settlement.completed": on_settlement_completed,
    "user.registered": on_user_registered,
    "user.verified": on_user_verified,
    "seller.verified": on_seller_verified,
    "seller.suspended": on_seller_suspended,
    "seller.reinstated": on_seller_reinstated,
}
