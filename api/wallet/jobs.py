"""Periodic work of the wallet worker: releasing expired holds, sending requested withdrawals to
the provider (and asking about overdue ones), and the daily reconciliation. Time comes from the
settings' clock, so tests move it instead of sleeping."""

from __future__ import annotations

from datetime import timedelta

from api.kit.numbering import WIB
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob, drain_in_batches
from api.wallet.service import disbursements, holds, reconciliation
from api.wallet.settings import WalletSettings, get_settings
from api.wallet.xendit import XenditDisbursements

__all__ = ["JOBS", "expire_holds", "reconcile_ledger", "send_withdrawals"]


def _config(settings: ServiceSettings) -> WalletSettings:
    return settings if isinstance(settings, WalletSettings) else get_settings()


async def expire_holds(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> int:
    """Release every active hold past its expiry, batch by batch; returns how many."""
    config = _config(settings)
    size = config.hold_expiry_batch_size
    return await drain_in_batches(
        uow_factory, lambda uow: holds.expire_due(uow, now=config.now(), batch_size=size), size
    )


async def send_withdrawals(
    uow_factory: UnitOfWorkFactory,
    settings: ServiceSettings,
    *,
    provider: XenditDisbursements | None = None,
) -> int:
    """Dispatch requested withdrawals and ask about overdue ones; returns how many moved on."""
    config = _config(settings)
    client = provider or config.provider_client()
    try:
        moved = await disbursements.dispatch_requested(uow_factory, client, now=config.now())
        moved += await disbursements.poll_overdue(
            uow_factory,
            client,
            now=config.now(),
            overdue_after=timedelta(seconds=config.disbursement_poll_after_seconds),
        )
        return moved
    finally:
        if provider is None:
            await client.aclose()


async def reconcile_ledger(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> int | None:
    """Today's (WIB) reconciliation if it has not run yet; returns its findings (None: ran)."""
    config = _config(settings)
    now = config.now()
    async with uow_factory() as uow:
        run = await reconciliation.reconcile(uow, run_date=now.astimezone(WIB).date(), now=now)
        await uow.commit()
    return None if run is None else run.findings


async def _expire(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await expire_holds(uow_factory, settings)


async def _send(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await send_withdrawals(uow_factory, settings)


async def _reconcile(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await reconcile_ledger(uow_factory, settings)


JOBS: list[PeriodicJob] = [
    PeriodicJob("expire_holds", get_settings().hold_expiry_interval_seconds, _expire),
    PeriodicJob("send_withdrawals", get_settings().disbursement_interval_seconds, _send),
    PeriodicJob("reconcile_ledger", get_settings().reconciliation_interval_seconds, _reconcile),
]
