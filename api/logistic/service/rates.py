"""Courier rates with a cache per (origin, destination, weight, courier, service) and a TTL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.kit.uow import UnitOfWork
from api.logistic.biteship import BiteshipClient
from api.logistic.errors import NoRate
from api.logistic.models import ShippingRate
from api.logistic.schemas import RateOption, RateQuote


async def quote(
    uow: UnitOfWork,
    *,
    courier: BiteshipClient,
    origin_postal_code: str,
    destination_postal_code: str,
    weight_grams: int,
    couriers: str,
    now: datetime,
    ttl_seconds: int,
) -> RateQuote:
    """Rates for one parcel: from the cache while fresh, else from Biteship (then cached)."""
    wanted = set(couriers.split(","))
    cached = [
        rate
        for rate in await uow.session.scalars(
            select(ShippingRate).where(
                ShippingRate.origin_postal_code == origin_postal_code,
                ShippingRate.destination_postal_code == destination_postal_code,
                ShippingRate.weight_grams == weight_grams,
                ShippingRate.expires_at > now,
            )
        )
        if rate.courier in wanted
    ]
    hit = bool(cached)
    if hit:
        options = [_option(rate) for rate in cached]
    else:
        pricing = await courier.rates(
            origin_postal_code=origin_postal_code,
            destination_postal_code=destination_postal_code,
            weight_grams=weight_grams,
            couriers=couriers,
        )
        options = [
            RateOption(
                courier=p["courier_code"],
                service=p["courier_service_code"],
                service_name=p.get("courier_service_name") or p["courier_service_code"],
                service_type=p.get("service_type") or "regular",
                price=int(p["price"]),
                etd=p.get("duration"),
            )
            for p in pricing
        ]
        await _store(
            uow,
            options,
            origin_postal_code,
            destination_postal_code,
            weight_grams,
            now,
            ttl_seconds,
        )
    if not options:
        raise NoRate(
            f"No courier serves {origin_postal_code} → {destination_postal_code}",
            field="destination_postal_code",
        )
    options.sort(key=lambda o: (o.price, o.courier, o.service))
    regular = next((o for o in options if o.service_type == "regular"), None)
    return RateQuote(
        origin_postal_code=origin_postal_code,
        destination_postal_code=destination_postal_code,
        weight_grams=weight_grams,
        cheapest=options[0],
        regular=regular,
        options=options,
        rates=options,
        cached=hit,
    )


def _option(rate: ShippingRate) -> RateOption:
    return RateOption(
        courier=rate.courier,
        service=rate.service,
        service_name=rate.service_name,
        service_type=rate.service_type,
        price=rate.price,
        etd=rate.etd,
    )


async def _store(
    uow: UnitOfWork,
    options: list[RateOption],
    origin: str,
    destination: str,
    weight: int,
    now: datetime,
    ttl_seconds: int,
) -> None:
    if not options:
        return
    rows = [
        {
            "origin_postal_code": origin,
            "destination_postal_code": destination,
            "weight_grams": weight,
            **o.model_dump(),
            "fetched_at": now,
            "expires_at": now + timedelta(seconds=ttl_seconds),
        }
        for o in options
    ]
    statement = insert(ShippingRate).values(rows)
    # a refreshed price replaces the stale one (and a concurrent fetch does not fail)
    await uow.session.execute(
        statement.on_conflict_do_update(
            index_elements=[
                "origin_postal_code",
                "destination_postal_code",
                "weight_grams",
                "courier",
                "service",
            ],
            set_={
                "price": statement.excluded.price,
                "etd": statement.excluded.etd,
                "service_name": statement.excluded.service_name,
                "service_type": statement.excluded.service_type,
                "fetched_at": statement.excluded.fetched_at,
                "expires_at": statement.excluded.expires_at,
            },
        )
    )
