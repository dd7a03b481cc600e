"""Preferences per user × category × channel: DOMAIN.md's defaults unless the user chose.

Security messages (codes, password resets) cannot be turned off: a request to do so is refused
with a 422 naming the item, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.events.values import Channel
from api.kit.uow import UnitOfWork
from api.notification.errors import SecurityAlwaysOn
from api.notification.kinds import CATEGORIES, CHANNELS, Category, default_enabled
from api.notification.models import Preference

Matrix = dict[tuple[str, str], bool]


def _defaults() -> Matrix:
    return {
        (category, channel): default_enabled(category, channel)
        for category in CATEGORIES
        for channel in CHANNELS
    }


async def effective_many(uow: UnitOfWork, user_ids: Collection[UUID]) -> dict[UUID, Matrix]:
    """Every (category, channel) of each user and whether it is on (one query for them all)."""
    matrices = {user_id: _defaults() for user_id in user_ids}
    if not matrices:
        return matrices
    rows = await uow.session.execute(
        select(
            Preference.user_id, Preference.category, Preference.channel, Preference.enabled
        ).where(Preference.user_id.in_(matrices))
    )
    for user_id, category, channel, enabled in rows:
        if category != "security":
            matrices[user_id][(category, channel)] = enabled
    return matrices


async def effective(uow: UnitOfWork, user_id: UUID) -> Matrix:
    """Every (category, channel) of the user and whether it is on."""
    return (await effective_many(uow, [user_id]))[user_id]


def allowed(matrix: Matrix, category: Category, channels: Sequence[Channel]) -> list[Channel]:
    """Those of ``channels`` the user receives ``category`` messages on."""
    return [channel for channel in channels if matrix[(category, channel)]]


async def enabled_channels(
    uow: UnitOfWork, *, user_id: UUID, category: Category, channels: Sequence[Channel]
) -> list[Channel]:
    """Those of ``channels`` the user receives ``category`` messages on."""
    return allowed(await effective(uow, user_id), category, channels)


async def update(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    items: Sequence[tuple[Category, Channel, bool]],
    now: datetime,
) -> Matrix:
    """Apply the user's choices (all or none) and answer the new matrix."""
    for index, (category, _channel, enabled) in enumerate(items):
        if category == "security" and not enabled:
            raise SecurityAlwaysOn(
                "Security messages (codes, password resets) cannot be turned off",
                field=f"items.{index}.enabled",
            )
    rows = {(c, ch): e for c, ch, e in items if c != "security"}
    if rows:
        statement = insert(Preference).values(
            [
                {"user_id": user_id, "category": c, "channel": ch, "enabled": e, "updated_at": now}
                for (c, ch), e in sorted(rows.items())
            ]
        )
        await uow.session.execute(
            statement.on_conflict_do_update(
                index_elements=[Preference.user_id, Preference.category, Preference.channel],
                set_={"enabled": statement.excluded.enabled, "updated_at": now},
            )
        )
    return await effective(uow, user_id)
