"""Periodic work of the payment worker: expiring unpaid invoices, paying out refunds, and the
daily reconciliation. Time comes from the settings' clock, so tests move it instead of sleeping."""

from __future__ import annotations

from api.kit.numbering import WIB
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.payment.service import expiry, reconciliation, refunds
from api.payment.settings import PaymentSettings, get_settings
from api.payment.xendit import XenditClient

__all__ = ["JOBS", "expire_invoices", "process_refunds", "reconcile_payments"]


def _config(settings: ServiceSettings) -> PaymentSettings:
    return settings if isinstance(settings, PaymentSettings) else get_settings()


async def expire_invoices(
    uow_factory: UnitOfWorkFactory,
    settings: ServiceSettings,
    *,
    gateway: XenditClient | None = None,
) -> int:
    """Expire every pending payment past its window, batch by batch; returns how many."""
    config = _config(settings)
    client = gateway or config.xendit_client()
    total = 0
    try:
        while True:
            async with uow_factory() as uow:
                expired = await expiry.expire_due(
                    uow, gateway=client, now=config.now(), batch_size=config.expiry_batch_size
                )
                await uow.commit()
            total += expired
            if expired < config.expiry_batch_size:
                return total
    finally:
        if gateway is None:
            await client.aclose()


async def process_refunds(
    uow_factory: UnitOfWorkFactory,
    settings: ServiceSettings,
    *,
    gateway: XenditClient | None = None,
) -> int:
    """Pay out the open refunds; returns how many were settled (completed or failed)."""
    config = _config(settings)
    client = gateway or config.xendit_client()
    try:
        async with uow_factory() as uow:
            done = await refunds.process_open_refunds(uow, gateway=client, now=config.now())
            await uow.commit()
        return done
    finally:
        if gateway is None:
            await client.aclose()


async def reconcile_payments(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> int:
    """Today's (WIB) reconciliation of payments against the gateway log; returns new findings."""
    config = _config(settings)
    now = config.now()
    async with uow_factory() as uow:
        found = await reconciliation.reconcile(uow, now=now, run_date=now.astimezone(WIB).date())
        await uow.commit()
    return found


async def _expire(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await expire_invoices(uow_factory, settings)


async def _refunds(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await process_refunds(uow_factory, settings)


async def _reconcile(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await reconcile_payments(uow_factory, settings)


JOBS: list[PeriodicJob] = [
    PeriodicJob("expire_invoices", get_settings().expiry_interval_seconds, _expire),
    PeriodicJob("process_refunds", get_settings().refund_interval_seconds, _refunds),
    PeriodicJob("reconcile_payments", get_settings().reconciliation_interval_seconds, _reconcile),
]
