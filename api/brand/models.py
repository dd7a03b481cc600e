"""brand_db tables: brands, the variants the brand service knows, brand products (brand ×
variant → price), collections, and the curation queue fed by ``product.created``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()

TS = DateTime(timezone=True)
Margin = Numeric(5, 4)


class Base(DeclarativeBase):
    metadata = metadata


class Brand(Base):
    """A house brand; margins are fractions of cost (0.5 = price at least cost × 1.5)."""

    __tablename__ = "brands"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    code: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    positioning: Mapped[str] = mapped_column(Text)
    target_audience: Mapped[str] = mapped_column(Text)
    default_margin: Mapped[Decimal] = mapped_column(Margin)
    min_margin: Mapped[Decimal] = mapped_column(Margin)
    manager_user_id: Mapped[UUID | None]
    created_at: Mapped[datetime] = mapped_column(TS)


class KnownVariant(Base):
    """A product variant as the brand service learnt it (events, or the product lookup)."""

    __tablename__ = "variants"

    variant_id: Mapped[UUID] = mapped_column(primary_key=True)
    product_id: Mapped[UUID]
    seller_id: Mapped[UUID | None]
    sku: Mapped[str] = mapped_column(Text)
    product_name: Mapped[str] = mapped_column(Text)
    base_price: Mapped[int] = mapped_column(BigInteger)
    cost_price: Mapped[int | None] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(TS)


class BrandProduct(Base):
    """A house variant sold under a brand at the brand's price."""

    __tablename__ = "brand_products"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    brand_id: Mapped[UUID] = mapped_column(ForeignKey("brands.id"))
    variant_id: Mapped[UUID]
    product_id: Mapped[UUID]
    price: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger)
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    is_new_arrival: Mapped[bool] = mapped_column(Boolean, default=False)
    is_on_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (UniqueConstraint("brand_id", "variant_id"),)


class Collection(Base):
    """A named group of a brand's products (e.g. "Koleksi Lebaran 2026")."""

    __tablename__ = "collections"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    brand_id: Mapped[UUID] = mapped_column(ForeignKey("brands.id"))
    name: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (UniqueConstraint("brand_id", "slug"),)


class CollectionItem(Base):
    __tablename__ = "collection_items"

    collection_id: Mapped[UUID] = mapped_column(
        ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )
    brand_product_id: Mapped[UUID] = mapped_column(
        ForeignKey("brand_products.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class CurationItem(Base):
    """A new house product waiting for brand managers to curate it into brands."""

    __tablename__ = "curation_queue"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    product_id: Mapped[UUID] = mapped_column(unique=True)
    product_name: Mapped[str] = mapped_column(Text)
    category_id: Mapped[UUID]
    variant_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(Text, default="pending")
    source_event_id: Mapped[UUID]
    received_at: Mapped[datetime] = mapped_column(TS)
    resolved_at: Mapped[datetime | None] = mapped_column(TS)
