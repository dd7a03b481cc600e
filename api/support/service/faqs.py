"""FAQs: admin upkeep, the help-centre search, and matching a customer's first message.

Matching is PostgreSQL full text in Indonesian and English. The message's words, stemmed by
both configurations, are OR-ed into one ``tsquery`` that finds candidate FAQs through the GIN
index on their search vector; a candidate *answers* the message when the message covers at
least ``min_coverage`` of the stemmed words of its question, each of its keywords the message
uses counting as one more (and at least ``min_matches`` words in all). Coverage rather than
``ts_rank`` decides because a rank has no fixed scale: a long complaint would outrank a short
exact question.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Float, Text, cast, func, literal, or_, select
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY
from sqlalchemy.sql.elements import ColumnElement

from api.kit.schemas import Page, PageParams
from api.kit.uow import UnitOfWork
from api.support.errors import FaqNotFound
from api.support.models import Faq
from api.support.schemas import FaqMatch, FaqRead

CONFIGS = ("indonesian", "english")
CANDIDATES = 20


def _config(name: str) -> ColumnElement[Any]:
    return literal(name, type_=REGCONFIG)


def _any_word(text: str) -> ColumnElement[Any]:
    """A tsquery matching any of ``text``'s words (stemmed in both languages)."""
    queries = [
        # plainto_tsquery quotes every lexeme and joins them with ' & ': swapping the operator
        # gives an OR query without ever building tsquery syntax from the user's text
        cast(
            func.replace(cast(func.plainto_tsquery(_config(c), text), Text), " & ", " | "), TSQUERY
        )
        for c in CONFIGS
    ]
    combined: ColumnElement[Any] = queries[0]
    for query in queries[1:]:
        combined = combined.op("||")(query)
    return combined


def _lexemes(text: str) -> ColumnElement[Any]:
    vectors = [func.to_tsvector(_config(c), text) for c in CONFIGS]
    return func.tsvector_to_array(vectors[0].op("||")(vectors[1]))


async def best_match(
    uow: UnitOfWork, text: str, *, min_coverage: float, min_matches: int
) -> FaqMatch | None:
    """The active FAQ that answers ``text``, if one covers it well enough."""
    matches = await rank(uow, text, limit=CANDIDATES)
    good = [m for m in matches if m.coverage >= min_coverage and m.matches >= min_matches]
    return good[0] if good else None


async def rank(uow: UnitOfWork, text: str, *, limit: int) -> list[FaqMatch]:
    """Active FAQs sharing words with ``text``, best covered first."""
    words = set((await uow.session.scalar(select(_lexemes(text)))) or [])
    if not words:
        return []
    query = _any_word(text)
    score = func.ts_rank_cd(Faq.search_vector, query, type_=Float)
    rows = (
        await uow.session.execute(
            select(Faq, Faq.question_lexemes, Faq.keyword_lexemes, score)
            .where(Faq.active.is_(True), Faq.search_vector.op("@@")(query))
            .order_by(score.desc(), Faq.id)
            .limit(limit)
        )
    ).all()
    found: list[tuple[float, int, float, FaqMatch]] = []
    for faq, question_lexemes, keyword_lexemes, rank_score in rows:
        question = set(question_lexemes or [])
        hits = len(question & words) + len((set(keyword_lexemes or []) - question) & words)
        coverage = min(1.0, hits / len(question)) if question else 0.0
        match = FaqMatch(faq=FaqRead.model_validate(faq), coverage=round(coverage, 3), matches=hits)
        found.append((coverage, hits, float(rank_score or 0), match))
    found.sort(key=lambda item: (-item[0], -item[1], -item[2]))
    return [item[3] for item in found]


async def create_faq(uow: UnitOfWork, *, at: datetime, **fields: Any) -> Faq:
    """Add an FAQ (admins)."""
    faq = Faq(id=uuid4(), created_at=at, updated_at=at, **fields)
    uow.session.add(faq)
    await uow.session.flush()
    return faq


async def get_faq(uow: UnitOfWork, faq_id: UUID, *, for_update: bool = False) -> Faq:
    """One FAQ, or 404."""
    query = select(Faq).where(Faq.id == faq_id)
    if for_update:
        query = query.with_for_update()
    faq = await uow.session.scalar(query)
    if faq is None:
        raise FaqNotFound(faq_id)
    return faq


async def update_faq(
    uow: UnitOfWork, faq_id: UUID, *, at: datetime, changes: dict[str, Any]
) -> Faq:
    """Change an FAQ's fields (admins); its search columns follow (generated)."""
    faq = await get_faq(uow, faq_id, for_update=True)
    for name, value in changes.items():
        setattr(faq, name, value)
    faq.updated_at = at
    await uow.session.flush()
    await uow.session.refresh(faq)
    return faq


async def delete_faq(uow: UnitOfWork, faq_id: UUID) -> None:
    """Remove an FAQ; answers it gave stay on their tickets."""
    await uow.session.delete(await get_faq(uow, faq_id))


async def list_faqs(
    uow: UnitOfWork,
    *,
    paging: PageParams,
    q: str | None,
    include_inactive: bool,
    category: str | None = None,
) -> Page[FaqRead]:
    """The help centre: FAQs matching ``q`` (web-search syntax, both languages), best first."""
    query = select(Faq)
    if not include_inactive:
        query = query.where(Faq.active.is_(True))
    if category is not None:
        query = query.where(Faq.category == category)
    order: list[Any] = []
    if q and q.strip():
        searches = [func.websearch_to_tsquery(_config(c), q) for c in (*CONFIGS, "simple")]
        query = query.where(or_(*(Faq.search_vector.op("@@")(s) for s in searches)))
        combined = searches[0].op("||")(searches[1]).op("||")(searches[2])
        order.append(func.ts_rank_cd(Faq.search_vector, combined).desc())
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        await uow.session.scalars(
            query.order_by(*order, Faq.created_at, Faq.id)
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    ).all()
    return Page(
        items=[FaqRead.model_validate(f) for f in rows],
        total=int(total or 0),
        page=paging.page,
        page_size=paging.page_size,
    )
