"""Request and response bodies of the logistic service (money in integer rupiah)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, Strict

from api.kit.schemas import ReadSchema, Schema

PostalCode = Annotated[str, Field(pattern=r"^\d{5}$")]


class RateQuery(Schema):
    """``POST /internal/shipping/rates`` from the order service."""

    origin_postal_code: PostalCode
    destination_postal_code: PostalCode
    weight_grams: Annotated[int, Strict(), Field(ge=1, le=150_000)]
    couriers: str | None = Field(None, pattern=r"^[a-z_]+(,[a-z_]+)*$")


class RateOption(BaseModel):
    """One courier service's price."""

    courier: str
    service: str
    service_name: str
    service_type: str
    price: int
    etd: str | None


class RateQuote(BaseModel):
    """The cheapest option, the cheapest ``regular`` one, and every option."""

    origin_postal_code: str
    destination_postal_code: str
    weight_grams: int
    cheapest: RateOption
    regular: RateOption | None
    options: list[RateOption]
    # the same list under the name the order service's client reads
    rates: list[RateOption]
    cached: bool


class ShipmentRead(ReadSchema):
    id: UUID
    number: str
    order_id: UUID
    user_id: UUID
    seller_id: UUID | None
    fulfilment: str
    status: str
    courier: str
    service: str
    courier_order_id: str | None
    tracking_number: str | None
    origin_postal_code: str
    destination_postal_code: str
    destination_village_code: str
    weight_grams: int
    shipping_cost: int
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None


class TrackingRead(ReadSchema):
    status: str
    courier_status: str | None
    note: str | None
    location: str | None
    occurred_at: datetime


class TrackingHistory(BaseModel):
    shipment_id: UUID
    status: str
    tracking_number: str | None
    history: list[TrackingRead]


class BiteshipWebhook(BaseModel):
    """Biteship's ``order.status`` webhook (unknown fields are kept)."""

    model_config = ConfigDict(extra="allow")

    event: str = "order.status"
    order_id: str
    status: str
    courier_waybill_id: str | None = None
    courier_tracking_id: str | None = None
    note: str | None = None
    location: str | None = None
    updated_at: datetime | None = None
