"""Catalogue search in PostgreSQL: full text in three configurations, trigram typo tolerance.

A query matches a product when its words match the generated ``search_vector`` under 'simple',
'indonesian' or 'english' (so "kemeja", "batiknya" and "shirts" all find their products), or
when it is close to the product's name by trigram word similarity (so "battik" finds "Batik").
Both predicates are served by GIN indexes, which PostgreSQL combines with a BitmapOr.
Relevance = ``ts_rank_cd`` + name word similarity. ``build_search`` returns the statement so
the benchmark can run exactly the same SQL directly against the database.

Two caps keep a broad word ("dress", "nyaman": tens of thousands of matches) as cheap as a
narrow one, because both the exact count and the ranking visited every match:

- the total counts at most ``total_cap`` matches (``count_query``); beyond it the answer says
  ``total_capped`` and shows the cap ("1,000+"), which is all a shopper paging 20 at a time uses;
- relevance ranks the first ``rank_candidates`` matches the GIN indexes yield (``ordered_page``).
  A query with fewer matches than that is ranked exactly as before; a broader one has its top
  results chosen among that many candidates, all of which match every word. Scoring them is
  what a broad word costs (``ts_rank_cd`` and ``word_similarity``, tens of µs each), so the
  default scores 500 while the total still counts to 1,001 (both from one CTE).

Typo tolerance is a fallback (``search``): the words as written first, through the search
vector's GIN index alone; only when that finds nothing are the trigram predicates added. The
trigram bitmaps of a common word and their rechecks were half of a broad search's cost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import Select, and_, exists, func, literal, or_, select
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.sql.elements import ColumnElement

from api.kit.schemas import PageParams
from api.kit.uow import UnitOfWork
from api.product.models import BrandOffer, Product, SellerStanding, Variant
from api.product.schemas import ProductSummary
from api.product.service.categories import descendants_query
from api.product.service.reading import rating

Sort = Literal["relevance", "price_asc", "price_desc", "newest", "rating"]
CONFIGS = ("simple", "indonesian", "english")
MAX_WORDS = 8
# pg_trgm's default word-similarity threshold (0.6) misses one-letter slips in short words
# ("kemja" ~ "kemeja" scores 0.44); 0.4 still keeps unrelated words out.
TYPO_THRESHOLD = "0.4"
TOTAL_CAP = 1_000
RANK_CANDIDATES = 500
_WORD_SPLIT = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """What a shopper can narrow a search by."""

    q: str | None = None
    category_id: UUID | None = None
    brand_id: UUID | None = None
    seller_id: UUID | None = None
    min_price: int | None = None
    max_price: int | None = None
    size: str | None = None
    color: str | None = None
    in_stock: bool = False
    sort: Sort = "relevance"


def _tsquery(q: str) -> ColumnElement[Any]:
    queries = [func.websearch_to_tsquery(literal(c, type_=REGCONFIG), q) for c in CONFIGS]
    combined: ColumnElement[Any] = queries[0]
    for query in queries[1:]:
        combined = combined.op("||")(query)
    return combined


def words(q: str) -> list[str]:
    """The query's words (at most ``MAX_WORDS``; punctuation splits words)."""
    return [w for w in _WORD_SPLIT.split(q.lower()) if w][:MAX_WORDS]


def _orderable() -> ColumnElement[bool]:
    # Same rule as the product page: house variants may be backordered until locked.
    return and_(
        Variant.locked.is_(False),
        or_(Product.seller_id.is_(None), Variant.out_of_stock.is_(False)),
    )


def _variant_filter(filters: SearchFilters) -> ColumnElement[bool] | None:
    conditions: list[ColumnElement[bool]] = []
    if filters.min_price is not None:
        conditions.append(Variant.price >= filters.min_price)
    if filters.max_price is not None:
        conditions.append(Variant.price <= filters.max_price)
    if filters.size:
        conditions.append(func.lower(Variant.size) == filters.size.lower())
    if filters.color:
        conditions.append(func.lower(Variant.color) == filters.color.lower())
    if filters.in_stock:
        conditions.append(_orderable())
    if not conditions:
        return None
    # One variant must satisfy all of them: "size M in black under 200k", not three variants.
    return exists().where(Variant.product_id == Product.id, *conditions)


