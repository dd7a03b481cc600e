"""Creating campaigns: the rules of DOMAIN.md checked before anything is written.

Only an active seller advertises, only its own (not deleted) products; a CPC bid is Rp 500–5,000
(a CPM bid, per 1,000 impressions, has its own range); the daily budget is at most the total; an
end comes after the start; a sponsored-search campaign needs keywords, a category-featured one
its category. Every refusal is a 422 (403 for the seller's standing) naming the field.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select

from api.advertisement.errors import CampaignNotFound, SellerNotActive
from api.advertisement.models import Campaign, ProductRef, SellerStanding
from api.advertisement.schemas import CampaignCreate
from api.advertisement.service.events import publish
from api.advertisement.settings import AdvertisementSettings
from api.events.advertisement import CampaignCreated
from api.kit.errors import Unprocessable
from api.kit.uow import UnitOfWork


def check_terms(body: CampaignCreate, settings: AdvertisementSettings) -> None:
    """422 naming the first field that breaks a rule of the campaign's terms."""
    if body.pricing_model == "cpc":
        low, high, unit = settings.min_cpc_bid, settings.max_cpc_bid, "per click"
    else:
        low, high, unit = settings.min_cpm_bid, settings.max_cpm_bid, "per 1,000 impressions"
    if not low <= body.bid <= high:
        raise Unprocessable(f"A {body.pricing_model} bid is Rp {low}–{high} {unit}", field="bid")
    if body.daily_budget > body.total_budget:
        raise Unprocessable(
            "The daily budget cannot be above the total budget", field="daily_budget"
        )
    if body.pricing_model == "cpc" and body.daily_budget < body.bid:
        raise Unprocessable("The daily budget must cover at least one click", field="daily_budget")
    if body.ends_at is not None and body.ends_at <= body.starts_at:
        raise Unprocessable("The campaign must end after it starts", field="ends_at")
    if body.type == "sponsored_search" and not body.keywords:
        raise Unprocessable("A sponsored-search campaign needs keywords", field="keywords")
    if body.type == "category_featured" and body.category_id is None:
        raise Unprocessable("A category-featured campaign needs its category", field="category_id")
    if len(set(body.product_ids)) != len(body.product_ids):
        raise Unprocessable("A product is listed twice", field="product_ids")


async def active_seller(uow: UnitOfWork, seller_id: UUID) -> None:
    """403 unless the seller service announced this seller verified and not suspended."""
    status = await uow.session.scalar(
        select(SellerStanding.status).where(SellerStanding.seller_id == seller_id)
    )
    if status != "active":
        raise SellerNotActive(status)


async def own_products(uow: UnitOfWork, seller_id: UUID, product_ids: list[UUID]) -> list[str]:
    """The names of the products, all the seller's own and not deleted (else a 422)."""
    rows = (
        await uow.session.execute(
            select(ProductRef.product_id, ProductRef.name).where(
                ProductRef.product_id.in_(product_ids),
                ProductRef.seller_id == seller_id,
                ProductRef.deleted.is_(False),
            )
        )
    ).all()
    found = {product_id: name for product_id, name in rows}
    for index, product_id in enumerate(product_ids):
        if product_id not in found:
            raise Unprocessable(
                f"Product {product_id} is not one of your products",
                field=f"product_ids.{index}",
            )
    return [found[p] for p in product_ids]


async def create(
    uow: UnitOfWork,
    body: CampaignCreate,
    *,
    seller_id: UUID,
    settings: AdvertisementSettings,
    now: datetime,
) -> Campaign:
    """A new campaign awaiting admin review, announced with ``campaign.created``."""
    check_terms(body, settings)
    await active_seller(uow, seller_id)
    names = await own_products(uow, seller_id, body.product_ids)
    keywords = sorted({k.lower() for k in body.keywords})
    campaign = Campaign(
        seller_id=seller_id,
        name=body.name,
        type=body.type,
        pricing_model=body.pricing_model,
        bid=body.bid,
        daily_budget=body.daily_budget,
        total_budget=body.total_budget,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        keywords=keywords,
        product_ids=list(body.product_ids),
        category_id=body.category_id,
        search_text=" ".join([*keywords, *names]),
        status="pending_review",
        impressions=0,
        clicks=0,
        spent_total=0,
        spent_today=0,
        charged_total=0,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(campaign)
    await uow.session.flush()
    await publish(
        uow,
        campaign,
        CampaignCreated,
        keywords=keywords,
        product_ids=list(body.product_ids),
        category_id=body.category_id,
        created_at=now,
    )
    return campaign


async def get(uow: UnitOfWork, campaign_id: UUID, *, lock: bool = False) -> Campaign:
    """The campaign (404 when there is none)."""
    statement = select(Campaign).where(Campaign.id == campaign_id)
    if lock:
        statement = statement.with_for_update()
    campaign = await uow.session.scalar(statement)
    if campaign is None:
        raise CampaignNotFound(campaign_id)
    return campaign
