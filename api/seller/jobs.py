"""Periodic work of the seller worker: the weekly auto-payout (DOMAIN seller: with
``auto_payout`` on, the wallet's withdrawable balance goes to the bank each week).

It runs from the configured WIB weekday and hour (Monday 09:00, after Monday 01:00's settlement
has credited the wallets) until every due seller of the week has its run recorded. Time comes
from the settings' clock, so tests move it instead of sleeping.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from api.kit.numbering import WIB
from api.kit.settings import ServiceSettings
from api.kit.uow import UnitOfWorkFactory
from api.kit.worker import PeriodicJob
from api.seller.service import payouts
from api.seller.service.moderation import week_start
from api.seller.settings import SellerSettings, get_settings
from api.seller.upstream import Upstreams

__all__ = ["JOBS", "auto_payout"]

BATCH = 100


def _config(settings: ServiceSettings) -> SellerSettings:
    return settings if isinstance(settings, SellerSettings) else get_settings()


def _due(now: datetime, config: SellerSettings) -> bool:
    start = datetime.combine(week_start(now), datetime.min.time(), tzinfo=WIB) + timedelta(
        days=config.auto_payout_weekday, hours=config.auto_payout_hour
    )
    return now >= start


async def auto_payout(
    uow_factory: UnitOfWorkFactory,
    settings: ServiceSettings,
    *,
    upstreams: Upstreams | None = None,
) -> int:
    """Run this week's auto-payout for every due seller; returns how many were run."""
    config = _config(settings)
    now = config.now()
    if not _due(now, config):
        return 0
    week = week_start(now)
    clients = upstreams or config.upstreams()
    ran = 0
    try:
        while True:
            async with uow_factory() as uow:
                due = await payouts.due_sellers(uow, week=week, limit=BATCH)
            for seller_id in due:
                await payouts.run_auto_payout(
                    uow_factory, clients, seller_id=seller_id, week=week, now=now
                )
                ran += 1
            if len(due) < BATCH:
                return ran
    finally:
        if upstreams is None:
            await clients.aclose()


async def _auto_payout_job(uow_factory: UnitOfWorkFactory, settings: ServiceSettings) -> None:
    await auto_payout(uow_factory, settings)


JOBS: list[PeriodicJob] = [
    PeriodicJob("auto_payout", get_settings().auto_payout_interval_seconds, _auto_payout_job),
]