def _seller_not_suspended() -> ColumnElement[bool]:
    # a suspended seller's products leave search (DOMAIN seller) until it is reinstated
    suspended = exists().where(
        SellerStanding.seller_id == Product.seller_id, SellerStanding.status == "suspended"
    )
    return or_(Product.seller_id.is_(None), ~suspended)


def relevance(q: str, vector: Any, name: Any) -> ColumnElement[Any]:
    """The score of a match: cover density of the query's words plus the name's closeness."""
    score: ColumnElement[Any] = func.ts_rank_cd(vector, _tsquery(q)) + func.word_similarity(q, name)
    return score


def build_search(
    filters: SearchFilters, *, typos: bool = True
) -> tuple[Select[Any], ColumnElement[Any] | None]:
    """The filtered product query (no order, no paging) and its relevance expression; without
    ``typos``, the words match the search vector only (see ``search``)."""
    query = select(Product).where(
        Product.status == "active", Product.deleted_at.is_(None), _seller_not_suspended()
    )
    score: ColumnElement[Any] | None = None
    q = (filters.q or "").strip()
    if q:
        # Every word must match, by its stem in the search vector or, for typos, by trigram
        # closeness to a word of the name: "kemja battik" finds "Kemeja Batik ...".
        for word in words(q):
            matched = Product.search_vector.op("@@")(_tsquery(word))
            query = query.where(or_(matched, Product.name.op("%>")(word)) if typos else matched)
        score = relevance(q, Product.search_vector, Product.name)
    if filters.category_id is not None:
        query = query.where(Product.category_id.in_(descendants_query(filters.category_id)))
    if filters.brand_id is not None:
        query = query.where(
            exists().where(
                BrandOffer.product_id == Product.id, BrandOffer.brand_id == filters.brand_id
            )
        )
    if filters.seller_id is not None:
        query = query.where(Product.seller_id == filters.seller_id)
    variant_filter = _variant_filter(filters)
    if variant_filter is not None:
        query = query.where(variant_filter)
    return query, score


def count_query(filters: SearchFilters, *, cap: int = TOTAL_CAP, typos: bool = True) -> Select[Any]:
    """The number of matches, counting no further than ``cap + 1`` (more than ``cap``: capped)."""
    query, _ = build_search(filters, typos=typos)
    first = query.with_only_columns(Product.id).limit(cap + 1).subquery()
    return select(func.count()).select_from(first)


def _sort_columns(filters: SearchFilters) -> list[tuple[Any, bool]]:
    """The sort's product columns before the tie-break, each with whether it descends."""
    if filters.sort == "price_asc":
        return [(Product.min_price, False)]
    if filters.sort == "price_desc":
        return [(Product.max_price, True)]
    if filters.sort == "rating":
        # the Bayesian average ranks (an unrated product sits at the prior); more reviews break ties
        return [(Product.rating_bayesian, True), (Product.rating_count, True)]
    return []


def _ordered(columns: list[tuple[Any, bool]]) -> list[Any]:
    return [c.desc() if descending else c.asc() for c, descending in columns]


