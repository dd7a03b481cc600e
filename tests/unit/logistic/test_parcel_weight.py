"""The parcel's weight comes from the order's items; the estimate is only for weightless events."""

from __future__ import annotations

from api.events import OrderCreated
from api.logistic.service.shipments import parcel_weight
from tests.integration.logistic.conftest import order_envelopes


def _created(quantity: int, weight_grams: int | None) -> OrderCreated:
    created, _ = order_envelopes(quantity, weight_grams)
    payload = OrderCreated.model_validate(created.payload)
    return payload


def test_parcel_weight_is_the_sum_of_unit_weights_times_quantities() -> None:
    assert parcel_weight(_created(3, 350)) == 1_050


def test_parcel_weight_is_unknown_when_an_item_has_no_weight() -> None:
    assert parcel_weight(_created(2, None)) is None
