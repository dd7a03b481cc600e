"""address_db tables: the Kemendagri region hierarchy and users' addresses.

Villages are stored flat with their district, regency/city and province names beside the codes:
every read (search, validation, snapshots) wants the whole chain, and the data set changes only
with a new Kemendagri decree (a new migration), never at run time.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import DateTime, ForeignKey, Index, MetaData, SmallInteger, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = MetaData()

TS = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = metadata


class Region(Base):
    """A province (level 1), regency/city (2) or district (3), by its dotted Kemendagri code."""

    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(SmallInteger)
    parent_code: Mapped[str | None] = mapped_column(Text, index=True)


class Village(Base):
    """A kelurahan/desa (level 4) with its postal code and its parents' names."""

    __tablename__ = "villages"

    code: Mapped[str] = mapped_column(Text, primary_key=True)  # 31.71.01.1001
    name: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(Text)
    district_code: Mapped[str] = mapped_column(Text)
    district: Mapped[str] = mapped_column(Text)
    regency_code: Mapped[str] = mapped_column(Text)
    city: Mapped[str] = mapped_column(Text)
    province_code: Mapped[str] = mapped_column(Text)
    province: Mapped[str] = mapped_column(Text)
    # lower-cased "village district city province postal" for trigram search
    search_text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index(
            "ix_villages_postal_code",
            "postal_code",
            postgresql_ops={"postal_code": "text_pattern_ops"},
        ),
        Index("ix_villages_district_code", "district_code"),
        Index(
            "ix_villages_search_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )


class Address(Base):
    """A user's shipping address, validated against the villages when saved."""

    __tablename__ = "addresses"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid4)
    user_id: Mapped[UUID] = mapped_column(index=True)
    label: Mapped[str | None] = mapped_column(Text)
    recipient_name: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(Text)  # E.164, +62…
    street: Mapped[str] = mapped_column(Text)
    village_code: Mapped[str] = mapped_column(ForeignKey("villages.code"))
    postal_code: Mapped[str] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)

    __table_args__ = (
        # at most one default per user, whatever races the requests run into
        Index(
            "ux_addresses_one_default", "user_id", unique=True, postgresql_where=text("is_default")
        ),
    )