def ordered_page(
    filters: SearchFilters,
    paging: PageParams,
    *,
    candidates: int = RANK_CANDIDATES,
    total_cap: int | None = None,
    typos: bool = True,
) -> Select[Any]:
    """The page of hits, sorted, with score, stock flag and ``counted`` as extra columns; ranked
    by relevance among the first ``candidates`` matches.

    With words, the page is chosen over the matches' ids and sort keys alone, and only its rows
    are joined back to ``products`` and get their stock flag:

    - relevance: a ``MATERIALIZED`` CTE holds the first matches the GIN bitmaps yield with what
      their score reads (``LIMIT``ed to the total's ``cap + 1`` or the ranked ``candidates``,
      whichever is more, so the bitmap heap scan stops there); only the first ``candidates`` of
      them are scored, and the page is the top among those;
    - other sorts: the matches are a ``MATERIALIZED`` CTE, which PostgreSQL plans for *all* its
      rows (the words' GIN bitmaps), not for the page's ``LIMIT``: otherwise it walks the price
      index and checks the words on nearly every product, unaware that, say, "dress" only
      appears among the dearest ones. The order is exact over every match, as before.

    ``counted``: with ``total_cap`` and words, the matches counted no further than
    ``total_cap + 1`` from the same CTE (``count_query``'s number without building the words'
    bitmaps a second time), when the CTE holds that many (see ``fused_count``); NULL otherwise.
    """
    query, score = build_search(filters, typos=typos)
    in_stock = exists().where(Variant.product_id == Product.id, _orderable())
    sort = _sort_columns(filters)
    tiebreak: list[tuple[Any, bool]] = [(Product.created_at, True), (Product.id, False)]
    if score is None:
        return (
            query.add_columns(
                literal(None).label("score"),
                in_stock.label("in_stock"),
                literal(None).label("counted"),
            )
            .order_by(*_ordered(sort + tiebreak))
            .offset(paging.offset)
            .limit(paging.page_size)
        )
    counting = total_cap is not None and fused_count(filters, paging, total_cap, candidates)
    if filters.sort == "relevance":
        # The first matches the bitmaps yield, as many as the total counts or the ranking needs,
        # with what their score reads; only the first ``reach`` of them are scored.
        reach = _reach(paging, candidates)
        held = max(reach, total_cap + 1) if counting and total_cap is not None else reach
        columns = (Product.id, Product.created_at, Product.search_vector, Product.name)
        matched: Any = (
            query.with_only_columns(*columns).limit(held).cte("matches").prefix_with("MATERIALIZED")
        )
        q = (filters.q or "").strip()
        found = (
            select(
                matched.c.id,
                matched.c.created_at,
                relevance(q, matched.c.search_vector, matched.c.name).label("score"),
            )
            .limit(reach)
            .cte("candidates")
        )
        keys = [(found.c.score, True)]
    else:
        matched = None
        # the score only for the page's rows: computing it for every match costs more than all
        keyed = query.with_only_columns(Product.id, Product.created_at, *(c for c, _ in sort))
        found = keyed.cte("matches").prefix_with("MATERIALIZED")
        keys = [(found.c[c.key], descending) for c, descending in sort]
    keys += [(found.c.created_at, True), (found.c.id, False)]
    page = (
        select(found.c.id)
        .add_columns(*([found.c.score] if filters.sort == "relevance" else []))
        .order_by(*_ordered(keys))
        .offset(paging.offset)
        .limit(paging.page_size)
        .subquery("page")
    )
    if filters.sort == "relevance":
        scored: ColumnElement[Any] = page.c.score
        outer = [(page.c.score, True)]
    else:
        scored, outer = score, sort
    counted: ColumnElement[Any] = literal(None)
    if counting and total_cap is not None:
        held_ids = matched.c.id if filters.sort == "relevance" else found.c.id
        first = select(held_ids).limit(total_cap + 1).subquery()
        counted = select(func.count()).select_from(first).scalar_subquery()
    return (
        select(Product, scored.label("score"), in_stock.label("in_stock"), counted.label("counted"))
        .join(page, page.c.id == Product.id)
        .order_by(*_ordered(outer + tiebreak))
    )


def _reach(paging: PageParams, candidates: int) -> int:
    # a page deeper than the candidates is ranked among as many as it reaches
    return max(candidates, paging.offset + paging.page_size)


