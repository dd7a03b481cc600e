"""Request and response bodies of the address service."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field, field_validator

from api.kit.schemas import ReadSchema, Schema

_CODE_PATTERN = r"^\d{2}\.?\d{2}\.?\d{2}\.?\d{4}$"


def dotted(code: str) -> str:
    """``3171011001`` or ``31.71.01.1001`` → ``31.71.01.1001``."""
    digits = code.replace(".", "")
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"


class AddressCheck(Schema):
    """``POST /internal/addresses/validate``: an address kept by another service (a seller's
    pickup address), checked like a user's but not stored here."""

    recipient_name: str = Field(min_length=1, max_length=120)
    phone: str = Field(min_length=6, max_length=20)
    street: str = Field(min_length=3, max_length=300)
    village_code: str = Field(pattern=_CODE_PATTERN)
    postal_code: str = Field(pattern=r"^\d{5}$")

    @field_validator("village_code")
    @classmethod
    def _dotted(cls, value: str) -> str:
        return dotted(value)


class AddressCreate(AddressCheck):
    """``POST /api/addresses`` (DESIGN §6): the village by Kemendagri code, its postal code."""

    label: str | None = Field(None, max_length=40)
    is_default: bool = False


class ValidatedAddress(BaseModel):
    """The checked address: the phone in E.164, every region's code and name."""

    recipient_name: str
    phone: str
    street: str
    village_code: str
    village: str
    district_code: str
    district: str
    regency_code: str
    city: str
    province_code: str
    province: str
    postal_code: str


class AddressUpdate(Schema):
    """``PATCH /api/addresses/{id}``: any subset; village and postal code are checked together."""

    recipient_name: str | None = Field(None, min_length=1, max_length=120)
    phone: str | None = Field(None, min_length=6, max_length=20)
    street: str | None = Field(None, min_length=3, max_length=300)
    village_code: str | None = Field(None, pattern=_CODE_PATTERN)
    postal_code: str | None = Field(None, pattern=r"^\d{5}$")
    label: str | None = Field(None, max_length=40)
    is_default: bool | None = None

    @field_validator("village_code")
    @classmethod
    def _dotted(cls, value: str | None) -> str | None:
        return dotted(value) if value else value


class RegionHit(BaseModel):
    """One village found by ``GET /api/regions/search`` (DESIGN §6 fields)."""

    village_code: str
    village: str
    district: str
    city: str
    province: str
    postal_code: str


class AddressRead(ReadSchema):
    """An address with its region names resolved."""

    id: UUID
    user_id: UUID
    label: str | None
    recipient_name: str
    phone: str
    street: str
    village_code: str
    village: str
    district_code: str
    district: str
    regency_code: str
    city: str
    province_code: str
    province: str
    postal_code: str
    is_default: bool
    created_at: datetime
    updated_at: datetime


class AddressSnapshot(BaseModel):
    """``GET /internal/addresses/{id}``: what the order service freezes into an order."""

    id: UUID
    address_id: UUID
    user_id: UUID
    recipient_name: str
    phone: str
    street: str
    village_code: str
    village: str
    district_code: str
    district: str
    regency_code: str
    city: str
    province_code: str
    province: str
    postal_code: str
