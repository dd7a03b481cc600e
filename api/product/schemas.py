"""Request and response models of the product service (DESIGN §6 fixes the product shapes)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.kit.schemas import Page, ReadSchema, Rupiah, Schema
from api.product.lifecycle import Status

Money = Rupiah
Label = Annotated[str, Field(min_length=1, max_length=40)]


class CategoryCreate(Schema):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    slug: Annotated[str | None, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)] = None
    parent_id: UUID | None = None


class CategoryRead(ReadSchema):
    id: UUID
    name: str
    slug: str
    parent_id: UUID | None


class VariantCreate(Schema):
    sku: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    size: Label | None = None
    color: Label | None = None
    price: Money
    cost_price: Money | None = None
    weight_grams: Annotated[int, Field(ge=1, le=100_000)]


class VariantUpdate(Schema):
    price: Money | None = None
    cost_price: Money | None = None
    weight_grams: Annotated[int | None, Field(ge=1, le=100_000)] = None


class ProductCreate(Schema):
    name: Annotated[str, Field(min_length=2, max_length=200)]
    description: Annotated[str, Field(max_length=10_000)] = ""
    category_id: UUID | None = None
    # Products go live at once unless the author wants to prepare them as a draft first.
    status: Literal["draft", "active"] = "active"
    variants: Annotated[list[VariantCreate], Field(min_length=1, max_length=200)]


class ProductUpdate(Schema):
    name: Annotated[str | None, Field(min_length=2, max_length=200)] = None
    description: Annotated[str | None, Field(max_length=10_000)] = None
    category_id: UUID | None = None


class StatusChange(Schema):
    status: Status


class Availability(BaseModel):
    """What the shopper can see about stock; the warehouse decides at checkout."""

    status: Literal["unknown", "in_stock", "low_stock", "out_of_stock", "locked"]
    available: int | None
    max_orderable: int | None
    orderable: bool


class BrandOfferRead(BaseModel):
    brand_id: UUID
    brand_code: str
    brand_name: str
    price: int


class VariantRead(BaseModel):
    id: UUID
    sku: str
    size: str | None
    color: str | None
    weight_grams: int
    price: int
    cost_price: int | None = Field(None, description="only shown to the owner and staff")
    availability: Availability
    brand_offers: list[BrandOfferRead]


class ImageRead(ReadSchema):
    id: UUID
    url: str
    content_type: str
    position: int


class RatingRead(BaseModel):
    """DESIGN §10: a product's rating over its approved reviews (from the review service)."""

    count: int = 0
    average: float | None = None
    bayesian_average: float = 4.0
    distribution: dict[str, int] = Field(
        default_factory=lambda: {str(stars): 0 for stars in range(1, 6)}
    )


class ProductRead(BaseModel):
    id: UUID
    name: str
    slug: str
    description: str
    category_id: UUID
    category_name: str
    seller_id: UUID | None
    status: Status
    min_price: int
    max_price: int
    created_at: datetime
    updated_at: datetime
    variants: list[VariantRead]
    images: list[ImageRead]
    rating: RatingRead = Field(default_factory=RatingRead)


class ProductSummary(BaseModel):
    """A search hit: enough to draw a product card."""

    id: UUID
    name: str
    slug: str
    category_id: UUID
    category_name: str
    seller_id: UUID | None
    brand_names: list[str]
    min_price: int
    max_price: int
    in_stock: bool
    created_at: datetime
    score: float | None = None
    rating: RatingRead = Field(default_factory=RatingRead)


class VariantLookup(Schema):
    variant_ids: Annotated[list[UUID], Field(min_length=1, max_length=500)]


class VariantInfo(BaseModel):
    """A variant as other services need it (cart, order, warehouse)."""

    variant_id: UUID
    product_id: UUID
    seller_id: UUID | None
    sku: str
    name: str
    size: str | None
    color: str | None
    price: int
    cost_price: int | None
    weight_grams: int
    status: Status
    brand_prices: dict[str, int] = Field(description="brand_id → brand price (house products)")
    version: datetime = Field(
        description="the product's updated_at: services learning on demand keep the newest facts"
    )


class VariantLookupResult(BaseModel):
    items: list[VariantInfo]
    missing: list[UUID]


class ProductFacts(BaseModel):
    """``GET /internal/products/{id}``: a live product's variants (warehouse bundle configs)."""

    product_id: UUID
    variants: list[VariantInfo]


class SearchPage(Page[ProductSummary]):
    """A page of search hits. ``total`` is exact unless ``total_capped``: then there are more
    matches than ``total`` (the count stops at the cap; show it as "1,000+")."""

    total_capped: bool = False
