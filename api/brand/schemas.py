"""Request and response models of the brand service (DESIGN §6 fixes list and price shapes)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.kit.schemas import PositiveRupiah, ReadSchema, Schema


class BrandRead(ReadSchema):
    id: UUID
    code: str
    name: str
    slug: str
    positioning: str
    target_audience: str
    default_margin: Decimal
    min_margin: Decimal
    manager_user_id: UUID | None


class ManagerAssign(Schema):
    manager_user_id: UUID | None


class BrandPriceSet(Schema):
    price: PositiveRupiah


class BrandPriceRead(BaseModel):
    """The fixed answer of ``PUT /api/brands/{brand_id}/products/{variant_id}``."""

    brand_id: UUID
    variant_id: UUID
    price: int


class FlagsUpdate(Schema):
    is_featured: bool | None = None
    is_new_arrival: bool | None = None
    is_on_sale: bool | None = None


class BrandProductRead(ReadSchema):
    id: UUID
    brand_id: UUID
    variant_id: UUID
    product_id: UUID
    price: int
    is_featured: bool
    is_new_arrival: bool
    is_on_sale: bool
    updated_at: datetime


class CollectionCreate(Schema):
    name: Annotated[str, Field(min_length=2, max_length=120)]
    description: Annotated[str, Field(max_length=2000)] = ""
    variant_ids: Annotated[list[UUID], Field(max_length=500)] = []


class CollectionRead(BaseModel):
    id: UUID
    brand_id: UUID
    name: str
    slug: str
    description: str
    brand_product_ids: list[UUID]
    created_at: datetime


class CurationItemRead(ReadSchema):
    id: UUID
    product_id: UUID
    product_name: str
    category_id: UUID
    variant_count: int
    status: str
    received_at: datetime