def fused_count(filters: SearchFilters, paging: PageParams, cap: int, candidates: int) -> bool:
    """Whether ``ordered_page``'s CTE holds the first ``cap + 1`` matches, so the page statement
    counts them too: whenever there are words (relevance holds that many, scoring fewer)."""
    del paging, cap, candidates  # every sort's CTE now holds them
    return bool((filters.q or "").strip())


def statements(
    filters: SearchFilters,
    paging: PageParams,
    *,
    total_cap: int = TOTAL_CAP,
    rank_candidates: int = RANK_CANDIDATES,
    typos: bool = False,
) -> list[Select[Any]]:
    """What ``search`` runs for a page, ``typos`` or not (see ``search``): the page (counting,
    if it can), else the count first."""
    page = ordered_page(
        filters, paging, candidates=rank_candidates, total_cap=total_cap, typos=typos
    )
    if fused_count(filters, paging, total_cap, rank_candidates):
        return [page]
    return [count_query(filters, cap=total_cap, typos=typos), page]


async def _attempt(
    uow: UnitOfWork,
    filters: SearchFilters,
    paging: PageParams,
    total_cap: int,
    rank_candidates: int,
    *,
    typos: bool,
) -> tuple[list[Any], int]:
    """The page's rows and the matches counted up to ``total_cap + 1``."""
    fused = fused_count(filters, paging, total_cap, rank_candidates)
    page = ordered_page(
        filters, paging, candidates=rank_candidates, total_cap=total_cap, typos=typos
    )
    rows = list((await uow.session.execute(page)).all())
    if fused and rows:
        return rows, int(rows[0].counted)
    if fused and paging.offset == 0:
        return rows, 0  # an empty first page: nothing matches
    counted = await uow.session.scalar(count_query(filters, cap=total_cap, typos=typos))
    return rows, int(counted or 0)


@dataclass(frozen=True, slots=True)
class Hits:
    """A page of hits and the total: exact, or ``capped`` (there are more than ``total``)."""

    items: list[ProductSummary]
    total: int
    capped: bool


async def search(
    uow: UnitOfWork,
    *,
    filters: SearchFilters,
    paging: PageParams,
    total_cap: int = TOTAL_CAP,
    rank_candidates: int = RANK_CANDIDATES,
) -> Hits:
    """One page of active products matching ``filters`` and the total (capped at ``total_cap``)."""
    # A plan per query's words: the service's statements are prepared (asyncpg), and after five
    # runs PostgreSQL may switch to a generic plan that cannot know how many products the words
    # match; for "kaos" in size M, colour Hitam that plan took 0.7-1.2 s instead of 0.1 s.
    await uow.session.execute(
        select(
            func.set_config("pg_trgm.word_similarity_threshold", TYPO_THRESHOLD, True),
            func.set_config("plan_cache_mode", "force_custom_plan", True),
        )
    )
    rows, counted = await _attempt(uow, filters, paging, total_cap, rank_candidates, typos=False)
    if not counted and words(filters.q or ""):
        # Typo tolerance only when the words as written match nothing (with the filters): the
        # trigram bitmaps and rechecks cost more than the rest of a broad search, and words
        # the search vector finds need no guess at what was meant ("kemeja batik" no longer
        # also brings a "Kemja Batik" name; "kemja battik" still finds "Kemeja Batik").
        rows, counted = await _attempt(uow, filters, paging, total_cap, rank_candidates, typos=True)
    items = [
        ProductSummary(
            id=product.id,
            name=product.name,
            slug=product.slug,
            category_id=product.category_id,
            category_name=product.category_name,
            seller_id=product.seller_id,
            brand_names=[n for n in product.brand_names.split(", ") if n],
            min_price=product.min_price,
            max_price=product.max_price,
            in_stock=bool(in_stock),
            created_at=product.created_at,
            score=float(score) if score is not None else None,
            rating=rating(product),
        )
        for product, score, in_stock, _ in rows
    ]
    return Hits(items, min(counted, total_cap), counted > total_cap)
