"""Request and response models of the supplier service (DESIGN §10 fixes the catalogue and the
performance shapes).

Scores travel as fractions (0–1) from the data platform and in events; people read them as 0–100
(``score`` in the answers below), as DOMAIN.md states them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, EmailStr, Field, Strict

from api.kit.schemas import Schema

SupplierType = Literal["factory", "wholesaler", "distributor"]
SupplierStatus = Literal["active", "inactive", "blocked"]
Standing = Literal["excellent", "average", "poor", "very_poor", "unrated"]
Window = Literal["monthly", "rolling_90d"]

Code = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]{1,19}$", examples=["PBK-BDG-01"])]
Name = Annotated[str, Field(min_length=1, max_length=200)]
# E.164: a plus, the country code (Indonesia is +62), at most 15 digits in all
WhatsApp = Annotated[str, Field(pattern=r"^\+[1-9]\d{7,14}$", examples=["+6281234567890"])]
Days = Annotated[int, Strict(), Field(ge=1, le=365)]
TermsDays = Annotated[int, Strict(), Field(ge=0, le=365)]
Units = Annotated[int, Strict(), Field(ge=1, le=10_000)]
Cost = Annotated[int, Strict(), Field(ge=1, le=1_000_000_000, description="integer rupiah")]
Fraction = Annotated[float, Field(ge=0, le=1)]
LeadDays = Annotated[float, Field(ge=0, le=3650)]


class SupplierCreate(Schema):
    code: Code
    name: Name
    type: SupplierType = "factory"
    contact_name: Name | None = None
    whatsapp: WhatsApp | None = None
    email: EmailStr | None = None
    payment_terms_days: TermsDays = 30
    lead_time_days: Days = 7
    status: SupplierStatus = "active"


class SupplierUpdate(Schema):
    """``PATCH``: only the fields sent change; contacts may be cleared with null."""

    name: Name | None = None
    type: SupplierType | None = None
    contact_name: Name | None = None
    whatsapp: WhatsApp | None = None
    email: EmailStr | None = None
    payment_terms_days: TermsDays | None = None
    lead_time_days: Days | None = None
    status: SupplierStatus | None = None


class SupplierRead(BaseModel):
    id: UUID
    code: str
    name: str
    type: str
    status: str
    contact_name: str | None
    whatsapp: str | None
    email: str | None
    payment_terms_days: int
    lead_time_days: int
    standing: Standing
    score: float | None = Field(description="0–100, from the latest rolling 90 days")
    stars: int | None
    created_at: datetime
    updated_at: datetime


class CataloguePut(Schema):
    """``PUT /api/suppliers/{id}/catalogue/{product_id}``: the supplier's offer of a house product.

    ``units_per_bundle`` is the grosir shape (variant → units in one bundle); its variants must
    be the product's own (a bundle need not hold every size). ``lead_time_days`` defaults to the
    supplier's.
    """

    unit_cost: Cost
    units_per_bundle: dict[UUID, Units] = Field(min_length=1, max_length=50)
    min_bundles: Units = 1
    lead_time_days: Days | None = None


class CatalogueEntryRead(BaseModel):
    supplier_id: UUID
    product_id: UUID
    unit_cost: int
    bundle_units: int
    bundle_cost: int
    units_per_bundle: dict[UUID, int]
    min_bundles: int
    lead_time_days: int
    updated_at: datetime


class SupplierDetail(SupplierRead):
    catalogue: list[CatalogueEntryRead]


class PerformancePush(Schema):
    """``POST /internal/suppliers/{id}/performance``: a row of ``supply.supplier_performance``."""

    window: Window
    period_start: date
    period_end: date
    po_count: Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
    on_time_rate: Fraction
    fill_rate: Fraction
    quality_rate: Fraction
    avg_lead_time_days: LeadDays
    promised_lead_time_days: LeadDays
    score: Fraction
    stars: Annotated[int, Strict(), Field(ge=1, le=5)]
    computed_at: AwareDatetime


class PeriodRead(BaseModel):
    period: str
    window: Window
    period_start: date
    period_end: date
    po_count: int
    on_time_rate: float
    fill_rate: float
    quality_rate: float
    avg_lead_time_days: float
    promised_lead_time_days: float
    score: float = Field(description="0–100")
    stars: int
    computed_at: datetime


class PerformanceRead(BaseModel):
    """``GET /api/suppliers/{id}/performance``: the standing now, then the periods, newest first."""

    supplier_id: UUID
    standing: Standing
    stars: int | None
    score: float | None = Field(description="0–100, from the latest rolling 90 days")
    scored_through: date | None
    periods: list[PeriodRead]


class PerformanceRecorded(BaseModel):
    """What a push did: ``recorded`` (201), or ``unchanged`` / ``locked`` / ``superseded`` (200,
    nothing changed; ``period`` is what the service keeps)."""

    status: Literal["recorded", "unchanged", "locked", "superseded"]
    period: PeriodRead
    standing: Standing
    stars: int | None
    score: float | None
