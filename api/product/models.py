"""product_db tables: the category tree, products, variants (SKUs), images and the read models
kept from other services' events (brand offers, brand names, variant availability)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

from sqlalchemy import (
    BigInteger,
    Boolean,
    Computed,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

metadata = MetaData()

TS = DateTime(timezone=True)

# Products created without a category land in this root (product.* events always carry one).
UNCATEGORIZED_ID = UUID("00000000-0000-5000-8000-000000000001")

# The search document: name and brand names weigh most, then category, then description. Each
# text goes through 'simple' (exact words, brand names, SKUs), 'indonesian' and 'english'
# (stemmed) so "kemeja", "kemejanya" and "shirts" all match. Kept in one place: the migration
# builds the generated column from this expression too.
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A')"
    " || setweight(to_tsvector('indonesian'::regconfig, coalesce(name, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(brand_names, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(category_name, '')), 'B')"
    " || setweight(to_tsvector('indonesian'::regconfig, coalesce(category_name, '')), 'B')"
    " || setweight(to_tsvector('indonesian'::regconfig, coalesce(description, '')), 'C')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')"
    " || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'D')"
)


class Base(DeclarativeBase):
    metadata = metadata


class Category(Base):
    """A node of the category tree (``parent_id`` null for a root)."""

    __tablename__ = "categories"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    name: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    parent_id: Mapped[UUID | None] = mapped_column(ForeignKey("categories.id"))
    created_at: Mapped[datetime] = mapped_column(TS)


class Product(Base):
    """A product; ``seller_id`` is null for LAKOO's house products.

    ``category_name`` and ``brand_names`` are denormalised copies so that the generated search
    vector can cover them (a generated column may only read its own row).
    """

    __tablename__ = "products"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    name: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[UUID] = mapped_column(ForeignKey("categories.id"))
    category_name: Mapped[str] = mapped_column(Text, default="")
    brand_names: Mapped[str] = mapped_column(Text, default="")
    seller_id: Mapped[UUID | None]
    status: Mapped[str] = mapped_column(Text, default="draft")
    min_price: Mapped[int] = mapped_column(BigInteger, default=0)
    max_price: Mapped[int] = mapped_column(BigInteger, default=0)
    created_by: Mapped[UUID]
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    deleted_at: Mapped[datetime | None] = mapped_column(TS)
    # --- rating, from review.* events (the summary with the highest version wins) ---
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    rating_average: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    rating_bayesian: Mapped[Decimal] = mapped_column(Numeric(6, 4), default=Decimal("4.0"))
    rating_distribution: Mapped[dict[str, int]] = mapped_column(
        JSONB, default=lambda: {str(stars): 0 for stars in range(1, 6)}
    )
    rating_version: Mapped[int] = mapped_column(BigInteger, default=0)
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True), deferred=True
    )

    variants: Mapped[list[Variant]] = relationship(
        back_populates="product", order_by="Variant.created_at, Variant.sku", lazy="raise"
    )


class Variant(Base):
    """A product variant = the SKU; availability columns are kept from inventory events."""

    __tablename__ = "variants"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    product_id: Mapped[UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(Text, unique=True)
    size: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(Text)
    weight_grams: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(BigInteger)
    cost_price: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(TS)
    # --- availability, from inventory.* events (null until the warehouse has spoken) ---
    available: Mapped[int | None] = mapped_column(Integer)
    max_orderable: Mapped[int | None] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    low_stock: Mapped[bool] = mapped_column(Boolean, default=False)
    out_of_stock: Mapped[bool] = mapped_column(Boolean, default=False)
    availability_at: Mapped[datetime | None] = mapped_column(TS)

    product: Mapped[Product] = relationship(back_populates="variants", lazy="raise")

    __table_args__ = (
        UniqueConstraint(
            "product_id",
            "size",
            "color",
            name="uq_variants_product_size_color",
            postgresql_nulls_not_distinct=True,
        ),
    )


class ProductImage(Base):
    """An image of a product, stored through the media storage under ``storage_key``."""

    __tablename__ = "product_images"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    product_id: Mapped[UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    storage_key: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)


class Brand(Base):
    """A house brand's name as the product service knows it (for offers and search)."""

    __tablename__ = "brands"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)


class BrandOffer(Base):
    """A house variant sold under a brand at the brand's price (from ``brand.*`` events)."""

    __tablename__ = "brand_offers"

    brand_id: Mapped[UUID] = mapped_column(primary_key=True)
    variant_id: Mapped[UUID] = mapped_column(
        ForeignKey("variants.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[UUID] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"))
    brand_code: Mapped[str] = mapped_column(Text)
    price: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(TS)


class SellerStanding(Base):
    """Whether a seller may be seen and list (from ``seller.verified`` / ``suspended`` /
    ``reinstated``): a suspended seller's products leave search and it cannot list new ones."""

    __tablename__ = "seller_standings"

    seller_id: Mapped[UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(TS)
