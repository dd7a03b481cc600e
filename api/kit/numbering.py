"""Human-readable numbers ``ORD-20261124-7K2QX`` (DOMAIN.md numbering), for every service.

The five base-36 characters come from a database sequence scrambled by a bijection of
``[0, 36**5)`` (an affine map with a multiplier coprime to 36), so they look random but two
numbers of the first 60 million can never collide: no unique-violation retries under load.
Each service declares its own sequences (``Sequence("order_number_seq")``) in its models and
creates them in its migrations.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Sequence, func, select
from sqlalchemy.ext.asyncio import AsyncSession

WIB = ZoneInfo("Asia/Jakarta")
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SPACE = 36**5
_MULTIPLIER = 39_916_801  # prime, not 2 or 3: coprime with 36**5, so the map is a bijection
_OFFSET = 12_345_678


def format_number(prefix: str, value: int, at: datetime) -> str:
    """``PREFIX-YYYYMMDD-XXXXX`` for the ``value``-th number, dated in WIB."""
    scrambled = (value * _MULTIPLIER + _OFFSET) % _SPACE
    chars = []
    for _ in range(5):
        scrambled, digit = divmod(scrambled, 36)
        chars.append(_ALPHABET[digit])
    return f"{prefix}-{at.astimezone(WIB):%Y%m%d}-{''.join(reversed(chars))}"


async def next_numbers(
    session: AsyncSession, sequence: Sequence, prefix: str, at: datetime, count: int
) -> list[str]:
    """``count`` fresh numbers from ``sequence`` in one round trip."""
    if count <= 0:
        return []
    rows = await session.execute(
        select(sequence.next_value()).select_from(func.generate_series(1, count))
    )
    return [format_number(prefix, value, at) for (value,) in rows]


async def next_number(session: AsyncSession, sequence: Sequence, prefix: str, at: datetime) -> str:
    """One fresh number from ``sequence``."""
    value = (await session.execute(select(sequence.next_value()))).scalar_one()
    return format_number(prefix, int(value), at)
