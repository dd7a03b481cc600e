"""Searching and resolving villages."""

from __future__ import annotations

import re

from sqlalchemy import Select, and_, case, func, or_, select

from api.address.models import Village
from api.kit.uow import UnitOfWork

_WORDS = re.compile(r"[\w']+")


def search_query(q: str) -> Select[Village]:
    """Villages matching every word of ``q`` (names or postal code), best matches first.

    A five-digit word matches postal codes by prefix; other words are matched as substrings of
    the village's flattened names, which the trigram GIN index serves. Exact village names come
    first, then names starting with the query, then the closest by trigram similarity.
    """
    text = q.strip().lower()
    words = _WORDS.findall(text)
    conditions = []
    for word in words:
        if word.isdigit():
            conditions.append(Village.postal_code.startswith(word))
        else:
            conditions.append(Village.search_text.contains(word, autoescape=True))
    rank = case(
        (func.lower(Village.name) == text, 0),
        (func.lower(Village.name).startswith(text, autoescape=True), 1),
        (func.lower(Village.district) == text, 2),
        else_=3,
    )
    return (
        select(Village)
        .where(and_(*conditions) if conditions else or_(False))
        .order_by(rank, func.similarity(Village.search_text, text).desc(), Village.code)
    )


async def search(uow: UnitOfWork, *, q: str, offset: int, limit: int) -> tuple[list[Village], int]:
    """One page of villages matching ``q`` and the total count."""
    query = search_query(q)
    total = (
        await uow.session.execute(select(func.count()).select_from(query.order_by(None).subquery()))
    ).scalar_one()
    rows = await uow.session.scalars(query.offset(offset).limit(limit))
    return list(rows), total


async def village(uow: UnitOfWork, code: str) -> Village | None:
    """The village with dotted code ``code``, if it exists."""
    return await uow.session.get(Village, code)
