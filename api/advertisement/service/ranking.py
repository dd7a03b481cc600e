"""The ranking query: the campaigns eligible for a placement, best first.

Eligible (DOMAIN.md): active, in schedule, of an active seller, matching the placement, with
daily and total budget left by the in-service spend counters (``spent_today`` of today's WIB
date, ``spent_total``) that billable clicks and CPM impressions move as they happen. A CPC
campaign needs room for one click at the floor; a CPM one for one rupiah.

Matching by placement:

    search        sponsored_search   the query's words against keywords and product names
                                     (PostgreSQL full text, 'simple', 'indonesian', 'english'
                                     as product search does)
    product_page  product_boost      the page's category (``category_id``), or any
    category      category_featured  exactly the category
    homepage      homepage_banner    every one

``build_ranking`` returns the statement and its parameters, so the benchmark runs exactly this
SQL directly. The statement is built once per placement shape with bound parameters (the clock,
the floor, the words, the category, the limit): building and cache-keying a select of this size
per request cost milliseconds of CPU, more than PostgreSQL spends answering it (the GIN index on
``search_vector`` finds the ~1 % of campaigns a word matches; they are ranked with a top-N sort).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    Numeric,
    Select,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from api.advertisement.models import Campaign, SellerStanding

PLACEMENT_TYPES = {
    "search": "sponsored_search",
    "product_page": "product_boost",
    "category": "category_featured",
    "homepage": "homepage_banner",
}
CONFIGS = ("simple", "indonesian", "english")


def _tsquery(q: ColumnElement[Any]) -> ColumnElement[Any]:
    queries = [func.websearch_to_tsquery(literal_column(f"'{c}'::regconfig"), q) for c in CONFIGS]
    combined: ColumnElement[Any] = queries[0]
    for query in queries[1:]:
        combined = combined.op("||")(query)
    return combined


def rank_value() -> ColumnElement[Any]:
    """Expected rupiah per impression (see :mod:`api.advertisement.service.auction`)."""
    quality = cast(Campaign.clicks + 1, Numeric) / (Campaign.impressions + 100)
    return case(
        (Campaign.pricing_model == "cpm", cast(Campaign.bid, Numeric) / 1000),
        else_=Campaign.bid * quality,
    )


def build_ranking(
    *,
    placement: str,
    q: str | None,
    category_id: UUID | None,
    now: datetime,
    today: date,
    floor: int,
    limit: int,
) -> tuple[Select[Any], dict[str, Any]] | None:
    """The eligible campaigns, best first, ``limit`` of them: the statement and its parameters
    (none: nothing can match)."""
    if placement == "search" and (not q or not q.strip()):
        return None
    if placement == "category" and category_id is None:
        return None
    by_category = placement in ("category", "product_page") and category_id is not None
    params: dict[str, Any] = {"now": now, "today": today, "floor": floor, "limit": limit}
    if placement == "search":
        params["q"] = q
    if by_category:
        params["category_id"] = category_id
    return _statement(placement, by_category), params


@cache
def _statement(placement: str, by_category: bool) -> Select[Any]:
    now = bindparam("now", type_=DateTime(timezone=True))
    floor = bindparam("floor", type_=BigInteger)
    conditions: list[ColumnElement[bool]] = [
        Campaign.type == PLACEMENT_TYPES[placement],
        Campaign.status == "active",
        Campaign.starts_at <= now,
        or_(Campaign.ends_at.is_(None), Campaign.ends_at > now),
    ]
    need = case((Campaign.pricing_model == "cpc", floor), else_=1)
    spent_today = case(
        (Campaign.spend_date == bindparam("today", type_=Date), Campaign.spent_today), else_=0
    )
    conditions += [
        Campaign.spent_total + need <= Campaign.total_budget,
        spent_today + need <= Campaign.daily_budget,
    ]
    category = bindparam("category_id", type_=Uuid())
    if placement == "search":
        conditions.append(Campaign.search_vector.op("@@")(_tsquery(bindparam("q", type_=Text))))
    elif placement == "category":
        conditions.append(Campaign.category_id == category)
    elif placement == "product_page" and by_category:
        conditions.append(or_(Campaign.category_id.is_(None), Campaign.category_id == category))
    return (
        select(
            Campaign.id,
            Campaign.seller_id,
            Campaign.pricing_model,
            Campaign.bid,
            Campaign.clicks,
            Campaign.impressions,
            Campaign.created_at,
            Campaign.product_ids[1].label("product_id"),
        )
        .join(
            SellerStanding,
            and_(SellerStanding.seller_id == Campaign.seller_id, SellerStanding.status == "active"),
        )
        .where(*conditions)
        .order_by(rank_value().desc(), Campaign.created_at, Campaign.id)
        .limit(bindparam("limit", type_=Integer))
    )
