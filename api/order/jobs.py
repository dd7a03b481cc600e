"""The order service's periodic work (``lakoo worker order``), on the settings' clock.

- ``seller-acceptance``: seller orders not accepted within 24 h of payment are cancelled;
- ``auto-complete``: delivered orders complete when the 7-day return window has passed;
- ``refunds``: refunds owed (cancel after payment, returns) are asked of the payment service;
- ``wallet-holds``: checkouts' wallet holds are captured (paid) or voided (never will be).
"""

from __future__ import annotations

from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.order.service import lifecycle, refunds, wallet_share
from api.order.settings import OrderSettings, get_settings


def _order_settings(settings: ServiceSettings) -> OrderSettings:
    assert isinstance(settings, OrderSettings)
    return settings


async def seller_acceptance(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Cancel seller orders past their acceptance deadline (the refunds job pays them back)."""
    config = _order_settings(settings)
    async with uows() as uow:
        await lifecycle.cancel_unaccepted(uow, now=config.now(), limit=config.job_batch_size)
        await uow.commit()


async def auto_complete(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Complete delivered orders whose return window has passed."""
    config = _order_settings(settings)
    async with uows() as uow:
        await lifecycle.complete_delivered(uow, now=config.now(), limit=config.job_batch_size)
        await uow.commit()


async def request_refunds(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Ask the payment service for every refund still owed and due (transient failures back off)."""
    config = _order_settings(settings)
    upstreams = config.upstreams()
    try:
        await refunds.request_pending(uows, upstreams.payment, now=config.now())
    finally:
        await upstreams.aclose()


async def settle_wallet_holds(uows: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    """Capture or void the wallet holds whose checkout's outcome is known."""
    config = _order_settings(settings)
    upstreams = config.upstreams()
    try:
        await wallet_share.settle_due(
            uows, upstreams.wallet, now=config.now(), limit=config.job_batch_size
        )
    finally:
        await upstreams.aclose()


_INTERVAL = get_settings().job_interval_seconds

JOBS: list[PeriodicJob] = [
    PeriodicJob("seller-acceptance", _INTERVAL, seller_acceptance),
    PeriodicJob("auto-complete", _INTERVAL, auto_complete),
    PeriodicJob("refunds", _INTERVAL, request_refunds),
    PeriodicJob("wallet-holds", _INTERVAL, settle_wallet_holds),
]
